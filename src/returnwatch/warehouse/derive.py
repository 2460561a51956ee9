"""Rebuild the derived layer: staging views, public marts and event increments."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from returnwatch.warehouse.connect import connect
from returnwatch.warehouse.increments import compute_increments
from returnwatch.warehouse.load import load_frame
from returnwatch.warehouse.sql_files import apply_layer

EVENT_COLUMNS = [
    "event_id",
    "area_id",
    "event_date",
    "figure_type",
    "qualifier",
    "households",
    "individuals",
]


def derive(path: Path) -> dict[str, int]:
    """Recreate the views and recompute what each event adds, in one transaction.

    Returns row counts of the public views, for the run summary.
    """
    con = connect(path)
    try:
        con.begin()
        apply_layer(con, "schema")
        apply_layer(con, "staging")
        apply_layer(con, "marts")
        events = con.table("return_events").select(*EVENT_COLUMNS).df()
        closure = con.table("stg_area_closure").df()
        load_frame(con, "event_increments", compute_increments(events, closure))
        con.commit()
        return {
            view: con.execute(f"select count(*) from {view}").fetchall()[0][0]
            for view in (
                "return_events",
                "cumulative_returns_by_area",
                "cumulative_returns_by_district",
            )
        }
    except BaseException:
        con.rollback()
        raise
    finally:
        con.close()


def read_frames(path: Path, tables: list[str]) -> dict[str, pd.DataFrame]:
    """Tables and views as pandas frames, read through a read-only connection."""
    con = connect(path, read_only=True)
    try:
        return {table: con.table(table).df() for table in tables}
    finally:
        con.close()
