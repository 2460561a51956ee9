-- For the busy areas (010) holding stocks at depth $depth: what the rest of the area's
-- subtree (every event of it but the area's own stocks) added up to and including each
-- day something was added. Events are taken by date, flows before stocks on one day and
-- deeper areas before their parents, so on a stock's day the flows and the deeper stocks
-- of its subtree come before it and nothing else does: the total up to its day is what came
-- before it. Deeper stocks are settled already (increment_known); stocks of this depth or
-- above are not, and add nothing yet, as in the sequential rule. One row per area and day,
-- not per event.
create or replace temp table stock_sums as
with sums as (
    select
        closure.ancestor_no as area_no,
        known.day,
        sum(known.households) as households,
        sum(known.individuals) as individuals
    from increment_known as known
    join increment_closure_all as closure on closure.area_no = known.area_no
    where closure.ancestor_no in (
        select area_no from increment_items
        where is_stock and depth = $depth
            and area_no in (select area_no from increment_busy_areas)
    )
    group by closure.ancestor_no, known.day
)
select
    area_no,
    day,
    cast(coalesce(sum(households) over running, 0) as bigint) as households,
    cast(coalesce(sum(individuals) over running, 0) as bigint) as individuals
from sums
window running as (
    partition by area_no
    order by day
    rows between unbounded preceding and current row
);
