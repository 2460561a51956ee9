"""Statements that read a pandas frame on a warehouse connection, inside a transaction."""

from __future__ import annotations

import duckdb
import pandas as pd


def execute_over(con: duckdb.DuckDBPyConnection, sql: str, incoming: pd.DataFrame) -> None:
    """Run ``sql``, which reads ``incoming`` under that name.

    DuckDB finds the frame by its replacement scan (a local variable the SQL names), not by
    ``con.register``: duckdb 2.0 keeps a registered object alive until the transaction ends,
    ``unregister`` or not, so inside the load's transaction a run's million figures (~0.5 GB
    of Arrow buffers) and every batch of the stock walk stayed in memory through the whole
    derive, beside DuckDB's own memory limit. A replacement scan lets go of the frame once
    the statement ends. (``connect`` keeps ``python_enable_replacements`` on.)
    """
    con.execute(sql)
