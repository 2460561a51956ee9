-- One row per figure found in a document, as reported; keys are deterministic.
-- figure_id is unique without a primary key: load/figures.sql inserts only keys not yet
-- stored (an index over a million keys cost ~5 s of CPU and much memory per load).
-- Warehouses made with the key are copied once into this shape (load.py).
create table if not exists figures (
    figure_id       varchar not null,      -- sha1 of document_id and position
    document_id     varchar not null,
    quantity        bigint not null,
    quantity_high   bigint,                -- upper bound of a range
    qualifier       varchar not null,      -- exact | approx | min | max | range
    unit            varchar not null,      -- households | individuals
    figure_type     varchar not null,      -- flow | stock
    stage           integer,
    round_code      varchar,
    event_date      date,
    date_precision  varchar,               -- day | week | month | year
    date_text       varchar,               -- the words the date was read from
    location_text   varchar,               -- the place phrases, as written
    location_context varchar,              -- the area they were resolved within
    area_id         varchar,               -- null when the place is unresolved
    resolve_method  varchar not null,
    resolve_score   double,
    announced_by    varchar,
    excerpt         varchar,
    span_start      integer,
    span_end        integer,
    method          varchar not null,      -- the extractor that made the figure
    paired_figure_id varchar,              -- the same return counted in the other unit
    part_of_figure_id varchar,             -- the total (same document) this figure is a part of
    corrects_quantity bigint,              -- the earlier value this figure says it corrects
    confidence      double not null default 1.0,  -- extractor's certainty, 0..1
    run_id          varchar not null,
    loaded_at       timestamp not null
);
