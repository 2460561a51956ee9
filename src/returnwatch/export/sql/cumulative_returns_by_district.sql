select
    by_district.country,
    admin.admin1_pcode,
    admin.admin1_name,
    admin.admin2_pcode,
    admin.admin2_name,
    by_district.district_id,
    by_district.district_name,
    areas.name_ar as district_name_ar,
    by_district.settlement,
    by_district.date,
    by_district.households,
    by_district.individuals,
    by_district.cumulative_households,
    by_district.cumulative_individuals
from cumulative_returns_by_district as by_district
left join export_admin as admin on admin.area_id = by_district.district_id
left join areas on areas.area_id = by_district.district_id
order by by_district.country, by_district.settlement, by_district.district_id, by_district.date
