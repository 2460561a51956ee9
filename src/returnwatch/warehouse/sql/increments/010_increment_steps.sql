-- Every event of `increment_events` in processing order, with what it adds: a flow its
-- quantity less its parts given beside it (never below 0); a stock nothing yet (its step
-- needs the totals below it, filled in depth by depth, deepest first: see increments.py).
create or replace temp table increment_steps as
with closure as (
    select area_id, ancestor_id, depth from increment_closure
    union
    select distinct area_id, area_id, 0 from increment_events
),
depths as (
    select area_id, max(depth) as depth from closure group by area_id
),
final as (
    select
        events.event_id,
        events.area_id,
        cast(events.event_date as date) as event_date,
        events.figure_type = 'stock' as is_stock,
        depths.depth,
        events.qualifier,
        cast(events.households as bigint) as households_value,
        cast(events.individuals as bigint) as individuals_value,
        case when events.figure_type <> 'stock' and events.households is not null then greatest(
            cast(events.households as bigint) - coalesce(cast(events.parts_households as bigint), 0), 0
        ) end as households,
        case when events.figure_type <> 'stock' and events.individuals is not null then greatest(
            cast(events.individuals as bigint) - coalesce(cast(events.parts_individuals as bigint), 0), 0
        ) end as individuals
    from increment_events as events
    join depths using (area_id)
)
select * from final;

create or replace temp table increment_closure_all as
select area_id, ancestor_id from increment_closure
union
select distinct area_id, area_id from increment_events;
