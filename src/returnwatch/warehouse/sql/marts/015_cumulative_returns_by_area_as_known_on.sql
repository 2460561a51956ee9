-- cumulative_returns_by_area as it stood when only what was known on `known_date` had been
-- published: the snapshot of event increments with the greatest known date (table snapshots)
-- not after it.
-- Usage: select * from cumulative_returns_by_area_as_known_on(date '2017-02-13');
-- The running totals are summed over the narrow rows (area, date, counts) before the
-- area's names are joined: the window sorted the wide rows before.
create or replace macro cumulative_returns_by_area_as_known_on(known_date) as table
with snapshot as (
    select *
    from event_increments
    where known_on = (
        select max(known_on) from snapshots where known_on <= cast(known_date as date)
    )
),
contributions as (
    select
        closure.ancestor_id as area_id,
        snapshot.event_date as date,
        cast(sum(snapshot.households) as bigint) as households,
        cast(sum(snapshot.individuals) as bigint) as individuals
    from snapshot
    join stg_area_closure as closure on closure.area_id = snapshot.area_id
    group by all
),
running as (
    select
        *,
        cast(sum(households) over running as bigint) as cumulative_households,
        cast(sum(individuals) over running as bigint) as cumulative_individuals
    from contributions
    window running as (
        partition by area_id
        order by date
        rows between unbounded preceding and current row
    )
),
final as (
    select
        context.area_id,
        context.area_name,
        context.area_kind,
        context.parent_id,
        context.district_id,
        context.settlement,
        context.country,
        running.date,
        running.households,
        running.individuals,
        running.cumulative_households,
        running.cumulative_individuals
    from running
    join stg_area_context as context using (area_id)
)
select * from final
order by area_id, date;
