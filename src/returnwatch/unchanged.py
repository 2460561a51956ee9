"""Whether a run that pulled nothing new may skip load, derive, checks and export.

Besides the documents, the derived layer, the checks and the exports depend on returnwatch's
own code and SQL (an upgrade or an edit changes them), the gazetteer data inside the
package, the analyst's overrides file and the expectation suites. A run records one hash
of all of these (``pipeline_runs.inputs_fingerprint``); the next run with nothing new skips
to its report when the latest run completed, passed its checks, exported to the same
folder and recorded the same hash: its exports still describe the warehouse exactly.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import duckdb

from returnwatch.config import PACKAGE_DIR, SQL_DIR, WAREHOUSE_LOCK_WAIT_SECONDS
from returnwatch.warehouse.connect import connect


@dataclass(frozen=True)
class LatestRun:
    run_id: str
    status: str
    checks_passed: bool | None
    inputs_fingerprint: str | None
    exports_dir: str | None


def inputs_fingerprint(*paths: Path | None) -> str:
    """One hash of returnwatch's package (code, SQL, gazetteer data) and of ``paths``
    (files or folders, e.g. the overrides file and the expectations folder); a path that
    does not exist counts as absent, which differs from empty."""
    digest = hashlib.sha256()
    for root in (PACKAGE_DIR, *paths):
        digest.update(b"\0root\0")
        if root is None or not root.exists():
            digest.update(b"absent")
            continue
        files = sorted(_files(root)) if root.is_dir() else [root]
        for path in files:
            data = path.read_bytes()
            name = path.relative_to(root).as_posix() if root.is_dir() else path.name
            digest.update(f"{name}\0{len(data)}\0".encode())
            digest.update(data)
    return digest.hexdigest()


def latest_run(warehouse: Path, wait: float = WAREHOUSE_LOCK_WAIT_SECONDS) -> LatestRun | None:
    """The warehouse's most recent run (None when there is no warehouse or no run yet);
    ``wait``: seconds to wait while another process holds the file (see ``connect``)."""
    if not warehouse.exists():
        return None
    sql = (SQL_DIR / "queries" / "latest_run.sql").read_text(encoding="utf-8")
    con = connect(warehouse, read_only=True, wait=wait)
    try:
        row = con.execute(sql).fetchone()
    except (duckdb.CatalogException, duckdb.BinderException):
        return None  # no pipeline_runs yet, or a warehouse from before inputs_fingerprint
    finally:
        con.close()
    return LatestRun(*row) if row else None


def unchanged_since(warehouse: Path, fingerprint: str, exports: Path) -> str | None:
    """The id of the latest run when nothing it derived, checked or exported can have
    changed since (its exports in ``exports`` still stand); None when a full run is due."""
    run = standing_run(warehouse, exports)
    if run is None or run.inputs_fingerprint != fingerprint:
        return None
    return run.run_id


def standing_run(
    warehouse: Path, exports: Path, wait: float = WAREHOUSE_LOCK_WAIT_SECONDS
) -> LatestRun | None:
    """The latest run if it completed, passed its checks and its exports are still in
    ``exports``: the only kind a run with nothing new may stand on. None means the next
    run is a full one whatever its sources hold (an empty warehouse, a first run)."""
    run = latest_run(warehouse, wait)
    if (
        run is None
        or run.status != "completed"
        or not run.checks_passed
        or run.exports_dir != str(exports)
        or not (exports / "datapackage.json").is_file()
    ):
        return None
    return run


def _files(folder: Path):
    for path in folder.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            yield path
