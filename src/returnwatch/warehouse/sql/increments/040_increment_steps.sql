-- What each event adds: a flow's step (010), a stock's settled one (increments.py).
create or replace temp table increment_steps as
select
    items.event_id,
    items.area_id,
    items.event_date,
    items.is_stock,
    items.depth,
    items.day_rank,
    coalesce(settled.households, items.households) as households,
    coalesce(settled.individuals, items.individuals) as individuals
from increment_items as items
left join increment_settled as settled on settled.event_no = items.rowid;

drop table increment_areas;
drop table increment_closure_all;
drop table increment_items;
drop table increment_busy_areas;
drop table increment_stock_days;
drop table increment_same_day_stocks;
drop table increment_known;
drop table increment_settled;
drop table if exists stock_sums;
