-- Sources are aggregated once per distinct list of documents, not once per event: events
-- share a handful of lists (a 1M-figure document gives 1M events with the same one), and an
-- ordered string_agg per event cost ~20 s of CPU at 1M events.
with lists as (
    select document_ids, array_to_string(list_sort(document_ids), ';') as listed_ids
    from (select distinct document_ids from return_events)
),
links as (
    select document_ids, unnest(document_ids) as document_id
    from lists
),
sources as (
    select
        links.document_ids,
        string_agg(documents.publisher, ' | ' order by documents.published_date, documents.document_id) as source_publishers,
        string_agg(documents.title, ' | ' order by documents.published_date, documents.document_id) as source_titles,
        string_agg(documents.url, ' | ' order by documents.published_date, documents.document_id) as source_urls
    from links
    join documents using (document_id)
    group by links.document_ids
)
select
    events.event_id,
    events.event_date,
    events.date_precision,
    events.country,
    admin.admin1_pcode,
    admin.admin2_pcode,
    admin.admin2_name,
    events.area_id,
    events.area_name,
    areas.name_ar as area_name_ar,
    events.area_kind,
    events.district_id,
    events.district_name,
    events.settlement,
    events.figure_type,
    events.qualifier,
    events.reported_quantity,
    events.reported_unit,
    events.households,
    events.individuals,
    events.households_is_estimate,
    events.individuals_is_estimate,
    events.household_size,
    events.n_sources,
    events.announced_by,
    events.excerpt,
    events.stage,
    events.round_code,
    events.first_published,
    sources.source_publishers,
    sources.source_titles,
    sources.source_urls,
    lists.listed_ids as document_ids
from return_events as events
left join lists on lists.document_ids = events.document_ids
left join sources on sources.document_ids = events.document_ids
left join export_admin as admin using (area_id)
left join areas using (area_id)
order by events.event_date, events.area_id, events.event_id
