"""Read each export's rows from the warehouse and write them as CSV (plain and HXL-tagged)."""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

from returnwatch.export.catalog import Resource, load_catalog
from returnwatch.export.cells import cell
from returnwatch.warehouse import connect

SQL_DIR = Path(__file__).parent / "sql"


class ExportError(RuntimeError):
    """An export query and the catalog disagree, or the warehouse cannot be exported."""


@dataclass(frozen=True)
class Table:
    """One export's rows, in the catalog's column order and the query's sort order."""

    resource: Resource
    rows: list[tuple]

    def records(self) -> list[dict]:
        return [dict(zip(self.resource.column_names, row, strict=True)) for row in self.rows]


def read_tables(warehouse: Path) -> dict[str, Table]:
    """Run ``sql/<resource>.sql`` for every resource of the catalog."""
    con = connect(warehouse, read_only=True)
    try:
        for setup in sorted((SQL_DIR / "setup").glob("*.sql")):
            con.execute(setup.read_text(encoding="utf-8"))
        return {r.name: _read(con, r) for r in load_catalog().resources}
    finally:
        con.close()


def _read(con, resource: Resource) -> Table:
    query = SQL_DIR / f"{resource.name}.sql"
    cursor = con.execute(query.read_text(encoding="utf-8"))
    columns = [d[0] for d in cursor.description]
    if columns != resource.column_names:
        raise ExportError(
            f"{query} returns columns {columns}, but catalog.toml lists "
            f"{resource.column_names} for {resource.name}: make the two agree"
        )
    return Table(resource, cursor.fetchall())


def write_csv(folder: Path, table: Table, hxl: bool = False) -> Path:
    """Write ``table`` (UTF-8, header row, a hashtag row too when ``hxl``) and fsync it."""
    resource = table.resource
    path = folder / (resource.hxl_name if hxl else resource.csv_name)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(resource.column_names)
        if hxl:
            writer.writerow([c.hxl for c in resource.columns])
        writer.writerows([cell(v) for v in row] for row in table.rows)
        out.flush()
        os.fsync(out.fileno())
    return path
