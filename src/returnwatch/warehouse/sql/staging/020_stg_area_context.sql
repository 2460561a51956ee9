-- Each area with the district and settlement it lies in and its depth below the country.
create or replace table stg_area_context as
with lineage as (
    select closure.area_id, ancestor.area_id as ancestor_id, ancestor.name, ancestor.kind, closure.depth
    from stg_area_closure as closure
    join areas as ancestor on ancestor.area_id = closure.ancestor_id
),
nearest as (
    select
        area_id,
        arg_min(ancestor_id, depth) filter (where kind = 'district') as district_id,
        arg_min(name, depth) filter (where kind = 'district') as district_name,
        arg_min(name, depth) filter (where kind = 'settlement') as settlement,
        max(depth) as depth
    from lineage
    group by area_id
),
final as (
    select
        areas.area_id,
        areas.name as area_name,
        areas.kind as area_kind,
        areas.parent_id,
        areas.country,
        nearest.district_id,
        nearest.district_name,
        nearest.settlement,
        nearest.depth
    from areas
    join nearest using (area_id)
)
select * from final;
