select
    quarantine.quarantine_id,
    quarantine.stage,
    quarantine.check_name,
    quarantine.reason,
    quarantine.value,
    documents.name as document_name,
    documents.title as document_title,
    documents.url as document_url,
    quarantine.created_at
from quarantine
left join documents using (document_id)
order by quarantine.created_at, quarantine.quarantine_id
