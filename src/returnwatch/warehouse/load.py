"""Load one run's rows into the warehouse in a single transaction."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from returnwatch.config import SQL_DIR
from returnwatch.warehouse.connect import connect
from returnwatch.warehouse.frame_statements import execute_over
from returnwatch.warehouse.sql_files import apply_layer

KEYS = {
    "documents": ["document_id"],
    "figures": ["figure_id"],
    "quarantine": ["quarantine_id"],
    "areas": ["area_id"],
    "household_sizes": ["country", "year"],
    "pipeline_runs": ["run_id"],
    "overrides": ["line"],
    "snapshots": ["known_on"],
    "quality_results": ["run_id", "suite", "expectation", "column_name"],
}
REPLACED = {"areas", "household_sizes", "overrides"}
"""Tables a load replaces whole (an empty frame empties them); the others only gain rows."""
DERIVED_FROM = {"areas", "household_sizes", "documents", "figures"}
"""Tables the derived layer reads: loading any of them re-derives in the same transaction."""
BASE_TABLES = frozenset({"areas", "household_sizes", "documents", "figures", "quarantine"})
"""Tables only a load's inserts write: in their final state before the derive (which writes
the derived tables and ``overrides``), e.g. for ``after_insert`` to read."""
ORDER = (
    "areas",
    "household_sizes",
    "documents",
    "figures",
    "quarantine",
    "quality_results",
    "pipeline_runs",
)


@dataclass(frozen=True)
class LoadCounts:
    """Rows each table gained."""

    added: dict[str, int]


def ensure_schema(path: Path) -> None:
    """Create the warehouse file and its tables if they are not there yet."""
    con = connect(path)
    try:
        apply_layer(con, "schema")
    finally:
        con.close()


def load_tables(
    path: Path,
    frames: dict[str, pd.DataFrame],
    release: bool = False,
    unique: Collection[str] = (),
    after_insert: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
) -> LoadCounts:
    """Insert each frame into its table, all or nothing.

    ``release``: take each frame out of ``frames`` once it is inserted, so that a big run's
    frames (a million figures hold ~0.7 GB) are freed before the derive, which wants
    DuckDB's whole memory limit beside the rest of the process.

    Each frame is deduplicated on its table's key first: DuckDB's ON CONFLICT keeps
    the first of two equal keys within one batch without a word (and ``figures``, which
    has no key index, takes only the keys it does not hold yet: ``sql/load/figures.sql``).
    ``unique`` names tables whose frames the caller knows hold each key once, which are
    not searched for repeats again (the run's figures, after pandera's ``unique`` check
    of figure_id: ~0.3 s of hashing a million ids). When the frames
    change what the derived layer reads, it is derived again before the commit, so a
    run killed at any point leaves the warehouse as it was or fully loaded and derived.

    ``after_insert``: called with the connection inside the transaction once every frame is
    inserted, before the derive (``BASE_TABLES`` are then final): the run hands the base
    tables to its check worker there (``returnwatch.early_check``). What it raises rolls
    the load back, so it should not raise.
    """
    from returnwatch.warehouse.derive import derive_in

    con = connect(path)
    added: dict[str, int] = {}
    derived_from_frames = bool(DERIVED_FROM & frames.keys())
    try:
        apply_layer(con, "schema")
        con.begin()
        _drop_figures_key(con)
        for table in ORDER:
            if table in frames:
                frame = frames.pop(table) if release else frames[table]
                added[table] = _load(con, table, frame, deduplicate=table not in unique)
                del frame
        if after_insert is not None:
            after_insert(con)
        if derived_from_frames:
            derive_in(con)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    finally:
        con.close()
    return LoadCounts(added)


def load_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> int:
    """Run ``sql/load/<table>.sql`` over ``frame``; return how many rows the table gained."""
    return _load(con, table, frame)


def _drop_figures_key(con: duckdb.DuckDBPyConnection) -> None:
    """Warehouses made before the figures table lost its primary key are copied once into
    the new shape (DuckDB cannot drop a primary key): the index over every figure_id made
    each load slower and bigger, and load/figures.sql keeps the keys unique without it."""
    (keyed,) = con.execute(
        "select count(*) from duckdb_constraints() where database_name = current_database() "
        "and schema_name = 'main' and table_name = 'figures' and constraint_type = 'PRIMARY KEY'"
    ).fetchall()[0]
    if not keyed:
        return
    con.execute("alter table figures rename to figures_keyed")
    apply_layer(con, "schema")
    con.execute("insert into figures by name select * from figures_keyed")
    con.execute("drop table figures_keyed")


def _load(
    con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, deduplicate: bool = True
) -> int:
    if frame.empty and table not in REPLACED:
        return 0
    before = con.execute(f"select count(*) from {table}").fetchall()[0][0]
    incoming = frame
    if deduplicate:
        repeated = frame.duplicated(subset=KEYS[table], keep="first")
        incoming = frame[~repeated] if repeated.any() else frame  # a copy only when needed
    execute_over(con, (SQL_DIR / "load" / f"{table}.sql").read_text(encoding="utf-8"), incoming)
    del incoming, frame
    after = con.execute(f"select count(*) from {table}").fetchall()[0][0]
    return after - before
