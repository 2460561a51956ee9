-- One table read in its stored order (date, area, event: staging/080_stg_return_events.sql
-- stores it sorted, with the numbers of the admin areas, Arabic names and sources this
-- export adds, looked up in lists: setup/return_events_lookups.sql), so DuckDB keeps the
-- rows in that order (a single-table scan and COPY preserve insertion order) and the
-- export sorts nothing: sorting a million wide rows was half of its time.
-- No final `order by`: the stored order is this export's order.
select
    events.event_id,
    events.event_date,
    events.date_precision,
    events.country,
    getvariable('return_events_areas').admin1_pcode[events.area_no] as admin1_pcode,
    getvariable('return_events_areas').admin2_pcode[events.area_no] as admin2_pcode,
    getvariable('return_events_areas').admin2_name[events.area_no] as admin2_name,
    events.area_id,
    events.area_name,
    getvariable('return_events_areas').area_name_ar[events.area_no] as area_name_ar,
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
    getvariable('return_events_sources').source_publishers[events.source_no] as source_publishers,
    getvariable('return_events_sources').source_titles[events.source_no] as source_titles,
    getvariable('return_events_sources').source_urls[events.source_no] as source_urls,
    -- almost every event has one document: its id as it is, without sorting a 1-list
    case
        when len(events.document_ids) = 1 and events.document_ids[1] is not null
            then events.document_ids[1]
        else array_to_string(list_sort(events.document_ids), ';')
    end as document_ids
from stg_return_events as events
