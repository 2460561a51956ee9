select * exclude (document_ids), array_to_string(document_ids, ';') as document_ids
from return_events
order by event_date, area_id, event_id
