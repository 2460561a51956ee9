-- One row per expectation evaluated by the Great Expectations suites.
create table if not exists quality_results (
    run_id          varchar not null,
    suite           varchar not null,
    expectation     varchar not null,
    column_name     varchar not null default '',  -- empty for table-level expectations
    success         boolean not null,
    observed        varchar,
    checked_at      timestamp not null,
    primary key (run_id, suite, expectation, column_name)
);
