-- One row per area and date on which its total changed: what that date added
-- (`households`, `individuals`; negative where a stock lowered the total) and the
-- running totals. An area's total takes in every area below it.
create or replace view cumulative_returns_by_area as
with contributions as (
    select
        closure.ancestor_id as area_id,
        increments.event_date as date,
        cast(sum(increments.households) as bigint) as households,
        cast(sum(increments.individuals) as bigint) as individuals
    from event_increments as increments
    join stg_area_closure as closure on closure.area_id = increments.area_id
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
