"""Snapshots (the increments as known on each date) made by the derive equal those of the
rule they stand for: every staging file run again for each known date."""

import shutil

import duckdb

from returnwatch.warehouse.increments import compute_increment_steps
from returnwatch.warehouse.snapshots import EVENT_COLUMNS
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
        con.execute(
            "create or replace temp view increment_events as "
            f"select {', '.join(EVENT_COLUMNS)} from return_events"
        )
        con.execute(
            "create or replace temp view increment_closure as select * from stg_area_closure"
        )
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
