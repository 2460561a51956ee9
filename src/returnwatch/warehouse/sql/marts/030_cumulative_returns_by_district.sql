-- cumulative_returns_by_area for the areas the gazetteer calls districts (today's
-- snapshot of cumulative_returns_by_district_as_known_on).
create or replace view cumulative_returns_by_district as
select * from cumulative_returns_by_district_as_known_on(date '9999-12-31');
