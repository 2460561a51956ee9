select
    by_area.country,
    admin.admin1_pcode,
    admin.admin1_name,
    admin.admin2_pcode,
    admin.admin2_name,
    by_area.area_id,
    by_area.area_name,
    areas.name_ar as area_name_ar,
    by_area.area_kind,
    by_area.parent_id,
    by_area.settlement,
    by_area.district_id,
    by_area.date,
    by_area.households,
    by_area.individuals,
    by_area.cumulative_households,
    by_area.cumulative_individuals
from cumulative_returns_by_area as by_area
left join export_admin as admin using (area_id)
left join areas using (area_id)
order by by_area.country, by_area.area_id, by_area.date
