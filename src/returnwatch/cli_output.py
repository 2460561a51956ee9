"""Print query results as a rich table, CSV or JSON lines (dates stay ISO dates), and the
command line's error exit."""

from __future__ import annotations

import csv
import json
import sys
from typing import Any, NoReturn

import typer

UNBOUNDED_WIDTH = 1_000_000
"""Wide enough for any table printed into a file or a pipe."""


def print_rows(
    columns: list[str], rows: list[tuple[Any, ...]], format: str, title: str | None = None
) -> None:
    """``rows`` as a table (under ``title``, if given), CSV, or one JSON object per line."""
    if format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
    elif format == "json":
        for row in rows:
            sys.stdout.write(
                json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False, default=str)
                + "\n"
            )
    else:
        _print_table(columns, rows, title)


def _print_table(columns: list[str], rows: list[tuple[Any, ...]], title: str | None) -> None:
    """A rich table that cuts no value short: on a terminal a value wider than its column
    folds onto the next lines; into a file or a pipe the table is as wide as its values
    (rich would otherwise assume 80 columns there, and wrap or cut them with "…")."""
    from rich.console import Console
    from rich.measure import Measurement
    from rich.table import Column, Table

    table = Table(
        *[Column(name, overflow="fold") for name in columns],
        title=title,
        title_justify="left",
        min_width=len(title) if title else None,  # the title on one line, however few columns
    )
    for row in rows:
        table.add_row(*["" if v is None else str(v) for v in row])
    console = Console()
    if not console.is_terminal:
        unbounded = console.options.update(width=UNBOUNDED_WIDTH)
        console.width = max(Measurement.get(console, unbounded, table).maximum, 1)
    console.print(table)


def print_records(records: list[dict[str, Any]], title: str) -> None:
    """Dicts sharing their keys as one titled table (the keys are its columns)."""
    columns = list(records[0]) if records else []
    print_rows(columns, [tuple(record.values()) for record in records], "table", title)


def print_json(value: Any) -> None:
    """``value`` as one JSON document (dates and times as ISO text)."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, default=str, indent=2) + "\n")


def fail(message: str) -> NoReturn:
    """Say what went wrong (and what to do) on stderr and exit 2: the system failed."""
    typer.echo(f"returnwatch: {message}", err=True)
    raise typer.Exit(2)
