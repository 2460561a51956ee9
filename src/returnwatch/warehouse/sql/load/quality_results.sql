insert or replace into quality_results by name select * from incoming;
