insert or replace into snapshots by name select * from incoming;
