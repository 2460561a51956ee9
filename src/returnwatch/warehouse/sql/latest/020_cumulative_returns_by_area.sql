-- One row per area and date on which its total changed: what that date added
-- (`households`, `individuals`; negative where a stock lowered the total) and the
-- running totals. An area's total takes in every area below it. This is today's
-- snapshot of cumulative_returns_by_area_as_known_on, stored by each derive
-- in the order area_id, date.
create or replace view cumulative_returns_by_area as
select * from stg_cumulative_returns_by_area;
