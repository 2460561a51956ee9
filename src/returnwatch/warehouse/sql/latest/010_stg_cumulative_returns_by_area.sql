-- Today's cumulative_returns_by_area, stored once per derive (sorted by area and date, so a
-- query for one area reads few row groups) instead of computed by every query.
create or replace table stg_cumulative_returns_by_area as
select * from cumulative_returns_by_area_as_known_on(date '9999-12-31')
order by area_id, date;
