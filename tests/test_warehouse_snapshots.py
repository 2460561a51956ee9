"""Snapshots (the increments as known on each date) made by the derive equal those of the
rule they stand for: every staging file run again for each known date."""

import shutil

import duckdb

from returnwatch.warehouse.increments import compute_increment_steps
from returnwatch.warehouse.snapshots import (
    ALL_KNOWN,
    MAKES,
    STORES_TABLE,
    increment_relations,
    known_date_pass,
    refresh_snapshots,
    staging_files_on_known_date,
)
from returnwatch.warehouse.sql_files import apply_layer

STORED = "event_id, area_id, event_date, households, individuals"


def _sortable(row: tuple) -> tuple:
    return tuple((value is None, value) for value in row)


def _increments_with_full_staging(con: duckdb.DuckDBPyConnection, day) -> list[tuple]:
    """The snapshot of ``day`` computed the way the derive did before it ran only the staging
    files that store tables: views and tables all made again for that date."""
    con.execute("set variable as_known_on = ?::date", [day])
    try:
        apply_layer(con, "staging")
        increment_relations(con)
        compute_increment_steps(con)
        found = con.execute(f"select {STORED} from increment_steps").fetchall()
        con.execute("drop table increment_steps")
    finally:
        con.execute("reset variable as_known_on")
    return [(day, *row) for row in found]


def test_every_snapshot_equals_the_staging_layer_made_anew_for_its_date(exported_run, tmp_path):
    tmp, _ = exported_run
    copy = tmp_path / "w.duckdb"
    shutil.copy(tmp / "w.duckdb", copy)
    con = duckdb.connect(str(copy))
    try:
        stored = con.execute(f"select known_on, {STORED} from event_increments").fetchall()
        days = [
            day for (day,) in con.execute("select known_on from snapshots order by 1").fetchall()
        ]
        expected = [row for day in days for row in _increments_with_full_staging(con, day)]
    finally:
        con.close()
    assert len(days) >= 3  # the samples were published on several dates
    assert len({row[0] for row in stored}) == len(days)
    assert sorted(stored, key=_sortable) == sorted(expected, key=_sortable)


def _staging_rows(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    """Rows of staging tables the snapshots rebuild; in stored order where the order is part
    of the table (the export reads stg_return_events as stored), sorted elsewhere."""
    tables = {"stg_area_closure": False, "stg_event_parts": False, "stg_return_events": True}
    found = {table: con.execute(f"select * from {table}").fetchall() for table in tables}
    return {
        table: rows if tables[table] else sorted(rows, key=_sortable)
        for table, rows in found.items()
    }


def _snapshots_made_again(path, batch_events: int | None, **options) -> list[tuple]:
    con = duckdb.connect(str(path))
    try:
        con.execute("delete from snapshots")
        con.execute("delete from event_increments")
        made = refresh_snapshots(con, batch_events, **options)
        assert made == con.execute("select count(*) from stg_snapshot_inputs").fetchone()[0]
        rows = con.execute(f"select known_on, {STORED} from event_increments").fetchall()
        staging = _staging_rows(con)
        left = con.execute(
            "select table_name from duckdb_tables() "
            "where (temporary and table_name in (select view_name from duckdb_views())) "
            "or ends_with(table_name, ?)",
            [ALL_KNOWN],
        ).fetchall()
        assert left == []  # no view shadowed by a temp table, no table left aside
    finally:
        con.close()
    return sorted(rows, key=_sortable), staging


def test_snapshots_are_the_same_however_the_known_dates_are_batched(exported_run, tmp_path):
    """The increments of several known dates computed in one pass (ids tagged with their
    date) equal those computed one date at a time, in batches of any size; and the staging
    tables are left as a full pass for everything known leaves them."""
    tmp, _ = exported_run
    results = {}
    for batch_events in (1, 7, 40, None):  # 1: every date alone, as before batching
        copy = tmp_path / f"w{batch_events}.duckdb"
        shutil.copy(tmp / "w.duckdb", copy)
        results[batch_events] = _snapshots_made_again(copy, batch_events)
    rows, _ = results[1]
    assert len({row[0] for row in rows}) >= 3
    con = duckdb.connect(str(tmp / "w.duckdb"), read_only=True)
    try:
        stored = con.execute(f"select known_on, {STORED} from event_increments").fetchall()
        made_by_run = _staging_rows(con)
    finally:
        con.close()
    assert rows == sorted(stored, key=_sortable)
    for batch_events, (other_rows, other_staging) in results.items():
        assert other_rows == rows, batch_events
        assert other_staging == made_by_run, batch_events


def test_only_staging_files_that_read_the_known_date_are_run_again_per_date():
    """The area closure and context read only the gazetteer: the same for every date. The
    files that read figures (through the views that read `as_known_on`) are run again."""
    files = staging_files_on_known_date()
    made = {name for sql in files for name in MAKES.findall(sql)}
    assert {"stg_events", "stg_return_events", "stg_aggregate_figures"} <= made
    assert not {"stg_area_closure", "stg_area_context"} & made
    assert all(STORES_TABLE.search(sql) for sql in files)


def test_snapshots_are_the_same_for_small_and_big_dates(exported_run, tmp_path):
    """Small earlier dates read the date-reading views their files read (stg_returns) stored
    as temp tables, and a small warehouse keeps its staging tables for everything known
    aside meanwhile; big ones read the views and make those tables again after the dates:
    the same snapshots, and the same staging tables afterwards, as the run left."""
    tmp, _ = exported_run
    results = {}
    for small_figures in (0, 10**9):
        copy = tmp_path / f"w{small_figures}.duckdb"
        shutil.copy(tmp / "w.duckdb", copy)
        results[small_figures] = _snapshots_made_again(copy, None, small_figures=small_figures)
    assert results[0] == results[10**9]
    con = duckdb.connect(str(tmp / "w.duckdb"), read_only=True)
    try:
        assert results[0][1] == _staging_rows(con)
    finally:
        con.close()


def test_an_earlier_dates_pass_stores_only_views_made_before_its_files():
    """The views stored per date read the known date and are made by staging files that store
    nothing, all before the first file run again: so they read no table those files make."""
    plan = known_date_pass()
    assert "stg_returns" in plan.views
    assert {"stg_event_members", "stg_return_events"} <= set(plan.tables)
    assert "stg_events" not in plan.tables  # a temp table of the derive (045), not kept
    first = plan.files[0][0].name
    for path, sql in plan.files:
        assert not set(plan.views) & {name.lower() for name in MAKES.findall(sql)}, path
    from returnwatch.config import SQL_DIR

    makers = {
        name.lower(): path.name
        for path in (SQL_DIR / "staging").glob("*.sql")
        for name in MAKES.findall(path.read_text())
    }
    assert all(makers[view] < first for view in plan.views)
