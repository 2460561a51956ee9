-- The rows of cumulative_returns_by_area_as_known_on(known_date), unsorted, each with its
-- area's number (stg_area_context.area_no: areas numbered in id order). Each reader sorts
-- once, and only what it keeps: that macro and latest/010 (which stores today's rows) by
-- area_no and date, cumulative_returns_by_district_as_known_on its districts' rows.
-- The snapshot is the one of event increments with the greatest known date (table
-- snapshots) not after known_date. The sums and the running window work on narrow rows over
-- area numbers; the area's names are joined last.
create or replace macro stg_cumulative_returns_by_area_as_known_on(known_date) as table
with snapshot as (
    select area_id, event_date, households, individuals
    from event_increments
    where known_on = (
        select max(known_on) from snapshots where known_on <= cast(known_date as date)
    )
),
closure as (
    select closure.area_id, ancestor.area_no as ancestor_no
    from stg_area_closure as closure
    join stg_area_context as ancestor on ancestor.area_id = closure.ancestor_id
),
contributions as (
    select
        closure.ancestor_no as area_no,
        snapshot.event_date as date,
        cast(sum(snapshot.households) as bigint) as households,
        cast(sum(snapshot.individuals) as bigint) as individuals
    from snapshot
    join closure on closure.area_id = snapshot.area_id
    group by closure.ancestor_no, snapshot.event_date
),
running as (
    select
        *,
        cast(sum(households) over running as bigint) as cumulative_households,
        cast(sum(individuals) over running as bigint) as cumulative_individuals
    from contributions
    window running as (
        partition by area_no
        order by date
        rows between unbounded preceding and current row
    )
)
select
    running.area_no,
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
join stg_area_context as context using (area_no);
