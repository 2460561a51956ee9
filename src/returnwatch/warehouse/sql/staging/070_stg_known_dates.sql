-- Every date on which something that moves the series became known: the published date
-- (or load date) of a document with figures, or the decision date of an override.
create or replace view stg_known_dates as
select distinct coalesce(published_date, cast(loaded_at as date)) as known_on
from documents
where document_id in (select document_id from figures)
union
select decided_on from overrides where decided_on is not null;
