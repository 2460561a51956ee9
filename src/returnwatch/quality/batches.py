"""What each suite is run on: the warehouse's tables read with DuckDB, bounded in size.

A suite reads only the columns its expectations name; every other column of the table is
there by name with no values (Arrow null columns cost no memory), so the column-set checks
still see the table's real columns. A table of more than ``CHECK_SAMPLE_ROWS`` rows is
checked on a repeatable Bernoulli sample of about that many rows (each row kept with the
same chance, at most ``CHECK_SAMPLE_ROWS``), so a 10-million-figure warehouse is checked in
seconds and in bounded memory: a value that breaks a rule is then found only if sampled (the
observed text says how many rows were checked). Bernoulli rather than reservoir sampling:
a reservoir keeps every candidate row's columns as it goes, twice the time at 1M rows.
When ``run_id`` is given, ``figures`` are those this run loaded: figures are only ever
added, and earlier runs checked theirs.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Collection, Iterable, Iterator, Mapping
from concurrent.futures import Future
from pathlib import Path

import pandas as pd
import pyarrow as pa

from returnwatch.quality.suites import Suite
from returnwatch.warehouse.connect import connect

CHECK_SAMPLE_ROWS = int(os.environ.get("RETURNWATCH_CHECK_SAMPLE_ROWS", "50000"))
"""Largest number of rows of one table a suite is run on (RETURNWATCH_CHECK_SAMPLE_ROWS)."""
PER_RUN = {"figures"}
"""Tables only ever appended to: a run checks the rows it added."""


def read_batches(
    warehouse: Path,
    suites: list[Suite],
    run_id: str | None = None,
    sample_rows: int = CHECK_SAMPLE_ROWS,
) -> dict[str, pd.DataFrame]:
    """One frame per suite's table (tables missing from the warehouse are left out)."""
    frames = read_batches_in_background(warehouse, suites, run_id, sample_rows)
    frames.finish()
    return dict(frames)


def read_batches_in_background(
    warehouse: Path,
    suites: list[Suite],
    run_id: str | None = None,
    sample_rows: int = CHECK_SAMPLE_ROWS,
) -> Frames:
    """``read_batches``, read by a thread in the suites' order; a frame is waited for only
    when it is looked up, so GX validates one table while DuckDB reads the next. Call
    ``finish()`` when done: the warehouse stays open (read-only) until the thread ends."""
    con = connect(warehouse, read_only=True)
    try:
        present = {
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables"
            ).fetchall()
        }
    except BaseException:
        con.close()
        raise
    frames: dict[str, Future] = {s.table: Future() for s in suites if s.table in present}

    def read_all() -> None:
        try:
            for suite in suites:
                frame = frames.get(suite.table)
                if frame is None:
                    continue
                try:
                    frame.set_result(_read(con, suite, run_id, sample_rows))
                except BaseException as error:  # handed to whoever looks the frame up
                    frame.set_exception(error)
        finally:
            con.close()

    reader = threading.Thread(target=read_all, name="check-batches", daemon=True)
    reader.start()
    return Frames(frames, reader)


class Frames(Mapping):
    """Table name -> frame, each waited for when first looked up."""

    def __init__(self, frames: dict[str, Future], reader: threading.Thread) -> None:
        self._frames = frames
        self._reader = reader

    def finish(self) -> None:
        """Wait until every table is read and the warehouse closed again."""
        self._reader.join()

    def __getitem__(self, table: str) -> pd.DataFrame:
        return self._frames[table].result()

    def __iter__(self) -> Iterator[str]:
        return iter(self._frames)

    def __len__(self) -> int:
        return len(self._frames)


def suite_columns(suite: Suite) -> set[str]:
    """Every column an expectation of ``suite`` names."""
    return columns_named([e.configuration.kwargs for e in suite.gx_suite.expectations])


def columns_named(expectations_kwargs: Iterable[Mapping]) -> set[str]:
    """Every column named by expectations' ``kwargs`` (GX's, or a suite file's as they are:
    GX keeps them unchanged), so the run reads a suite's columns without importing GX."""
    names: set[str] = set()
    for kwargs in expectations_kwargs:
        names |= {kwargs[key] for key in ("column", "column_A", "column_B") if key in kwargs}
        names |= set(kwargs.get("column_list") or [])
    return names


def _read(con, suite: Suite, run_id: str | None, sample_rows: int) -> pd.DataFrame:
    return read_table(con, suite.table, suite_columns(suite), run_id, sample_rows)


def read_table(
    con, table: str, named: Collection[str], run_id: str | None, sample_rows: int
) -> pd.DataFrame:
    """``table`` as a suite naming the columns ``named`` is run on, read through ``con``
    (which may be inside the transaction that loaded it: ``returnwatch.early_check``)."""
    columns = [
        name
        for (name,) in con.execute(
            "select column_name from information_schema.columns where table_name = ? "
            "order by ordinal_position",
            [table],
        ).fetchall()
    ]
    wanted = [name for name in columns if name in named]
    # names come from the suite and the warehouse's schema; the one value, run_id, is a parameter
    if run_id and table in PER_RUN:
        rows_of_table, parameters = f'select * from "{table}" where run_id = ?', [run_id]
    else:
        rows_of_table, parameters = f'select * from "{table}"', []
    count = f"select count(*) from ({rows_of_table})"
    (rows,) = con.execute(count, parameters).fetchone()
    if rows > sample_rows:
        percent = 100 * sample_rows / rows
        sample = f"using sample bernoulli({percent!r} percent) repeatable (8) limit {sample_rows}"
    else:
        sample = ""
    selected = ", ".join(f'"{name}"' for name in wanted) or "1 as _row"
    query = f"select {selected} from ({rows_of_table}) {sample}"
    frame = con.execute(query, parameters).df()
    empty = {
        name: pd.arrays.ArrowExtensionArray(pa.nulls(len(frame)))
        for name in columns
        if name not in wanted
    }
    frame = frame.drop(columns=["_row"], errors="ignore").assign(**empty)
    return frame[columns]
