-- The analyst's overrides in force: all of them, or, while the session variable
-- `as_known_on` is set, those decided on or before that date.
create or replace view stg_overrides as
select *
from overrides
where decided_on is null
    or decided_on <= coalesce(getvariable('as_known_on'), date '9999-12-31');
