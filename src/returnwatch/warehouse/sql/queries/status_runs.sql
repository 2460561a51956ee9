-- The five most recent pipeline runs with their counts, for `returnwatch status`.
select
    run_id,
    started_at,
    finished_at,
    status,
    documents_new,
    figures_loaded,
    rows_quarantined,
    checks_passed,
    message
from pipeline_runs
order by started_at desc, run_id desc
limit 5
