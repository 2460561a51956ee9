-- The stocks at depth $depth of the areas numbered $first_area to $last_area that are not
-- busy (010: nothing in their subtree but their own stocks, so nothing before any of them),
-- in the order they are walked: by area, then date, then event id. The walk in
-- increments.py reads numbers only (no event or area ids in Python: millions of strings at
-- scale). `flags`: 1 a minimum, 2 a maximum, 4 has households, 8 has individuals.
select
    rowid as event_no,
    area_no,
    day,
    cast(
        case qualifier when 'min' then 1 when 'max' then 2 else 0 end
        + case when households_value is null then 0 else 4 end
        + case when individuals_value is null then 0 else 8 end
        as utinyint
    ) as flags,
    coalesce(households_value, 0) as households_value,
    coalesce(individuals_value, 0) as individuals_value
from increment_items
where is_stock and depth = $depth and area_no between $first_area and $last_area and not busy
order by area_no, day, event_id;
