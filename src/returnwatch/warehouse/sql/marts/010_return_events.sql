-- Accepted, deduplicated, corrected returns with their place in the area hierarchy; households and
-- individuals side by side, one of them measured and the other converted unless both were reported
-- (built by staging/080_stg_return_events.sql, stored in this order: by date, area, event;
-- the columns left out are the export's).
create or replace view return_events as
select * exclude (
    admin1_pcode, admin2_pcode, admin2_name, area_name_ar,
    source_publishers, source_titles, source_urls
)
from stg_return_events;
