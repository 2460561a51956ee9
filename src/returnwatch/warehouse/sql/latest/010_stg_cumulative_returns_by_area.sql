-- Today's cumulative_returns_by_area, stored once per derive (sorted by area and date, so a
-- query for one area reads few row groups) instead of computed by every query: the rows of
-- cumulative_returns_by_area_as_known_on(date '9999-12-31'), in its order
-- (tests/test_warehouse_latest.py holds the two to each other). It reads the unsorted rows
-- that macro sorts, not the macro: only this statement's own order by promises the stored
-- order, and reading the sorted macro would sort the rows twice.
create or replace table stg_cumulative_returns_by_area as
select * exclude (area_no)
from stg_cumulative_returns_by_area_as_known_on(date '9999-12-31')
order by area_no, date;
