-- One row per pulled document, keyed by the sha256 of its raw bytes.
create table if not exists documents (
    document_id     varchar primary key,   -- sha256 of the raw bytes
    source_id       varchar not null,      -- id of the source in sources.toml
    name            varchar not null,      -- original file name or URL
    url             varchar,
    title           varchar,
    publisher       varchar,
    published_date  date,
    media_type      varchar,
    size_bytes      bigint,
    archive_path    varchar,
    status          varchar not null,      -- loaded | no_figures | duplicate | rejected | failed
    reason          varchar,
    n_figures       integer not null default 0,
    run_id          varchar not null,      -- run that first loaded it
    loaded_at       timestamp not null
);
