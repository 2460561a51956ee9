-- Today's cumulative_returns_by_area, stored once per derive (sorted by area and date, so a
-- query for one area reads few row groups) instead of computed by every query.
-- The rows of cumulative_returns_by_area_as_known_on(date '9999-12-31') (marts/015), in its
-- order (tests/test_warehouse_latest.py holds the two to each other), computed here over
-- numbered areas: the sums, the running window and the one sort work on integers, and the
-- rows are sorted once (reading the macro sorted them twice: the macro's own order by, and
-- this table's, which alone promises the stored order). Areas are numbered in the order of
-- their ids, so sorting by number sorts by id.
create or replace table stg_cumulative_returns_by_area as
with areas as (
    select area_id, row_number() over (order by area_id) as area_no
    from (select distinct area_id from stg_area_closure)
),
closure as (
    select closure.area_id, ancestor.area_no as ancestor_no
    from stg_area_closure as closure
    join areas as ancestor on ancestor.area_id = closure.ancestor_id
),
snapshot as (
    select area_id, event_date, households, individuals
    from event_increments
    where known_on = (
        select max(known_on) from snapshots where known_on <= date '9999-12-31'
    )
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
join areas using (area_no)
join stg_area_context as context using (area_id)
order by running.area_no, running.date;
