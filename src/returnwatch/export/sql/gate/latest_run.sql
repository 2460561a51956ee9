-- The most recent pipeline run and whether its checks passed.
select run_id, status, checks_passed
from pipeline_runs
order by started_at desc, run_id desc
limit 1
