-- Expectations a run failed.
select suite, expectation, column_name
from quality_results
where run_id = ? and not success
order by suite, expectation, column_name
