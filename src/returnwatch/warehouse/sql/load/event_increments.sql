-- Snapshots computed again by a derive (their dates were emptied first, see snapshots.py).
insert or replace into event_increments by name select * from incoming;
