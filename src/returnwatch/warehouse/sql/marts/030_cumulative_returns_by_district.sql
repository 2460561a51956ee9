-- cumulative_returns_by_area for the areas the gazetteer calls districts.
create or replace view cumulative_returns_by_district as
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
    from cumulative_returns_by_area
    where area_kind = 'district'
)
select * from final
order by district_id, date;
