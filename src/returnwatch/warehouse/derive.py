"""Rebuild the derived layer: the analyst's overrides, staging views, public marts, and what
each event adds to its area's total in every snapshot of what was known (snapshots.py)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from returnwatch.config import RunPaths
from returnwatch.warehouse.connect import connect
from returnwatch.warehouse.load import load_frame
from returnwatch.warehouse.overrides import read_overrides
from returnwatch.warehouse.snapshots import (
    EVENT_COLUMNS,
    derive_fingerprint,
    refresh_snapshots,
    up_to_date,
)
from returnwatch.warehouse.sql_files import apply_layer

__all__ = ["EVENT_COLUMNS", "derive", "derive_in", "read_frames"]

PUBLIC_VIEWS = ("return_events", "cumulative_returns_by_area", "cumulative_returns_by_district")


def derive(path: Path, overrides: Path | None = None) -> dict[str, int]:
    """Recreate the views and recompute what each event adds, in one transaction.

    Returns row counts of the public views, for the run summary.
    """
    con = connect(path)
    try:
        con.begin()
        try:
            apply_layer(con, "schema")
            derive_in(con, overrides)
            con.commit()
        except BaseException:
            con.rollback()
            raise
        # counted once committed: inside the transaction, counting tables it has just
        # written held memory at scale (the peak of a 10M-figure load), and a load has
        # no use for the counts
        return {
            view: con.execute(f"select count(*) from {view}").fetchall()[0][0]
            for view in PUBLIC_VIEWS
        }
    finally:
        con.close()


def derive_in(con: duckdb.DuckDBPyConnection, overrides: Path | None = None) -> None:
    """The derive of :func:`derive` inside the caller's open transaction."""
    _drop_outdated(con)
    apply_layer(con, "schema")
    area_ids = {row[0] for row in con.execute("select area_id from areas").fetchall()}
    overrides_file = overrides or RunPaths.defaults().overrides
    load_frame(con, "overrides", read_overrides(overrides_file, area_ids))
    fingerprint = derive_fingerprint(con)  # once: the layers applied below do not change it
    if not up_to_date(con, fingerprint):
        _derive_all(con, fingerprint)


def _derive_all(con: duckdb.DuckDBPyConnection, fingerprint: str) -> None:
    apply_layer(con, "staging")
    apply_layer(con, "marts")
    refresh_snapshots(con, fingerprint=fingerprint)
    apply_layer(con, "latest")


def _drop_outdated(con: duckdb.DuckDBPyConnection) -> None:
    """Older warehouses kept one increment per event and staging steps as views: all of it
    is derived, so what has the old shape is dropped and made anew."""
    old_views = con.execute(
        "select table_name from information_schema.tables where table_type = 'VIEW' "
        "and table_name in ('stg_area_closure', 'stg_area_context', 'stg_figure_events', "
        "'stg_events', 'stg_aggregate_figures', 'stg_event_parts')"
    ).fetchall()
    for (view,) in old_views:
        con.execute(f"drop view {view}")
    # stg_events was stored before it was a temp table of the derive (staging/045)
    con.execute("drop table if exists main.stg_events")
    columns = con.execute(
        "select column_name from information_schema.columns where table_name = 'event_increments'"
    ).fetchall()
    if columns and ("known_on",) not in columns:
        con.execute("drop table event_increments")
        con.execute("drop table if exists snapshots")  # its snapshots went with it


def read_frames(path: Path, tables: list[str]) -> dict[str, pd.DataFrame]:
    """Tables and views as pandas frames, read through a read-only connection."""
    con = connect(path, read_only=True)
    try:
        return {table: con.table(table).df() for table in tables}
    finally:
        con.close()
