-- cumulative_returns_by_area for the areas the gazetteer calls districts (today's
-- snapshot of cumulative_returns_by_district_as_known_on, stored by each derive
-- in the order district_id, date).
create or replace view cumulative_returns_by_district as
select * from stg_cumulative_returns_by_district;
