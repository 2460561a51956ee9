-- The latest cumulative returns of every district, for the run summary.
select district_id, district_name, settlement, date as as_of, cumulative_households, cumulative_individuals
from cumulative_returns_by_district
qualify row_number() over (partition by district_id order by date desc) = 1
order by settlement, district_name
