-- cumulative_returns_by_area as it stood when only what was known on `known_date` had been
-- published: the snapshot of event increments with the greatest known date (table snapshots)
-- not after it (computed by stg_cumulative_returns_by_area_as_known_on).
-- Usage: select * from cumulative_returns_by_area_as_known_on(date '2017-02-13');
-- Areas are numbered in the order of their ids: the rows come sorted by area id and date.
create or replace macro cumulative_returns_by_area_as_known_on(known_date) as table
select * exclude (area_no)
from stg_cumulative_returns_by_area_as_known_on(known_date)
order by area_no, date;
