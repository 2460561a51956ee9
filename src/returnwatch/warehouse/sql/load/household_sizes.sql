delete from household_sizes;
insert into household_sizes by name select * from incoming;
