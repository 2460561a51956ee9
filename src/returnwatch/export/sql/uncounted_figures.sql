-- Figures that count in no total (figure_reasons), with why and where they came from.
select
    figures.figure_id,
    figure_reasons.reason,
    figure_reasons.status,
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
from figure_reasons
join figures using (figure_id)
join documents on documents.document_id = figures.document_id
where not figure_reasons.counts
order by figure_reasons.reason, documents.name, figures.span_start, figures.figure_id
