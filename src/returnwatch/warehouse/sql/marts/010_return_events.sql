-- Accepted, deduplicated returns with their place in the area hierarchy; households and
-- individuals side by side, one of them measured and the other converted unless both were reported.
create or replace view return_events as
with events as (
    select *
    from stg_events
    where event_id not in (select figure_id from stg_aggregate_figures)
),
final as (
    select
        events.event_id,
        events.figure_id,
        events.area_id,
        context.area_name,
        context.area_kind,
        context.parent_id,
        context.district_id,
        context.district_name,
        context.settlement,
        context.country,
        events.event_date,
        events.date_precision,
        events.figure_type,
        events.qualifier,
        events.quantity as reported_quantity,
        events.unit as reported_unit,
        events.households,
        events.individuals,
        events.households_is_estimate,
        events.individuals_is_estimate,
        events.household_size,
        events.n_sources,
        events.document_ids,
        events.announced_by,
        events.excerpt,
        events.stage,
        events.round_code,
        events.first_published
    from events
    join stg_area_context as context using (area_id)
)
select * from final
order by event_date, area_id, event_id;
