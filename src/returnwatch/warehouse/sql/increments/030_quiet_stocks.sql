-- The stocks at depth $depth of the areas numbered $first_area to $last_area that are not
-- busy (010: nothing in their subtree but their own stocks, so nothing before any of them),
-- in the order they are walked: by area, then date, then their rank among the stocks of
-- that area and day (010: the one known last is taken last). The walk in increments.py
-- reads numbers only (no event or area ids in Python: millions of strings at scale).
-- `flags`: 1 a minimum, 2 a maximum, 4 has households, 8 has individuals, 16 its households
-- overruled, 32 its individuals overruled (010: another stock of its day sets them).
select
    rowid as event_no,
    area_no,
    day,
    cast(
        case qualifier when 'min' then 1 when 'max' then 2 else 0 end
        + case when households_value is null then 0 else 4 end
        + case when individuals_value is null then 0 else 8 end
        + overruled
        as utinyint
    ) as flags,
    coalesce(households_value, 0) as households_value,
    coalesce(individuals_value, 0) as individuals_value
from increment_items
where is_stock and depth = $depth and area_no between $first_area and $last_area and not busy
order by area_no, day, day_rank;
