create table if not exists pipeline_runs (
    run_id              varchar primary key,
    flow_run_id         varchar,
    started_at          timestamp not null,
    finished_at         timestamp,
    status              varchar not null,  -- running | completed | failed
    documents_seen      integer,
    documents_new       integer,
    figures_loaded      integer,
    rows_quarantined    integer,
    unresolved_places   integer,
    checks_passed       boolean,
    exports_dir         varchar,
    message             varchar
);
-- Added after the first release: warehouses made before it gain the column here.
alter table pipeline_runs add column if not exists inputs_fingerprint varchar;
