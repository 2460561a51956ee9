-- Derived from return_events on every derive: replace whole.
delete from event_increments;
insert into event_increments by name select * from incoming;
