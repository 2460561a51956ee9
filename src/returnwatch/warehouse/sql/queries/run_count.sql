-- How many pipeline runs the warehouse records.
select count(*) as runs from pipeline_runs
