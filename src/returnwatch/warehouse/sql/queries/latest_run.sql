-- The most recent pipeline run: whether it completed and passed its checks, what it was
-- derived from (inputs_fingerprint) and where its exports went.
select run_id, status, checks_passed, inputs_fingerprint, exports_dir
from pipeline_runs
order by started_at desc, run_id desc
limit 1
