"""Which run's warehouse an export holds, as ``datapackage.json`` records it (its custom
``returnwatch`` property), so a dashboard can tell which run a set of CSVs reflects and
``returnwatch status`` whether it is current. Light (no pandas): status reads it too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from returnwatch.warehouse.queries import fetch_query

if TYPE_CHECKING:
    import duckdb

PACKAGE_KEY = "returnwatch"
"""The custom property of ``datapackage.json`` holding the run (Frictionless allows them)."""


@dataclass(frozen=True)
class ExportedRun:
    """The run whose warehouse an export holds. ``finished_at`` is None when that run wrote
    the export itself: a run exports before it finishes (see ``pipeline_runs.finished_at``)."""

    run_id: str
    started_at: datetime | None = None
    finished_at: datetime | None = None


def package_property(run: ExportedRun | None) -> dict[str, str | None]:
    """The value of ``datapackage.json``'s ``returnwatch`` property, times in UTC as its
    ``created``; all None for a warehouse without a completed run."""
    return {
        "run_id": run.run_id if run else None,
        "run_started_at": _utc(run.started_at) if run else None,
        "run_finished_at": _utc(run.finished_at) if run else None,
    }


def latest_completed_run(con: duckdb.DuckDBPyConnection) -> ExportedRun | None:
    """The latest completed run that checked the warehouse (its data is what the warehouse
    holds; ``sql/queries/latest_completed_run.sql``), None before any."""
    found = fetch_query(con, "latest_completed_run")
    return ExportedRun(**found[0]) if found else None


def run_id_in_package(package: Any) -> str | None:
    """The run id a parsed ``datapackage.json`` records; None for a package written before
    returnwatch recorded it (or one naming no run)."""
    if not isinstance(package, dict):
        return None
    recorded = package.get(PACKAGE_KEY)
    run_id = recorded.get("run_id") if isinstance(recorded, dict) else None
    return run_id if isinstance(run_id, str) and run_id else None


def _utc(stamp: datetime | None) -> str | None:
    return None if stamp is None else stamp.isoformat(timespec="seconds") + "Z"
