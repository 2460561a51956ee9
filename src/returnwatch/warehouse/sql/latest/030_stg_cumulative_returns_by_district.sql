-- Today's cumulative_returns_by_district, stored once per derive, sorted by district and
-- date: `where district_id = ?` reads only the row groups of that district.
create or replace table stg_cumulative_returns_by_district as
select * from cumulative_returns_by_district_as_known_on(date '9999-12-31')
order by district_id, date;
