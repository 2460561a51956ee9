"""Every default returnwatch uses, in one place.

Paths are relative to the project root unless given; the project root is the
current directory when it holds ``sources.toml``, else the checkout this
package was installed from (an editable install), else the current directory.
A project root without an ``expectations/`` folder is checked with the checkout's suites.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
SQL_DIR = PACKAGE_DIR / "warehouse" / "sql"

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
"""Documents larger than this are recorded as rejected, never read into memory."""

MAX_TABLE_BYTES = 1024 * 1024 * 1024
"""The same for CSV tables in a folder: a DTM export of a million rows is ~60 MB, read
column-wise (``extract/hxl_table.py``)."""

DUPLICATE_WINDOW_DAYS = 7
"""Two reports of the same quantity, unit and place this close in time are one return."""

AGGREGATE_WINDOW_DAYS = 31
"""Parts reported this close before a total are taken as that total's parts."""

DUCKDB_MEMORY_LIMIT = os.environ.get("RETURNWATCH_DUCKDB_MEMORY_LIMIT", "768MB")
"""DuckDB's memory_limit for every warehouse connection (it spills to disk beyond it), so a run
over millions of figures stays within 2 GiB of RSS with its figures frame beside it (a 1M-row
table's frame is ~0.5 GB; the benchmark's run peaked at 1.82 GB with 768MB, 2.01-2.08 GB
with 1GB, in about the same time); RETURNWATCH_DUCKDB_MEMORY_LIMIT changes it (e.g. "4GB")."""

WAREHOUSE_LOCK_WAIT_SECONDS = float(os.environ.get("RETURNWATCH_LOCK_WAIT_SECONDS", "30"))
"""How long a run waits for another process to release the warehouse file (and a run
for another run to end); RETURNWATCH_LOCK_WAIT_SECONDS changes it."""

CHECK_WORKER_TIMEOUT_SECONDS = float(os.environ.get("RETURNWATCH_CHECK_WORKER_TIMEOUT", "600"))
"""How long a run waits for its check worker (``check_worker.py``) to answer, GX's import
included when the worker is still starting; past it the checks count as failed and the
worker is stopped (RETURNWATCH_CHECK_WORKER_TIMEOUT changes it)."""
CHECK_WORKER_PARALLEL = os.environ.get("RETURNWATCH_CHECK_WORKER_PARALLEL", "auto")
"""The check worker splits the suites with a copy of itself forked once GX is imported, so
two cores check while the run waits: ``auto`` when the rest of the machine left a core
idle while the run went on (``check_worker.CpuClock``; the load average where ``/proc`` is
missing), ``1`` always, ``0`` never (RETURNWATCH_CHECK_WORKER_PARALLEL)."""

CHECK_EARLY = os.environ.get("RETURNWATCH_CHECK_EARLY", "1") != "0"
"""With a check worker running, the load hands it the base tables' frames (documents,
figures, areas: final once inserted) to check while DuckDB derives, and the check stage
asks it only for the derived tables' suites (``returnwatch.early_check``); ``0`` checks
every suite after the load (RETURNWATCH_CHECK_EARLY)."""

EXPORT_WHILE_CHECKING = os.environ.get("RETURNWATCH_EXPORT_WHILE_CHECKING", "1") != "0"
"""A run writes its exports while its checks run and publishes them only if the checks
pass (``export.write.PendingExport``); ``0`` checks first, then exports
(RETURNWATCH_EXPORT_WHILE_CHECKING)."""


DASK_BATCH_DOCUMENTS = 200
"""Documents per extraction task with ``--task-runner dask``: each task costs a few Prefect
API calls (tens of ms), and 200 documents take ~0.4 s of a core, so the calls stay small."""

DASK_CONNECT_TIMEOUT_SECONDS = float(os.environ.get("RETURNWATCH_DASK_CONNECT_TIMEOUT", "10"))
"""How long ``--task-runner dask`` waits for the scheduler, its first worker and the Prefect
API before it gives up (RETURNWATCH_DASK_CONNECT_TIMEOUT changes it)."""


@dataclass(frozen=True)
class HttpSettings:
    """How sources talk HTTP; each field can be set from the environment
    (``RETURNWATCH_HTTP_<FIELD>``, e.g. ``RETURNWATCH_HTTP_READ_TIMEOUT=5``)."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    deadline: float = 120.0  # a whole request, body included: a trickling server cannot hang a run
    retries: int = 3  # after the first try, on timeouts, 429 and 5xx
    backoff: float = 1.0  # seconds before the first retry, doubled each time
    max_retry_wait: float = 60.0  # longest Retry-After honoured
    max_bytes: int = MAX_DOCUMENT_BYTES
    max_redirects: int = 5
    max_pages: int = 50  # pages of an API followed through links.next
    user_agent: str = "returnwatch/0.1 (pipeline tracking returns of displaced people)"

    @classmethod
    def from_env(cls) -> HttpSettings:
        values = {}
        for name, spec in cls.__dataclass_fields__.items():
            raw = os.environ.get(f"RETURNWATCH_HTTP_{name.upper()}")
            if raw:
                kind = type(spec.default)
                try:
                    values[name] = kind(raw) if kind is not str else raw
                except ValueError:
                    raise ValueError(
                        f"RETURNWATCH_HTTP_{name.upper()}={raw!r} is not a {kind.__name__}"
                    ) from None
        return cls(**values)


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
    gazetteer: Path | None = None
    """A folder of gazetteer data files (areas.csv, aliases.csv, household_sizes.csv);
    None: the gazetteer packaged with returnwatch."""

    @classmethod
    def defaults(cls, root: Path | None = None) -> RunPaths:
        root = root or project_root()
        return cls(
            sources=root / "sources.toml",
            warehouse=root / "data" / "warehouse" / "returns.duckdb",
            archive=root / "data" / "raw" / "archive",
            exports=root / "data" / "warehouse" / "exports",
            expectations=_expectations(root),
            overrides=root / "data" / "overrides.csv",
        )

    def exports_for(self, warehouse: Path | None, exports: Path | None) -> Path:
        """The exports folder of a command given ``--warehouse`` and ``--exports``: the
        folder given, else ``exports/`` beside a warehouse given (so a run on another
        warehouse never writes over this project's exports), else the default."""
        if exports is not None:
            return exports
        if warehouse is not None:
            return warehouse.parent / "exports"
        return self.exports


def _expectations(root: Path) -> Path:
    """The suites of ``root``, else (a project folder of the user's own, holding a
    sources.toml but no suites) those of the checkout returnwatch was installed from."""
    own = root / "expectations"
    checkout = PACKAGE_DIR.parents[1] / "expectations"
    return checkout if not own.is_dir() and checkout.is_dir() else own


LEGACY_ENCODINGS = (
    "cp1256",
    "iso8859_6",
    "cp720",
    "cp864",
    "mac_arabic",
    "cp1252",
    "latin_1",
    "utf_16",
    "utf_32",
)
"""Encodings tried first for text that is not UTF-8 (Arabic and Western legacy code pages):
charset-normalizer guesses better among a few plausible ones than among all, on short texts."""

PLAUSIBILITY_MARGIN = 1.5
"""A figure above this many times its area's census population (or households) is quarantined:
room for growth since the census and for the census's own error, not for a misread."""
