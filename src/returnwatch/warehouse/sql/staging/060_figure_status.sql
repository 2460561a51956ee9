-- Why each figure counts or not: the explanation behind every number in the marts.
create or replace view figure_status as
with status as (
    select
        figures.figure_id,
        figures.document_id,
        events.event_id,
        case
            when figures.area_id is null then 'unresolved place'
            when figures.event_date is null then 'undated'
            when figures.paired_figure_id is not null and figures.unit = 'individuals'
                then 'paired with ' || figures.paired_figure_id
            when aggregates.figure_id is not null
                then 'aggregate of ' || aggregates.n_parts || ' parts summing to ' || aggregates.parts_sum
            when events.event_id <> events.figure_id then 'duplicate of ' || events.event_id
            else 'event'
        end as status
    from figures
    left join stg_figure_events as events using (figure_id)
    left join stg_aggregate_figures as aggregates using (figure_id)
)
select * from status;
