"""What a warehouse holds, for ``returnwatch status``: its latest runs, documents by status,
totals, the date range of its events, its exports and whether a run is writing to it now.

Read-only (one read-only connection; the run lock is only looked at) and without pandas or
Prefect, so an analyst can ask at any time, a run in progress included. The SQL is in
``warehouse/sql/queries/`` (``status_*.sql``, ``latest_completed_run.sql``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from returnwatch.export.exported_run import run_id_in_package
from returnwatch.quarantine_notes import NOTE_CHECKS
from returnwatch.unchanged import standing_run
from returnwatch.warehouse.connect import connect
from returnwatch.warehouse.queries import fetch_query, require_relations
from returnwatch.warehouse.run_lock import lock_holder

READ_WAIT_SECONDS = 5.0
"""How long status waits while a run holds the DuckDB file (as `returnwatch sql` does)."""
READ_TABLES = (
    "pipeline_runs", "documents", "figures", "quarantine", "areas", "snapshots",
    "quality_results", "return_events",
)  # fmt: skip
"""What the status queries read; a warehouse without one of them cannot be described."""


@dataclass(frozen=True)
class WarehouseStatus:
    """Plain values: ``runs`` newest first (at most five), ``documents`` status -> count,
    ``figures`` by why they count or not (``reason``, ``counts``, ``figures``; see the view
    ``figure_reasons``; None for a warehouse no run has derived since that view was added),
    ``totals`` name -> value, ``exports`` and ``run_lock`` name -> value."""

    warehouse: str
    runs: list[dict[str, Any]]
    documents: dict[str, int]
    figures: list[dict[str, Any]] | None
    totals: dict[str, Any]
    exports: dict[str, Any]
    run_lock: dict[str, Any]


def warehouse_status(warehouse: Path, exports: Path) -> WarehouseStatus:
    """Describe ``warehouse`` and the exports folder ``exports``.

    Raises:
        FileNotFoundError: no warehouse at that path.
        WarehouseLocked: a run kept the file open for writing past ``READ_WAIT_SECONDS``.
        NotAWarehouse: the file lacks a table or view the status reads.
    """
    con = connect(warehouse, read_only=True, wait=READ_WAIT_SECONDS)
    try:
        require_relations(con, warehouse, READ_TABLES)
        runs = [_to_seconds(run) for run in fetch_query(con, "status_runs")]
        documents = {
            row["status"]: row["documents"] for row in fetch_query(con, "status_documents")
        }
        (totals,) = fetch_query(con, "status_totals", [list(NOTE_CHECKS)])
        figures = _figures_by_reason(con)
        inferred = fetch_query(con, "status_export_run", [str(exports)])
        latest = fetch_query(con, "latest_completed_run")
    finally:
        con.close()
    holder = lock_holder(warehouse)
    return WarehouseStatus(
        warehouse=str(warehouse),
        runs=runs,
        documents=documents,
        figures=figures,
        totals=totals | {"figures_not_counted": _not_counted(figures)},
        exports=_exports(
            warehouse,
            exports,
            inferred[0]["run_id"] if inferred else None,
            latest[0]["run_id"] if latest else None,
        ),
        run_lock={"held": holder is not None, "process": holder},
    )


def _figures_by_reason(con) -> list[dict[str, Any]] | None:
    """``status_figures.sql``'s rows; None when the warehouse has no ``figure_reasons`` yet
    (derived by the first run of this version). A warehouse derived before the cheap view of
    uncounted figures that query reads (``stg_uncounted_figures``) is counted from
    ``figure_reasons`` itself, as before (slower)."""
    present = {row["table_name"] for row in fetch_query(con, "relations")}
    if "figure_reasons" not in present:
        return None
    if "stg_uncounted_figures" not in present:
        return fetch_query(con, "status_figures_from_view")
    return fetch_query(con, "status_figures")


def _not_counted(figures: list[dict[str, Any]] | None) -> int | None:
    """How many figures count in no total (undated, unplaced, rejected, superseded)."""
    if figures is None:
        return None
    return sum(row["figures"] for row in figures if not row["counts"])


def _exports(
    warehouse: Path, exports: Path, inferred: str | None, latest: str | None
) -> dict[str, Any]:
    """Whether ``exports`` holds an export (its ``datapackage.json``), when it was made, the
    run whose warehouse it holds (as the package records it; for a package written before
    returnwatch recorded it, ``inferred``: the latest run that checked and exported to this
    folder), whether it is current (that run is ``latest``, the warehouse's latest completed
    run that checked it), and whether it is up to date: the latest run completed, passed its
    checks and recorded this folder (what a run with nothing new stands on)."""
    package_path = exports / "datapackage.json"
    present = package_path.is_file()
    package = _read(package_path) if present else None
    recorded = run_id_in_package(package)
    run_id = recorded or (inferred if present else None)
    up_to_date = present and standing_run(warehouse, exports, wait=READ_WAIT_SECONDS) is not None
    return {
        "folder": str(exports),
        "datapackage": present,
        "created": package.get("created") if isinstance(package, dict) else None,
        "run_id": run_id,
        "run_id_from": "datapackage" if recorded else "pipeline_runs" if run_id else None,
        "current": run_id is not None and run_id == latest,
        "up_to_date": up_to_date,
    }


def _read(package: Path) -> Any:
    """A parsed datapackage.json (None when it is unreadable)."""
    try:
        return json.loads(package.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _to_seconds(run: dict[str, Any]) -> dict[str, Any]:
    """A run's row with its timestamps to the second (what a reader compares)."""
    return {
        key: value.replace(microsecond=0) if isinstance(value, datetime) else value
        for key, value in run.items()
    }
