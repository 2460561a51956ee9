-- Keys are deterministic: a row already stored stays as it was (loading twice changes nothing).
-- The table has no primary key (see schema/020_figures.sql): only keys not stored yet go in.
insert into figures by name
select incoming.* from incoming anti join figures using (figure_id);
