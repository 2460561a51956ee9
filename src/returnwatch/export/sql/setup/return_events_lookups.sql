-- The return_events export's own columns, looked up by the numbers stg_return_events stores
-- (staging/080_stg_return_events.sql): each area's admin areas and Arabic name by area_no
-- (stg_area_context), each event's sources by source_no (stg_event_sources). Lists in
-- session variables of the export's read-only connection, indexed by the number: the export
-- stays a single-table select, which keeps the table's stored order (a join would not
-- promise it, and sorting a million wide rows was half the export's time).
set variable return_events_areas = (
    select {
        admin1_pcode: list(admin1_pcode order by area_no),
        admin2_pcode: list(admin2_pcode order by area_no),
        admin2_name: list(admin2_name order by area_no),
        area_name_ar: list(area_name_ar order by area_no)
    }
    from stg_area_context
);
set variable return_events_sources = (
    select {
        source_publishers: list(source_publishers order by source_no),
        source_titles: list(source_titles order by source_no),
        source_urls: list(source_urls order by source_no)
    }
    from stg_event_sources
);
