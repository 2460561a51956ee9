-- The figures a run loaded ($1: its run_id) whose number is in no total, with why
-- (figure_reasons) and where to find them, the first 50: for the run's Prefect report.
select
    figure_reasons.reason,
    documents.name as document,
    figures.quantity,
    figures.unit,
    figures.location_text,
    figures.date_text,
    figure_reasons.status,
    figures.figure_id
from figure_reasons
join figures using (figure_id)
join documents on documents.document_id = figures.document_id
where figure_reasons.run_id = $1 and not figure_reasons.counts
order by figure_reasons.reason, documents.name, figures.span_start, figures.figure_id
limit 50
