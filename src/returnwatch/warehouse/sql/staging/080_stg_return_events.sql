-- Accepted, deduplicated, corrected returns with their place in the area hierarchy; households and
-- individuals side by side, one of them measured and the other converted unless both were reported.
-- Stored as a table, in the view's order: the increments, checks and exports all read it.
--
-- Sorting and writing the wide rows is most of the derive's largest statement, so the table
-- stores no column it can do without (docs/speed.md, "Sixth round"):
-- - no figure_id: an event is named after its figure, so it is the event_id (the view
--   return_events shows it under both names);
-- - member_figure_ids only for events of several figures (null for the others, whose
--   figure_ids is [event_id]: the view builds it);
-- - the return_events export's own columns (admin areas, Arabic name, each event's sources)
--   as two numbers, area_no (stg_area_context) and source_no (stg_event_sources), which
--   the export looks up (export/sql/setup/return_events_lookups.sql) without a join, so it
--   still reads this one table in its stored order and sorts nothing.

-- Each distinct list of documents an event can have, with its sources: numbered, so the
-- events store a number; events share a handful of lists (a 1M-figure document gives 1M
-- events with one), so they are aggregated once per list, not once per event.
-- last_known_on: the latest date one of the documents became known (published, else
-- loaded); of two sources' stocks of one area and day, the one known last sets the total
-- (increments/010 reads it through the event's source_no: snapshots.py).
create or replace table stg_event_sources as
select
    row_number() over (order by links.document_ids)::integer as source_no,
    links.document_ids,
    string_agg(documents.publisher, ' | ' order by documents.published_date, documents.document_id) as source_publishers,
    string_agg(documents.title, ' | ' order by documents.published_date, documents.document_id) as source_titles,
    string_agg(documents.url, ' | ' order by documents.published_date, documents.document_id) as source_urls,
    max(coalesce(documents.published_date, cast(documents.loaded_at as date))) as last_known_on
from (
    -- every list an event can have: its members' documents, or its one document
    select document_ids, unnest(document_ids) as document_id
    from (
        select document_ids from stg_event_members
        union
        select [document_id] from documents
    )
) as links
join documents using (document_id)
group by links.document_ids;

create or replace table stg_return_events as
with events as (
    -- a total is not an extra return: not where parts from other reports add up to it,
    -- nor a flow whose parts given beside it cover it (a partial one counts its remainder)
    -- (the wide columns come from stg_event_details, computed here: see 045)
    select details.*, parts.n_parts, parts.parts_households, parts.parts_individuals, parts.part_event_ids
    from stg_event_details as details
    left join stg_event_parts as parts using (event_id)
    where event_id not in (select figure_id from stg_aggregate_figures)
        and not coalesce(
            details.figure_type = 'flow'
            and case details.unit
                when 'households' then parts.parts_households >= details.households
                else parts.parts_individuals >= details.individuals
            end,
            false
        )
),
final as (
    select
        events.event_id,
        events.area_id,
        context.area_no,
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
        events.household_size_source,
        events.n_parts,
        events.parts_households,
        events.parts_individuals,
        events.part_event_ids,
        events.n_sources,
        events.document_ids,
        case when len(events.figure_ids) > 1 then events.figure_ids end as member_figure_ids,
        events.corrects_quantity,
        events.supersedes,
        events.override_notes,
        events.announced_by,
        events.excerpt,
        events.stage,
        events.round_code,
        events.first_published,
        sources.source_no
    from events
    join stg_area_context as context using (area_id)
    left join stg_event_sources as sources on sources.document_ids = events.document_ids
)
select * from final
order by event_date, area_id, event_id;
