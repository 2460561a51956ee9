select
    document_id,
    published_date,
    publisher,
    title,
    url,
    name,
    source_id,
    n_figures
from documents
where document_id in (select document_id from figures)
order by published_date nulls last, name, document_id
