-- The overrides file is the analyst's: replace whole on every derive.
delete from overrides;
insert into overrides by name select * from incoming;
