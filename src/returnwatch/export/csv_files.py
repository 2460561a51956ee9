"""Write each export of the catalog as CSV (plain and HXL-tagged) with DuckDB's COPY, and
read the few rows the dashboard and datapackage.json show.

COPY streams a query to a file without Python touching a row, so exports of millions of rows
take seconds and little memory. Cells follow export/cells.py's rules, written in SQL: ISO
dates and times, lower-case booleans, text neutralised against CSV injection (``csv_text``).
"""

from __future__ import annotations

import csv
import errno
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import duckdb

from returnwatch.export.catalog import Resource

SQL_DIR = Path(__file__).parent / "sql"
DASHBOARD_ROWS = 1000
"""Rows of each review list (quarantine, unresolved places, sources) the dashboard shows."""
CHART_SERIES = 7
"""Districts the dashboard's chart draws (those with the most households), one per colour."""
_NO_KERNEL_COPY = {errno.EXDEV, errno.ENOSYS, errno.EOPNOTSUPP, errno.EINVAL, errno.EBADF}
"""copy_file_range's answers for "not here": the copy falls back to Python's."""


class ExportError(RuntimeError):
    """An export query and the catalog disagree, or the warehouse cannot be exported."""


@dataclass(frozen=True)
class Table:
    """Rows of one export, in the catalog's column order and the query's sort order."""

    resource: Resource
    rows: list[tuple]

    def records(self) -> list[dict]:
        return [dict(zip(self.resource.column_names, row, strict=True)) for row in self.rows]


def prepare(con: duckdb.DuckDBPyConnection) -> None:
    """Create the temporary helpers the export queries use (``sql/setup/``)."""
    for setup in sorted((SQL_DIR / "setup").glob("*.sql")):
        con.execute(setup.read_text(encoding="utf-8"))


def export_query(
    con: duckdb.DuckDBPyConnection, resource: Resource, *, ordered: bool = True
) -> str:
    """``sql/<resource>.sql``, checked against the catalog's columns.

    With ``ordered=False`` the file's final ``order by`` is left out, for a query that
    filters or orders the rows itself: sorting a million wide rows only to pick one per
    area from them cost more than the rest of that query.
    """
    path = SQL_DIR / f"{resource.name}.sql"
    query = path.read_text(encoding="utf-8").strip().rstrip(";")
    columns = con.sql(query).columns
    if columns != resource.column_names:
        raise ExportError(
            f"{path} returns columns {columns}, but catalog.toml lists "
            f"{resource.column_names} for {resource.name}: make the two agree"
        )
    return query if ordered else _without_order(path, query)


def _without_order(path: Path, query: str) -> str:
    """``query`` without its final, top-level ``order by`` (a line of its own)."""
    head, found, _ = query.rpartition("\norder by ")
    if not found:
        raise ExportError(
            f"{path} has no final 'order by' line: every export needs one, so its rows "
            "come out in the same order each time"
        )
    return head


def write_csvs(con: duckdb.DuckDBPyConnection, folder: Path, resource: Resource) -> list[Path]:
    """Write ``<name>.csv`` and ``<name>.hxl.csv`` (the same with a hashtag row).

    The caller makes them durable (``fsync``) before it publishes them.
    """
    cells = ", ".join(_cell_sql(column.name, column.type) for column in resource.columns)
    plain = folder / resource.csv_name
    query = export_query(con, resource)
    try:
        con.execute(
            f"copy (select {cells} from ({query}) as export) "
            f"to '{_quoted(plain)}' (format csv, header, new_line '\\r\\n')"
        )
    except duckdb.IOException as err:  # a full disk, as Python's own writes would say it
        raise OSError(f"could not write {plain}: {err}") from err
    hxl = folder / resource.hxl_name
    with plain.open("rb") as source, hxl.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(resource.column_names)
        writer.writerow([c.hxl for c in resource.columns])
        out.flush()
        source.readline()  # the plain file's header row, written above already
        _copy_rest(source, out.buffer)
    return [plain, hxl]


def _copy_rest(source: BinaryIO, out: BinaryIO) -> None:
    """Append the rest of ``source`` to ``out``, in the kernel where it can (no copy
    through Python's buffers: the HXL variant of a 400 MB export costs no CPU to speak of)."""
    start, size = source.tell(), os.fstat(source.fileno()).st_size
    offset = start
    try:
        while offset < size:
            copied = os.copy_file_range(source.fileno(), out.fileno(), size - offset, offset)
            if copied == 0:
                break
            offset += copied
    except OSError as err:
        if err.errno not in _NO_KERNEL_COPY or offset != start:
            raise
    if offset < size:  # not supported here (another file system, an old kernel), or short
        source.seek(offset)
        out.seek(0, os.SEEK_END)
        shutil.copyfileobj(source, out, 1 << 20)


def fsync(path: Path) -> None:
    """Flush ``path`` to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_rows(
    con: duckdb.DuckDBPyConnection, resource: Resource, query: str, *, ordered: bool = True
) -> Table:
    """The rows of ``query`` (which selects from the export query, named ``export``);
    ``ordered=False`` for a ``query`` that orders (or counts) the rows itself."""
    export = export_query(con, resource, ordered=ordered)
    rows = con.execute(query.replace("{export}", f"({export})")).fetchall()
    return Table(resource, rows)


def _cell_sql(name: str, kind: str) -> str:
    column = f'export."{name}"'
    if kind == "string":
        return f'csv_text(cast({column} as varchar)) as "{name}"'
    if kind == "datetime":
        return f"strftime({column}, '%Y-%m-%dT%H:%M:%S') as \"{name}\""
    return f'{column} as "{name}"'


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
