"""Write every export into a temporary folder, then swap it in: all files change or none."""

from __future__ import annotations

import shutil
import tempfile
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from returnwatch.export.catalog import load_catalog
from returnwatch.export.csv_files import fsync, prepare, write_csvs
from returnwatch.export.dashboard import write_dashboard
from returnwatch.export.dashboard_rows import dashboard_tables
from returnwatch.export.datapackage import write_datapackage
from returnwatch.export.exported_run import ExportedRun, latest_completed_run
from returnwatch.export.target import check_export_target
from returnwatch.warehouse import connect, derive


def write_exports(warehouse: Path, exports_dir: Path, run: ExportedRun | None = None) -> list[Path]:
    """CSVs, their HXL variants, ``datapackage.json`` and ``dashboard.html`` for ``warehouse``.

    Callers decide first that the warehouse passed its checks (see ``gate.export_refusal``).
    Files are written beside ``exports_dir`` and the folder is swapped in whole, so readers
    never see half an export; if anything fails (a full disk included) the last export stays.
    ``run``: the run whose warehouse this is, named in ``datapackage.json`` (a run passes
    itself); None names the warehouse's latest completed run (``latest_completed_run``).
    """
    staging = _write_staged(warehouse, exports_dir, run)
    return _publish(staging, exports_dir)


class PendingExport:
    """An export written in a background thread while the run checks the warehouse, and
    published (swapped in, as ``write_exports`` does) only if the checks pass.

    Both only read the warehouse, each on its own read-only connection (the checks possibly
    in the check worker's process), and they need different things: the export is DuckDB's
    ``COPY`` on both cores, the checks mostly Great Expectations' Python on one. The export's
    connection is closed once ``publish`` or ``discard`` returns, so the run writes to the
    warehouse (its quality results, with its report) only after either. ``discard`` (a
    failed check, or any end without ``publish``) waits for the thread and removes what it
    wrote, so the last good export stays as it was.
    """

    def __init__(self, warehouse: Path, exports_dir: Path, run: ExportedRun | None = None) -> None:
        self.exports_dir = exports_dir
        self._run = run
        self._cancelled = threading.Event()
        self._done = False
        self._staging: Future = Future()
        self._thread = threading.Thread(
            target=self._write, args=(warehouse,), name="returnwatch-export", daemon=True
        )
        self._thread.start()

    def _write(self, warehouse: Path) -> None:
        try:
            staging = _write_staged(warehouse, self.exports_dir, self._run, self._cancelled)
            self._staging.set_result(staging)
        except BaseException as err:  # raised again by publish, in the caller's thread
            self._staging.set_exception(err)

    def publish(self) -> list[Path]:
        """Swap the written export in; raises what writing it raised (OSError: a full disk)."""
        if self._done:
            raise RuntimeError(
                f"this export to {self.exports_dir} was already published or discarded"
            )
        self._done = True
        return _publish(self._staging.result(), self.exports_dir)

    def discard(self) -> None:
        """Drop the export (nothing, once published): it stops after the file it is
        writing; the last export stays."""
        if self._done:
            return
        self._done = True
        self._cancelled.set()
        self._thread.join()
        if self._staging.exception() is None:
            shutil.rmtree(self._staging.result(), ignore_errors=True)


def start_exports(
    warehouse: Path, exports_dir: Path, run: ExportedRun | None = None
) -> PendingExport:
    """Begin writing the exports of ``warehouse`` in the background (see ``PendingExport``;
    ``run`` as in ``write_exports``)."""
    return PendingExport(warehouse, exports_dir, run)


class ExportCancelled(Exception):
    """A pending export was discarded before it was written."""


def _write_staged(
    warehouse: Path,
    exports_dir: Path,
    run: ExportedRun | None = None,
    cancelled: threading.Event | None = None,
) -> Path:
    """Every export file written and flushed into a new folder beside ``exports_dir``;
    ``cancelled`` stops it between two files. On failure the folder is removed and the
    error raised."""
    check_export_target(exports_dir)  # before any work: refused now, refused at the swap
    now = datetime.now(UTC).replace(tzinfo=None)
    exports_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{exports_dir.name}-", dir=exports_dir.parent))
    # Each CSV is flushed to the disk in a thread while DuckDB writes the next one.
    flushing = ThreadPoolExecutor(max_workers=1, thread_name_prefix="export-fsync")
    try:
        flushed = []
        con = _open_derived(warehouse)
        try:
            prepare(con)
            for resource in load_catalog().resources:
                if cancelled is not None and cancelled.is_set():
                    raise ExportCancelled(f"the export to {exports_dir} was discarded")
                flushed += [flushing.submit(fsync, p) for p in write_csvs(con, staging, resource)]
            tables, counts = dashboard_tables(con)
            run = run or latest_completed_run(con)  # read with the data: the same state
        finally:
            con.close()
        write_datapackage(staging, tables, now, run)
        write_dashboard(staging, tables, now, counts)
        for done in flushed:
            done.result()  # raises what fsync raised (a full disk, an I/O error)
    except BaseException:
        flushing.shutdown(cancel_futures=True)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        flushing.shutdown()
    return staging


def _publish(staging: Path, exports_dir: Path) -> list[Path]:
    try:
        check_export_target(exports_dir)  # again: the folder may have changed meanwhile
        _swap(staging, exports_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(p for p in exports_dir.iterdir() if p.is_file())


def _open_derived(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """The warehouse opened read-only. One derived by an older returnwatch lacks the columns
    the return_events export reads from ``stg_return_events`` (see sql/return_events.sql),
    the ``stg_event_sources`` it looks sources up in, or the ``stg_uncounted_figures`` view
    of uncounted_figures: it is derived again first, as the next run's load would, then
    opened again."""
    con = connect(warehouse, read_only=True)
    try:
        (current,) = con.execute(
            "select count(*) = 2 from information_schema.columns "
            "where (table_name, column_name) in "
            "(('stg_return_events', 'source_no'), ('stg_uncounted_figures', 'reason'))"
        ).fetchone()
    except BaseException:
        con.close()
        raise
    if current:
        return con
    con.close()
    derive(warehouse)
    return connect(warehouse, read_only=True)


def _swap(new: Path, target: Path) -> None:
    old = target.with_name(f".{target.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
