-- The stocks of the areas at depth $depth, each with what the events of its area's
-- subtree added before it (its own area's stocks left out): `before_*`. Steps of deeper
-- stocks are already in increment_steps. `position` numbers the rows in processing order
-- within each area, areas one after another; `area_start` marks each area's first row, so
-- the walk in increments.py reads numbers only (no event or area ids in Python: millions of
-- strings at scale).
create or replace temp table stock_positions as
with stock_areas as (
    select distinct area_id from increment_steps where is_stock and depth = $depth
),
busy_areas as (
    -- the stock areas whose subtree holds anything besides their own stocks (a flow, or an
    -- event of an area below): only their rows need the running sums. A leaf area with
    -- only stocks (most areas of a DTM round) has nothing before its stocks: 0. Found from
    -- the distinct areas and kinds of events, a few thousand rows at most.
    select distinct closure.ancestor_id as area_id
    from (select distinct area_id, is_stock from increment_steps) as kinds
    join increment_closure_all as closure on closure.area_id = kinds.area_id
    where closure.ancestor_id in (select area_id from stock_areas)
        and not (kinds.is_stock and kinds.area_id = closure.ancestor_id)
),
items as (
    select
        closure.ancestor_id as area_id,
        steps.event_date,
        steps.is_stock,
        steps.depth,
        steps.event_id,
        false as own_stock,
        steps.households,
        steps.individuals,
        null::varchar as qualifier,
        null::bigint as households_value,
        null::bigint as individuals_value
    from increment_steps as steps
    join increment_closure_all as closure on closure.area_id = steps.area_id
    where closure.ancestor_id in (select area_id from busy_areas)
        and not (steps.is_stock and steps.area_id = closure.ancestor_id)
    union all
    -- the stocks themselves carry what the walk reads (no join back to increment_steps)
    select
        area_id, event_date, is_stock, depth, event_id, true, null, null,
        qualifier, households_value, individuals_value
    from increment_steps
    where is_stock and depth = $depth and area_id in (select area_id from busy_areas)
),
running as (
    select
        *,
        coalesce(sum(households) over running, 0) as before_households,
        coalesce(sum(individuals) over running, 0) as before_individuals
    from items
    window running as (
        partition by area_id
        order by event_date, is_stock, depth desc, event_id
        rows between unbounded preceding and 1 preceding
    )
),
own_stocks as (
    select
        area_id, event_date, event_id, qualifier, households_value, individuals_value,
        before_households, before_individuals
    from running
    where own_stock
    union all
    select
        area_id, event_date, event_id, qualifier, households_value, individuals_value,
        cast(0 as hugeint), cast(0 as hugeint)
    from increment_steps
    where is_stock and depth = $depth and area_id not in (select area_id from busy_areas)
),
final as (
    select
        row_number() over area_order as position,
        running.area_id is distinct from lag(running.area_id) over area_order as area_start,
        running.event_id,
        coalesce(running.qualifier = 'min', false) as is_min,
        coalesce(running.qualifier = 'max', false) as is_max,
        running.households_value is not null as has_households,
        coalesce(running.households_value, 0) as households_value,
        running.before_households,
        running.individuals_value is not null as has_individuals,
        coalesce(running.individuals_value, 0) as individuals_value,
        running.before_individuals
    from own_stocks as running
    window area_order as (order by running.area_id, running.event_date, running.event_id)
)
select * from final;
