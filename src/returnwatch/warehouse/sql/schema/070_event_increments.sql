-- What each return event adds to the running total of its area, as of its date, in every
-- snapshot of what was known: `known_on` is a date on which something new became known
-- (a document's published date, or an analyst's override); the rows with the greatest
-- known_on are today's. A flow adds its quantity (less its parts given beside it), a stock
-- adds what it takes to bring the area's total to it. Recomputed whole by every derive
-- (see warehouse/increments.py and warehouse/snapshots.py).
create table if not exists event_increments (
    known_on    date not null,
    event_id    varchar not null,
    area_id     varchar not null,
    event_date  date not null,
    households  bigint,
    individuals bigint
    -- no primary key: one row per event and snapshot by construction (snapshots.py), and an
    -- index over tens of millions of rows would not fit DuckDB's memory limit
);
