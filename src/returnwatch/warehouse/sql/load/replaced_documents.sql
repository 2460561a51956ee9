-- Documents of the run the warehouse already holds with another published date (read again
-- with a corrected --published date, pull.py): their rows go, to be inserted again as this
-- run read them. The same rows loaded twice replace nothing (loading twice changes nothing).
-- The snapshots go too: they count on figures only ever being added (snapshots.py), and a
-- figure read again can move to another date; the derive computes them again.
create or replace temp table replaced_documents as
select document_id
from incoming
join documents as stored using (document_id)
where incoming.published_date is distinct from stored.published_date;

delete from figures where document_id in (select document_id from replaced_documents);
delete from quarantine where document_id in (select document_id from replaced_documents);
delete from documents where document_id in (select document_id from replaced_documents);
delete from snapshots where exists (select 1 from replaced_documents);

drop table replaced_documents;
