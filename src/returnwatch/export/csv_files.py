"""Write each export of the catalog as CSV (plain and HXL-tagged) with DuckDB's COPY, and
read the few rows the dashboard and datapackage.json show.

COPY streams a query to a file without Python touching a row, so exports of millions of rows
take seconds and little memory. Cells follow export/cells.py's rules, written in SQL: ISO
dates and times, lower-case booleans, text neutralised against CSV injection (``csv_text``).
"""

from __future__ import annotations

import csv
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from returnwatch.export.catalog import Resource

SQL_DIR = Path(__file__).parent / "sql"
DASHBOARD_ROWS = 1000
"""Rows of each review list (quarantine, unresolved places, sources) the dashboard shows."""
CHART_SERIES = 7
"""Districts the dashboard's chart draws (those with the most households), one per colour."""


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


def export_query(con: duckdb.DuckDBPyConnection, resource: Resource) -> str:
    """``sql/<resource>.sql``, checked against the catalog's columns."""
    path = SQL_DIR / f"{resource.name}.sql"
    query = path.read_text(encoding="utf-8").strip().rstrip(";")
    columns = con.sql(query).columns
    if columns != resource.column_names:
        raise ExportError(
            f"{path} returns columns {columns}, but catalog.toml lists "
            f"{resource.column_names} for {resource.name}: make the two agree"
        )
    return query


def write_csvs(con: duckdb.DuckDBPyConnection, folder: Path, resource: Resource) -> list[Path]:
    """Write ``<name>.csv`` and ``<name>.hxl.csv`` (the same with a hashtag row) and fsync them."""
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
        shutil.copyfileobj(source, out.buffer, 1 << 20)
    for path in (plain, hxl):
        _fsync(path)
    return [plain, hxl]


def read_rows(con: duckdb.DuckDBPyConnection, resource: Resource, query: str) -> Table:
    """The rows of ``query`` (which selects from the export query, named ``export``)."""
    rows = con.execute(query.replace("{export}", f"({export_query(con, resource)})")).fetchall()
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


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
