-- Every input the warehouse recorded and under which name. An original's document_id is the
-- sha256 of its bytes; a copy's row is keyed by its duplicate key, which pull recomputes.
select document_id as content_id, source_id, name from documents
