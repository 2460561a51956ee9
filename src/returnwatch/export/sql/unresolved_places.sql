select
    figures.figure_id,
    figures.location_text,
    figures.resolve_method,
    figures.quantity,
    figures.unit,
    figures.event_date,
    figures.excerpt,
    documents.name as document_name,
    documents.title as document_title,
    documents.url as document_url
from figures
join documents using (document_id)
where figures.area_id is null
order by documents.name, figures.span_start, figures.figure_id
