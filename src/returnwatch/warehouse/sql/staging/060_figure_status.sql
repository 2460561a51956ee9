-- Why each figure counts or not: the explanation behind every number in the marts.
create or replace view figure_status as
with covered_totals as (
    -- flow totals whose parts given beside them cover them (047)
    select event_id, n_parts from stg_event_parts where covers_total
),
status as (
    select
        figures.figure_id,
        figures.document_id,
        events.event_id,
        case
            -- not yet known, rejected, unresolved place, undated, superseded (058)
            when uncounted.figure_id is not null then uncounted.status
            when figures.paired_figure_id is not null and figures.unit = 'individuals'
                then 'paired with ' || figures.paired_figure_id
            when covered.event_id is not null
                then 'total of ' || covered.n_parts || ' parts given beside it'
            when aggregates.figure_id is not null
                then 'aggregate of ' || aggregates.n_parts || ' parts summing to ' || aggregates.parts_sum
            when events.event_id <> events.figure_id then 'duplicate of ' || events.event_id
            else 'event'
        end as status,
        known.override_notes
    from figures
    left join stg_figures as known using (figure_id)
    left join stg_uncounted_figures as uncounted using (figure_id)
    left join (
        select figure_id, coalesce(duplicate_of, figure_id) as event_id from stg_figure_events
    ) as events using (figure_id)
    left join stg_aggregate_figures as aggregates on aggregates.figure_id = events.event_id
    left join covered_totals as covered on covered.event_id = events.event_id
)
select * from status;
