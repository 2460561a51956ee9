-- The tables and views of the warehouse, to say which a command needs but does not find.
select table_name from information_schema.tables
