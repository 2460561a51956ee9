"""Write every export into a temporary folder, then swap it in: all files change or none."""

from __future__ import annotations

import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from returnwatch.export.catalog import load_catalog
from returnwatch.export.csv_files import fsync, prepare, write_csvs
from returnwatch.export.dashboard import write_dashboard
from returnwatch.export.dashboard_rows import dashboard_tables
from returnwatch.export.datapackage import write_datapackage
from returnwatch.warehouse import connect, derive


def write_exports(warehouse: Path, exports_dir: Path) -> list[Path]:
    """CSVs, their HXL variants, ``datapackage.json`` and ``dashboard.html`` for ``warehouse``.

    Callers decide first that the warehouse passed its checks (see ``gate.export_refusal``).
    Files are written beside ``exports_dir`` and the folder is swapped in whole, so readers
    never see half an export; if anything fails (a full disk included) the last export stays.
    """
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
                flushed += [flushing.submit(fsync, p) for p in write_csvs(con, staging, resource)]
            tables, counts = dashboard_tables(con)
        finally:
            con.close()
        write_datapackage(staging, tables, now)
        write_dashboard(staging, tables, now, counts)
        for done in flushed:
            done.result()  # raises what fsync raised (a full disk, an I/O error)
        _swap(staging, exports_dir)
    except BaseException:
        flushing.shutdown(cancel_futures=True)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        flushing.shutdown()
    return sorted(p for p in exports_dir.iterdir() if p.is_file())


def _open_derived(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """The warehouse opened read-only. One derived by an older returnwatch lacks the columns
    the return_events export reads from ``stg_return_events`` (see sql/return_events.sql): it
    is derived again first, as the next run's load would, then opened again."""
    con = connect(warehouse, read_only=True)
    try:
        (current,) = con.execute(
            "select count(*) from information_schema.columns "
            "where table_name = 'stg_return_events' and column_name = 'source_urls'"
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
