-- The figures a run loaded ($1: its run_id) whose number is in no total, with why
-- (stg_uncounted_figures, as figure_reasons gives them) and where to find them: the first
-- 50 of each reason, each row with its reason's count, for the run's counts line and its
-- Prefect report. One read of the view for both.
select
    uncounted.reason,
    documents.name as document,
    figures.quantity,
    figures.unit,
    figures.location_text,
    figures.date_text,
    uncounted.status,
    figures.figure_id,
    count(*) over (partition by uncounted.reason) as reason_figures
from stg_uncounted_figures as uncounted
join figures using (figure_id)
join documents on documents.document_id = figures.document_id
where uncounted.run_id = $1
qualify row_number() over (
    partition by uncounted.reason order by documents.name, figures.span_start, figures.figure_id
) <= 50
order by uncounted.reason, documents.name, figures.span_start, figures.figure_id
