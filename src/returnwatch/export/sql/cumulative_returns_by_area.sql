select * from cumulative_returns_by_area
order by country, area_id, date
