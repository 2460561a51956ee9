-- The latest completed run that checked the warehouse: the run whose data it holds. A run
-- with nothing new checks nothing (no quality_results) and changes nothing: it stands on
-- an earlier run, so it is passed over. Read by `returnwatch export` (the run its
-- datapackage.json names) and `returnwatch status` (whether an export is current).
select run_id, started_at, finished_at
from pipeline_runs
where status = 'completed'
  and exists (select 1 from quality_results where quality_results.run_id = pipeline_runs.run_id)
order by started_at desc, run_id desc
limit 1
