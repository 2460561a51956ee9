-- Accepted, deduplicated, corrected returns with their place in the area hierarchy; households and
-- individuals side by side, one of them measured and the other converted unless both were reported.
-- Stored as a table, in the view's order: the increments, checks and exports all read it.
-- The last columns (the admin areas, the Arabic name and each event's sources) are only
-- for the return_events export, which then reads this one table in its stored order and
-- needs no join and no sort of its own (the view leaves them out).
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
sources as (
    -- sources are aggregated once per distinct list of documents, not once per event:
    -- events share a handful of lists (a 1M-figure document gives 1M events with one)
    select
        links.document_ids,
        string_agg(documents.publisher, ' | ' order by documents.published_date, documents.document_id) as source_publishers,
        string_agg(documents.title, ' | ' order by documents.published_date, documents.document_id) as source_titles,
        string_agg(documents.url, ' | ' order by documents.published_date, documents.document_id) as source_urls
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
    group by links.document_ids
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
        events.household_size_source,
        events.n_parts,
        events.parts_households,
        events.parts_individuals,
        events.part_event_ids,
        events.n_sources,
        events.document_ids,
        events.figure_ids,
        events.corrects_quantity,
        events.supersedes,
        events.override_notes,
        events.announced_by,
        events.excerpt,
        events.stage,
        events.round_code,
        events.first_published,
        context.admin1_pcode,
        context.admin2_pcode,
        context.admin2_name,
        context.area_name_ar,
        sources.source_publishers,
        sources.source_titles,
        sources.source_urls
    from events
    join stg_area_context as context using (area_id)
    left join sources on sources.document_ids = events.document_ids
)
select * from final
order by event_date, area_id, event_id;
