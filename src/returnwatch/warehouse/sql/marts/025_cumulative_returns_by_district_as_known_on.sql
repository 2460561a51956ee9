-- cumulative_returns_by_district as it stood on `known_date` (see
-- cumulative_returns_by_area_as_known_on), for the areas the gazetteer calls districts. It
-- reads the area macro's unsorted rows, so only the districts' rows are sorted.
create or replace macro cumulative_returns_by_district_as_known_on(known_date) as table
with final as (
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
    from stg_cumulative_returns_by_area_as_known_on(known_date)
    where area_kind = 'district'
)
select * from final
order by district_id, date;
