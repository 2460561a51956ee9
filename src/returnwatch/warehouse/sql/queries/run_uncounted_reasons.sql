-- How many of the figures a run loaded ($1: its run_id) count in no total, by why
-- (figure_reasons): for the run summary's counts line and its Prefect report.
select reason, count(*) as figures
from figure_reasons
where run_id = $1 and not counts
group by reason
order by reason
