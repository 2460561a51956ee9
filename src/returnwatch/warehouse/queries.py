"""Named read-only queries over the warehouse (``sql/queries/<name>.sql``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from returnwatch.config import SQL_DIR
from returnwatch.warehouse.connect import NotAWarehouse, connect

if TYPE_CHECKING:  # pandas only for the frames' type: `returnwatch status` reads without it
    import duckdb
    import pandas as pd


def query_text(name: str) -> str:
    """The SQL of ``sql/queries/<name>.sql``."""
    return (SQL_DIR / "queries" / f"{name}.sql").read_text(encoding="utf-8")


def run_query(warehouse: Path, name: str) -> pd.DataFrame:
    """The result of ``sql/queries/<name>.sql`` as a frame."""
    (frame,) = run_queries(warehouse, name)
    return frame


def run_queries(
    warehouse: Path, *names: str, parameters: Mapping[str, Sequence[Any]] | None = None
) -> list[pd.DataFrame]:
    """The results of several named queries, read through one connection (opening the
    warehouse costs ~15-30 ms); ``parameters``: the ``$1``… values of the queries that
    take some, by name."""
    given = parameters or {}
    sqls = [(query_text(name), given.get(name)) for name in names]
    con = connect(warehouse, read_only=True)
    try:
        return [
            con.execute(sql, list(values)).df() if values else con.sql(sql).df()
            for sql, values in sqls
        ]
    finally:
        con.close()


def fetch_query(
    con: duckdb.DuckDBPyConnection, name: str, parameters: Sequence[Any] = ()
) -> list[dict[str, Any]]:
    """The rows of a named query as plain Python values, one dict per row (no pandas)."""
    cursor = con.execute(query_text(name), list(parameters))
    columns = [description[0] for description in cursor.description or []]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def require_relations(con: duckdb.DuckDBPyConnection, warehouse: Path, names: Sequence[str]):
    """Raise ``NotAWarehouse`` naming what of ``names`` the warehouse lacks."""
    present = {row["table_name"] for row in fetch_query(con, "relations")}
    missing = [name for name in names if name not in present]
    if missing:
        raise NotAWarehouse(
            f"{warehouse} has no {', '.join(missing)}: not a returnwatch warehouse, or no run "
            "has loaded and derived it yet; run `returnwatch run` first"
        )


def known_document_ids(warehouse: Path) -> set[str]:
    """Ids of every document the warehouse holds (none when it does not exist yet)."""
    if not warehouse.exists():
        return set()
    return set(run_query(warehouse, "known_document_ids")["document_id"])
