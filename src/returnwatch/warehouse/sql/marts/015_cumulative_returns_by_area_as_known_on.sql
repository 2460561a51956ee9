-- cumulative_returns_by_area as it stood when only what was known on `known_date` had been
-- published: the snapshot of event increments with the greatest known date (table snapshots)
-- not after it.
-- Usage: select * from cumulative_returns_by_area_as_known_on(date '2017-02-13');
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
final as (
    select
        context.area_id,
        context.area_name,
        context.area_kind,
        context.parent_id,
        context.district_id,
        context.settlement,
        context.country,
        contributions.date,
        contributions.households,
        contributions.individuals,
        cast(sum(contributions.households) over running as bigint) as cumulative_households,
        cast(sum(contributions.individuals) over running as bigint) as cumulative_individuals
    from contributions
    join stg_area_context as context using (area_id)
    window running as (
        partition by contributions.area_id
        order by contributions.date
        rows between unbounded preceding and current row
    )
)
select * from final
order by area_id, date;
