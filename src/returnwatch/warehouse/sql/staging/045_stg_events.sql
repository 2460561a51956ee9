-- One row per return event: the named figure's place and wording, the earliest date
-- among its reports of the finest date precision (a report saying "earlier this month"
-- does not move a return dated 4 March to 1 March), every document and figure that reports it, the figures its
-- reports correct, and the analyst's overrides that touched it. Most events are told by one
-- figure: those are taken as they are, and only events of several figures are aggregated.
create or replace table stg_events as
with shared as (
    select event_id from stg_figure_events group by event_id having count(*) > 1
),
members as (
    select
        event_id,
        arg_min(
            event_date,
            (
                case date_precision when 'day' then 0 when 'week' then 1 when 'month' then 2 else 3 end,
                event_date
            )
        ) as event_date,
        count(distinct document_id) as n_sources,
        list(distinct document_id order by document_id) as document_ids,
        list(figure_id order by figure_id) as figure_ids,
        list_sort(flatten(list(supersedes) filter (where supersedes is not null))) as supersedes,
        string_agg(distinct override_notes, '; ' order by override_notes) as override_notes,
        min(published_date) as first_published
    from stg_figure_events
    where event_id in (select event_id from shared)
    group by event_id
),
told_once as (
    select
        named.* exclude (event_date, supersedes, override_notes),
        named.event_date,
        cast(1 as bigint) as n_sources,
        [named.document_id] as document_ids,
        [named.figure_id] as figure_ids,
        list_sort(named.supersedes) as supersedes,
        named.override_notes,
        named.published_date as first_published
    from stg_figure_events as named
    where named.event_id not in (select event_id from shared)
),
final as (
    select
        named.* exclude (event_date, supersedes, override_notes),
        members.* exclude (event_id)
    from stg_figure_events as named
    join members using (event_id)
    where named.figure_id = named.event_id
    union all by name
    select * from told_once
)
select * from final;
