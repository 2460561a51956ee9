"""The checks of ``returnwatch check``: every suite run on the warehouse as it stands now,
outside any run (no pull, load or export), read-only, and nothing stored.

A run checks only the figures it loaded (earlier runs checked theirs); this check reads every
table whole (sampled beyond ``CHECK_SAMPLE_ROWS`` rows, see ``batches.py``), so it also sees
what changed since, e.g. a suite edited or a table written by hand.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from returnwatch.quality.gx_checks import check_warehouse
from returnwatch.quality.report import QualityReport
from returnwatch.quality.suites import CHECKED_TABLES, suite_files
from returnwatch.warehouse.connect import connect
from returnwatch.warehouse.queries import fetch_query, require_relations

READ_WAIT_SECONDS = 5.0
"""How long the check waits while a run holds the DuckDB file (as `returnwatch sql` does)."""


class CannotCheck(RuntimeError):
    """The warehouse or the suites cannot be checked; the message says why and what to do."""


def check_now(warehouse: Path, expectations_dir: Path) -> QualityReport:
    """Run every suite of ``expectations_dir`` on ``warehouse`` (opened read-only).

    Raises:
        CannotCheck: no suites folder, or a warehouse with no run yet.
        NotAWarehouse: the warehouse lacks a checked table or view (never derived).
        FileNotFoundError: no warehouse at that path.
        WarehouseLocked: a run kept the file open for writing past the wait.
        SuiteError: a suite file GX cannot run.
    """
    if not Path(expectations_dir).is_dir():
        raise CannotCheck(
            f"{expectations_dir}: no such folder of expectation suites; pass --expectations "
            "DIR (the project's expectations/ folder, one <table>.json per table)"
        )
    suite_files(expectations_dir)  # an empty folder is refused before GX is imported
    _require_checkable(warehouse)
    return check_warehouse(warehouse, expectations_dir)


def _require_checkable(warehouse: Path) -> None:
    """A warehouse that some run loaded and derived: the checked tables and views exist."""
    con = connect(warehouse, read_only=True, wait=READ_WAIT_SECONDS)
    try:
        require_relations(con, warehouse, ["pipeline_runs"])
        (counted,) = fetch_query(con, "run_count")
        if not counted["runs"]:
            raise CannotCheck(f"{warehouse} has no pipeline run yet; run `returnwatch run` first")
        require_relations(con, warehouse, CHECKED_TABLES)
    finally:
        con.close()


def suite_counts(report: QualityReport) -> list[dict[str, Any]]:
    """Per suite, in the report's order: how many expectations ran and how many failed."""
    counts: dict[str, dict[str, Any]] = {}
    for result in report.results:
        row = counts.setdefault(
            result.suite, {"suite": result.suite, "expectations": 0, "failed": 0}
        )
        row["expectations"] += 1
        row["failed"] += not result.success
    return list(counts.values())
