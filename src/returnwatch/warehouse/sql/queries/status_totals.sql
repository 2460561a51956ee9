-- What the warehouse holds, in one row, for `returnwatch status`. unresolved_places counts
-- figures whose place the gazetteer could not name. quarantine_notes: of the quarantine
-- rows, those set aside on purpose and not rejections ($1: their check names, the list of
-- returnwatch/quarantine_notes.py), such as a DTM table's total row.
with figure_counts as (
    select count(*) as figures, count(*) filter (where area_id is null) as unresolved_places
    from figures
),
event_counts as (
    select
        count(*) as return_events,
        min(event_date) as first_event_date,
        max(event_date) as last_event_date
    from return_events
),
final as (
    select
        figure_counts.figures,
        event_counts.return_events,
        (select count(*) from quarantine) as quarantine_rows,
        (select count(*) from quarantine where list_contains($1, check_name)) as quarantine_notes,
        figure_counts.unresolved_places,
        (select count(*) from areas) as areas,
        event_counts.first_event_date,
        event_counts.last_event_date,
        (select max(published_date) from documents) as latest_published_date,
        (select count(*) from snapshots) as as_known_on_snapshots
    from figure_counts, event_counts
)
select * from final
