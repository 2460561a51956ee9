-- The stocks at depth $depth of the busy areas numbered $first_area to $last_area, as in
-- 030, each with `before_*`: what the rest of its area's subtree had added by its day (020).
select
    stocks.rowid as event_no,
    stocks.area_no,
    stocks.day,
    cast(
        case stocks.qualifier when 'min' then 1 when 'max' then 2 else 0 end
        + case when stocks.households_value is null then 0 else 4 end
        + case when stocks.individuals_value is null then 0 else 8 end
        + stocks.overruled
        as utinyint
    ) as flags,
    coalesce(stocks.households_value, 0) as households_value,
    coalesce(stocks.individuals_value, 0) as individuals_value,
    coalesce(sums.households, 0) as before_households,
    coalesce(sums.individuals, 0) as before_individuals
from increment_items as stocks
asof left join stock_sums as sums
    on sums.area_no = stocks.area_no and sums.day <= stocks.day
where stocks.is_stock and stocks.depth = $depth
    and stocks.area_no between $first_area and $last_area and stocks.busy
order by stocks.area_no, stocks.day, stocks.day_rank;
