-- The gazetteer is data shipped with the package: replace it whole on every load.
delete from areas;
insert into areas by name select * from incoming;
