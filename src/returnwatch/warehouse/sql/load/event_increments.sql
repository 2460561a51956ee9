-- Derived from return_events by every derive, one snapshot per known date: replace whole.
delete from event_increments;
insert into event_increments by name select * from incoming;
