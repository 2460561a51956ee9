insert or replace into pipeline_runs by name select * from incoming;
