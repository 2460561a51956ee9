"""Apply the warehouse's ``.sql`` files in order: schema, then staging views, then marts, then
the latest cumulative tables (after the snapshots they are computed from)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import duckdb

from returnwatch import config
from returnwatch.config import SQL_DIR

LAYERS = ("schema", "staging", "marts", "latest")
PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


def settings() -> dict[str, object]:
    """Values the SQL files take from configuration, written into the views as literals
    so that a view means the same in any client that opens the warehouse."""
    return {
        "duplicate_window_days": config.DUPLICATE_WINDOW_DAYS,
        "aggregate_window_days": config.AGGREGATE_WINDOW_DAYS,
    }


def render(path: Path) -> str:
    values = settings()

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise KeyError(
                f"{path}: unknown setting {{{{{name}}}}}; add it to sql_files.settings()"
            )
        return str(values[name])

    return PLACEHOLDER.sub(value, path.read_text(encoding="utf-8"))


def apply_layer(
    con: duckdb.DuckDBPyConnection, layer: str, only: Callable[[str], bool] | None = None
) -> None:
    """Run every file of one layer, in file-name order (with ``only``, the files whose
    rendered SQL it accepts)."""
    for path in sorted((SQL_DIR / layer).glob("*.sql")):
        sql = render(path)
        if only is not None and not only(sql):
            continue
        run_file(con, path, sql)


def run_file(con: duckdb.DuckDBPyConnection, path: Path, sql: str) -> None:
    """Run one file's rendered ``sql``; an error names the file."""
    try:
        con.execute(sql)
    except duckdb.Error as err:
        raise RuntimeError(f"{path.relative_to(SQL_DIR)}: {err}") from err


def apply_all(con: duckdb.DuckDBPyConnection) -> None:
    for layer in LAYERS:
        apply_layer(con, layer)
