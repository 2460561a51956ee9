-- Bookkeeping of event_increments: one row per known date that has a snapshot (possibly
-- empty), with what it was computed from, so a derive recomputes only what changed.
create table if not exists snapshots (
    known_on     date primary key,
    n_figures    bigint not null,        -- figures known by that date
    fingerprint  varchar not null        -- of the overrides, gazetteer, SQL and code it used
);
