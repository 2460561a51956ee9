-- The latest run that checked the warehouse and exported to a folder (the parameter): a run
-- with nothing new records the folder too, but checks nothing and writes no file.
select run_id, finished_at
from pipeline_runs
where exports_dir = ?
  and checks_passed
  and exists (select 1 from quality_results where quality_results.run_id = pipeline_runs.run_id)
order by started_at desc, run_id desc
limit 1
