"""Open the warehouse: one writer at a time, readers told clearly when a writer holds it."""

from __future__ import annotations

import time
from pathlib import Path

import duckdb

from returnwatch.config import DUCKDB_MEMORY_LIMIT, WAREHOUSE_LOCK_WAIT_SECONDS


class WarehouseUnusable(RuntimeError):
    """The warehouse file cannot be used; the message says why and what to do."""


class WarehouseLocked(WarehouseUnusable):
    """Another process holds the warehouse file."""


class NotAWarehouse(WarehouseUnusable):
    """A file that is not a returnwatch warehouse: not a DuckDB database, or one without the
    tables or views a command reads (not ours, or no run has loaded and derived it yet)."""


def connect(
    path: Path, read_only: bool = False, wait: float = WAREHOUSE_LOCK_WAIT_SECONDS
) -> duckdb.DuckDBPyConnection:
    """Open ``path``, waiting up to ``wait`` seconds while another process holds its lock."""
    if read_only and not path.exists():
        raise FileNotFoundError(f"{path}: no warehouse here yet; run `returnwatch run` first")
    existed = path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait
    while True:
        try:
            con = duckdb.connect(
                str(path),
                read_only=read_only,
                # frames are read by replacement scans: see frame_statements.execute_over
                config={"memory_limit": DUCKDB_MEMORY_LIMIT, "python_enable_replacements": True},
            )
        except duckdb.CatalogException:  # read-only, a CSV, Parquet or JSON file (below)
            raise _not_duckdb(path) from None
        except duckdb.IOException as err:
            if "lock" not in str(err).lower():
                raise _unusable(path, err) from None
            if time.monotonic() >= deadline:
                raise WarehouseLocked(
                    f"{path} is in use by another process ({err}). Wait for that run to end, "
                    "or query a copy of the file."
                ) from None
            time.sleep(0.25)
            continue
        if existed and _in_memory(con):
            con.close()
            raise _not_duckdb(path)
        return con


def _in_memory(con: duckdb.DuckDBPyConnection) -> bool:
    """DuckDB opens an existing CSV, TSV, Parquet or JSON file as an in-memory database
    over it (writes would vanish): its main database then has no file."""
    query = "select path from duckdb_databases() where database_name = current_database()"
    return con.execute(query).fetchall()[0][0] is None  # fetched whole: no open result


def _not_duckdb(path: Path) -> NotAWarehouse:
    return NotAWarehouse(
        f"{path} is not a DuckDB database file; pass --warehouse a .duckdb file that "
        "returnwatch made, or a path where none exists yet"
    )


def _unusable(path: Path, err: duckdb.IOException) -> WarehouseUnusable:
    """What DuckDB could not open, said with the path and what to do."""
    said = str(err).split("\n")[0]
    if "not a valid DuckDB database file" in said:
        return _not_duckdb(path)
    return WarehouseUnusable(
        f"{path} cannot be opened ({said}); check the path and its permissions"
    )
