-- Keys are deterministic: a row already stored stays as it was (loading twice changes nothing);
-- a document read again with a corrected --published date was deleted first
-- (replaced_documents.sql).
insert into documents by name select * from incoming on conflict do nothing;
