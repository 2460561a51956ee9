"""Every default returnwatch uses, in one place.

Paths are relative to the project root unless given; the project root is the
current directory when it holds ``sources.toml``, else the checkout this
package was installed from (an editable install), else the current directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
SQL_DIR = PACKAGE_DIR / "warehouse" / "sql"

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
"""Documents larger than this are recorded as rejected, never read into memory."""

DUPLICATE_WINDOW_DAYS = 7
"""Two reports of the same quantity, unit and place this close in time are one return."""

AGGREGATE_WINDOW_DAYS = 31
"""Parts reported this close before a total are taken as that total's parts."""

WAREHOUSE_LOCK_WAIT_SECONDS = float(os.environ.get("RETURNWATCH_LOCK_WAIT_SECONDS", "30"))
"""How long a run waits for another process to release the warehouse file (and a run
for another run to end); RETURNWATCH_LOCK_WAIT_SECONDS changes it."""


def project_root() -> Path:
    """The folder the defaults are relative to (see the module docstring)."""
    override = os.environ.get("RETURNWATCH_HOME")
    if override:
        return Path(override).resolve()
    cwd = Path.cwd()
    if (cwd / "sources.toml").is_file():
        return cwd
    checkout = PACKAGE_DIR.parents[1]
    if (checkout / "sources.toml").is_file() and (checkout / "pyproject.toml").is_file():
        return checkout
    return cwd


@dataclass(frozen=True)
class RunPaths:
    """Where one pipeline run reads and writes."""

    sources: Path
    warehouse: Path
    archive: Path
    exports: Path
    expectations: Path
    overrides: Path | None = None
    """The analyst's overrides file (see docs/warehouse.md)."""

    @classmethod
    def defaults(cls, root: Path | None = None) -> RunPaths:
        root = root or project_root()
        return cls(
            sources=root / "sources.toml",
            warehouse=root / "data" / "warehouse" / "returns.duckdb",
            archive=root / "data" / "raw" / "archive",
            exports=root / "data" / "warehouse" / "exports",
            expectations=root / "expectations",
            overrides=root / "data" / "overrides.csv",
        )
