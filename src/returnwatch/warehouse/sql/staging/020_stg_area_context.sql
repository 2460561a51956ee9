-- Each area with the district and settlement it lies in, its depth below the country, its
-- Arabic name and the admin1 and admin2 (COD-AB) areas it lies in or is (the exports show them).
-- area_no numbers the areas in id order: stg_return_events stores it, and the return_events
-- export looks the admin areas and Arabic name up by it (export/sql/setup/return_events_lookups.sql).
create or replace table stg_area_context as
with lineage as (
    select
        closure.area_id, ancestor.area_id as ancestor_id, ancestor.name, ancestor.kind, closure.depth,
        ancestor.admin_level, ancestor.pcode
    from stg_area_closure as closure
    join areas as ancestor on ancestor.area_id = closure.ancestor_id
),
nearest as (
    select
        area_id,
        arg_min(ancestor_id, depth) filter (where kind = 'district') as district_id,
        arg_min(name, depth) filter (where kind = 'district') as district_name,
        arg_min(name, depth) filter (where kind = 'settlement') as settlement,
        max(depth) as depth,
        max(pcode) filter (where admin_level = 1) as admin1_pcode,
        max(name) filter (where admin_level = 1) as admin1_name,
        max(pcode) filter (where admin_level = 2) as admin2_pcode,
        max(name) filter (where admin_level = 2) as admin2_name
    from lineage
    group by area_id
),
final as (
    select
        areas.area_id,
        row_number() over (order by areas.area_id)::integer as area_no,
        areas.name as area_name,
        areas.kind as area_kind,
        areas.parent_id,
        areas.country,
        nearest.district_id,
        nearest.district_name,
        nearest.settlement,
        nearest.depth,
        areas.name_ar as area_name_ar,
        nearest.admin1_pcode,
        nearest.admin1_name,
        nearest.admin2_pcode,
        nearest.admin2_name
    from areas
    join nearest using (area_id)
)
select * from final;
