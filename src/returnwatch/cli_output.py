"""Print query results as a rich table, CSV or JSON lines (dates stay ISO dates)."""

from __future__ import annotations

import csv
import json
import sys
from typing import Any

from rich.console import Console
from rich.table import Table


def print_rows(columns: list[str], rows: list[tuple[Any, ...]], format: str) -> None:
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
        table = Table(*columns)
        for row in rows:
            table.add_row(*["" if v is None else str(v) for v in row])
        Console().print(table)
