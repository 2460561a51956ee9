select * from cumulative_returns_by_district
order by country, settlement, district_id, date
