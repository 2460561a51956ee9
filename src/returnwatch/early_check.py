"""Check the base tables while the load derives: the run's check stage split in two.

A load inserts the run's rows, then derives the derived tables, in one transaction. The
base tables (``warehouse.load.BASE_TABLES``: documents, figures, areas have suites) are
final once inserted, and the check worker (``returnwatch.check_worker``) is idle
meanwhile. So ``after_insert`` reads, through the load's own connection, each base table's
frame exactly as the worker would read it after the commit (``quality.batches.read_table``:
the suite's columns, this run's figures, the same bounded sample) and hands the frames to
the worker, which checks them while DuckDB derives. ``check`` then asks the worker only for
the other suites, on the committed warehouse, and returns one report in the usual order.

The run does not import GX for this: the columns come from the suite files' JSON. Off
(every suite checked after the load, as without a worker) with RETURNWATCH_CHECK_EARLY=0,
without a running worker for the same expectations folder, or when the suite files cannot
be read here (the check then says what is wrong with them).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path

import duckdb

from returnwatch import check_worker
from returnwatch.check_worker import WORKER_CHECK
from returnwatch.config import CHECK_EARLY
from returnwatch.quality.batches import CHECK_SAMPLE_ROWS, columns_named, read_table
from returnwatch.quality.report import QualityReport
from returnwatch.quality.suites import suite_files
from returnwatch.warehouse.load import BASE_TABLES

logger = logging.getLogger(__name__)


def after_insert(
    expectations: Path, run_id: str
) -> Callable[[duckdb.DuckDBPyConnection], None] | None:
    """The ``load_tables`` callback that starts the base tables' check, or None when there
    is nothing to start it on (off, no worker for ``expectations``, unreadable suites)."""
    worker = _worker(expectations)
    if worker is None:
        return None
    try:
        columns = _base_suite_columns(expectations)
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        return None  # the whole check, after the load, reports the bad file
    if not columns:
        return None

    def hand_over(con: duckdb.DuckDBPyConnection) -> None:
        try:
            frames = read_base_frames(con, columns, run_id)
            worker.check_frames(frames, run_id, tables=list(columns))
        except Exception:  # never the load's failure: ``check`` checks every suite after it
            logger.warning(
                "The base tables could not be handed to the check worker; every suite is "
                "checked after the load instead",
                exc_info=True,
            )

    return hand_over


def handed_over(expectations: Path, run_id: str) -> bool:
    """Whether the base tables of ``run_id`` were handed to the worker (``after_insert``)."""
    worker = _worker(expectations)
    return worker is not None and worker.early_asked(run_id)


def read_base_frames(
    con: duckdb.DuckDBPyConnection,
    columns: dict[str, set[str]],
    run_id: str,
    sample_rows: int = CHECK_SAMPLE_ROWS,
) -> dict:
    """Table -> frame for each of ``columns``' tables present in the warehouse (a missing
    one is left out, as ``read_batches`` does: its suite then fails as missing), a sample
    of at most ``sample_rows`` rows of a bigger table, as after the commit."""
    present = {
        name
        for (name,) in con.execute("select table_name from information_schema.tables").fetchall()
    }
    return {
        table: read_table(con, table, named, run_id, sample_rows)
        for table, named in columns.items()
        if table in present
    }


def check(warehouse: Path, expectations: Path, run_id: str) -> QualityReport | None:
    """The run's whole report when the base tables were handed over early: their report,
    and the other suites' from the committed warehouse, in the suites' order; None when
    they were not (the caller checks every suite as before). A worker failure in either is
    the one failed ``check_worker`` result, as when the worker checks everything."""
    worker = _worker(expectations)
    if worker is None:
        return None
    early = worker.early_report(run_id)
    if early is None:
        return None
    if _worker_failed(early):
        return early
    order = [path.stem for path in suite_files(expectations)]
    remaining = [table for table in order if table not in BASE_TABLES]
    rest = worker.check(warehouse, run_id=run_id, tables=remaining) if remaining else None
    if rest is None:
        return early
    if _worker_failed(rest):
        return rest
    position = {table: index for index, table in enumerate(order)}
    results = sorted(
        early.results + rest.results, key=lambda result: position.get(result.suite, len(order))
    )
    return QualityReport(results)


def _worker(expectations: Path) -> check_worker.CheckWorker | None:
    worker = check_worker.running()
    if not CHECK_EARLY or worker is None or worker.expectations_dir != expectations:
        return None
    return worker


def _base_suite_columns(expectations: Path) -> dict[str, set[str]]:
    """Base table -> the columns its suite names, from the suite files (no GX), in order."""
    columns: dict[str, set[str]] = {}
    for path in suite_files(expectations):
        if path.stem in BASE_TABLES:
            data = json.loads(path.read_text(encoding="utf-8"))
            columns[path.stem] = columns_named(entry["kwargs"] for entry in data["expectations"])
    return columns


def _worker_failed(report: QualityReport) -> bool:
    return any(result.expectation == WORKER_CHECK for result in report.results)
