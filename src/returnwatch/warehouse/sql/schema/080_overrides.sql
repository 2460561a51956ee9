-- The analyst's overrides (data/overrides.csv), replaced whole by every derive.
create table if not exists overrides (
    line            integer primary key,   -- line of the overrides file
    action          varchar not null,      -- reject | set_area | set_quantity | set_type | same_event
    figure_id       varchar not null,
    value           varchar,               -- the new area_id, quantity or figure_type
    other_figure_id varchar,               -- same_event: the figure that reports the same return
    reason          varchar not null,
    decided_on      date,                  -- applies to what is known on or after this date; null: always
    analyst         varchar
);
