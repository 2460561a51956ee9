-- Figures that count in no total (stg_uncounted_figures, as figure_reasons gives them),
-- with why and where they came from.
select
    figures.figure_id,
    uncounted.reason,
    uncounted.status,
    figures.quantity,
    figures.unit,
    figures.figure_type,
    figures.location_text,
    figures.area_id,
    figures.event_date,
    figures.date_text,
    figures.excerpt,
    documents.name as document_name,
    documents.title as document_title,
    documents.url as document_url,
    documents.published_date
from stg_uncounted_figures as uncounted
join figures using (figure_id)
join documents on documents.document_id = figures.document_id
order by uncounted.reason, documents.name, figures.span_start, figures.figure_id
