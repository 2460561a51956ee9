"""Write the dashboard CSVs: one per public view, replaced together or not at all."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from returnwatch.warehouse import connect

SQL_DIR = Path(__file__).parent / "sql"


def export_csvs(warehouse: Path, exports_dir: Path) -> list[Path]:
    """Write every ``sql/*.sql`` query's result as ``<name>.csv`` (UTF-8, header, ISO dates).

    Files are written into a temporary folder beside ``exports_dir`` which then takes its
    place, so readers never see half an export.
    """
    exports_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{exports_dir.name}-", dir=exports_dir.parent))
    try:
        con = connect(warehouse, read_only=True)
        try:
            for query in sorted(SQL_DIR.glob("*.sql")):
                target = staging / f"{query.stem}.csv"
                sql = query.read_text(encoding="utf-8")
                con.execute(f"copy ({sql}) to '{_quoted(target)}' (header, delimiter ',')")
        finally:
            con.close()
        _swap(staging, exports_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(exports_dir.glob("*.csv"))


def _swap(new: Path, target: Path) -> None:
    old = target.with_name(f".{target.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
