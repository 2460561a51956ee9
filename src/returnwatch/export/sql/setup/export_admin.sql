-- Each area with the admin1 and admin2 (COD-AB) areas it lies in or is; a temporary view
-- of the export's read-only connection.
create or replace temp view export_admin as
with lineage as (
    select closure.area_id, ancestor.admin_level, ancestor.pcode, ancestor.name
    from stg_area_closure as closure
    join areas as ancestor on ancestor.area_id = closure.ancestor_id
),
final as (
    select
        area_id,
        max(pcode) filter (where admin_level = 1) as admin1_pcode,
        max(name) filter (where admin_level = 1) as admin1_name,
        max(pcode) filter (where admin_level = 2) as admin2_pcode,
        max(name) filter (where admin_level = 2) as admin2_name
    from lineage
    group by area_id
)
select * from final;
