-- A copy of another input (same bytes, another name or source) has its own row, status
-- 'duplicate', keyed by sha256 of its source, name and content; duplicate_of is the
-- document_id (content sha256) it repeats. Added to warehouses made before the column existed.
alter table documents add column if not exists duplicate_of varchar;
