"""Named read-only queries over the warehouse (``sql/queries/<name>.sql``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from returnwatch.config import SQL_DIR
from returnwatch.warehouse.connect import connect


def run_query(warehouse: Path, name: str) -> pd.DataFrame:
    """The result of ``sql/queries/<name>.sql`` as a frame."""
    (frame,) = run_queries(warehouse, name)
    return frame


def run_queries(warehouse: Path, *names: str) -> list[pd.DataFrame]:
    """The results of several named queries, read through one connection (opening the
    warehouse costs ~15-30 ms)."""
    sqls = [(SQL_DIR / "queries" / f"{name}.sql").read_text(encoding="utf-8") for name in names]
    con = connect(warehouse, read_only=True)
    try:
        return [con.sql(sql).df() for sql in sqls]
    finally:
        con.close()


def known_document_ids(warehouse: Path) -> set[str]:
    """Ids of every document the warehouse holds (none when it does not exist yet)."""
    if not warehouse.exists():
        return set()
    return set(run_query(warehouse, "known_document_ids")["document_id"])
