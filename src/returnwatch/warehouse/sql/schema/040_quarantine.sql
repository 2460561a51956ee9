-- Rows refused by a check, with the check and the reason; never dropped.
create table if not exists quarantine (
    quarantine_id   varchar primary key,   -- sha1 of document, check and record
    document_id     varchar,
    stage           varchar not null,      -- parse | extract | validate
    check_name      varchar not null,
    reason          varchar not null,
    value           varchar,
    record          json,
    run_id          varchar not null,
    created_at      timestamp not null
);
