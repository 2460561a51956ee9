-- Today's cumulative_returns_by_district, stored once per derive, sorted by district and
-- date: `where district_id = ?` reads only the row groups of that district. Taken from the
-- stored area table as cumulative_returns_by_district_as_known_on takes it from its area
-- macro (same columns), so today's totals are computed once.
create or replace table stg_cumulative_returns_by_district as
select
    area_id as district_id,
    area_name as district_name,
    settlement,
    country,
    date,
    households,
    individuals,
    cumulative_households,
    cumulative_individuals
from stg_cumulative_returns_by_area
where area_kind = 'district'
order by district_id, date;
