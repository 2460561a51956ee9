-- What each return event adds to the running total of its area, as of its date:
-- a flow adds its quantity, a stock adds what it takes to bring the area's total to it.
-- Recomputed from return_events by every derive (see warehouse/increments.py).
create table if not exists event_increments (
    event_id    varchar primary key,
    area_id     varchar not null,
    event_date  date not null,
    households  bigint,
    individuals bigint
);
