"""Run the suites of ``expectations/`` against warehouse tables held as pandas frames.

GX's SQL datasource returns nothing through duckdb-engine, so the pipeline reads each
table with DuckDB (``.df()``) and this module validates the frames through one ephemeral
GX context per call: a pandas datasource, one dataframe asset per table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from returnwatch.clock import latest_plausible_date
from returnwatch.quality._gx import import_gx
from returnwatch.quality.report import CheckResult, QualityReport
from returnwatch.quality.suites import Suite, load_suites, suite_files

# SUMMARY adds value counts to BASIC's examples; five examples are enough to act on.
RESULT_FORMAT = {"result_format": "SUMMARY", "partial_unexpected_count": 5}
# A suite is first run with BASIC (half of GX's work per expectation when all pass); one
# with a failure is run again with SUMMARY, so failures are reported the same either way.
FIRST_FORMAT = {"result_format": "BASIC", "partial_unexpected_count": 5}
MISSING_TABLE = "table_present"


def warm_up() -> None:
    """Import GX now (seconds), e.g. in a thread while the pipeline does other start-up work."""
    import_gx()


@dataclass
class PreparedChecks:
    """What a check sets up before it validates anything, made ahead of it: the suites as
    read from their files, and a throw-away GX context holding one dataframe asset and batch
    definition per suite (~0.05 s of CPU, most of it GX writing its configuration again for
    each asset). The check worker makes them while it waits for the warehouse.

    Each table's asset serves one check at most: it is then taken (two checks of different
    tables, e.g. the base tables' early check and the derived tables' after the load, share
    them). A check whose folder, tables or suite files differ from what was prepared (a file
    edited since), or wants a table already taken, sets up its own."""

    expectations_dir: Path
    tables: frozenset[str] | None  # None: every suite
    files: dict[str, bytes]
    suites: list[Suite]
    definitions: dict[str, Any]  # table -> GX batch definition
    taken: set[str] = field(default_factory=set, compare=False)

    @property
    def used(self) -> bool:
        """Whether a check has taken any of them."""
        return bool(self.taken)

    def serves(self, expectations_dir: Path, tables: Collection[str] | None) -> bool:
        """Whether a check of ``tables`` (None: all) in ``expectations_dir`` can use these."""
        if self.tables is not None and (tables is None or not set(tables) <= self.tables):
            return False
        if self.taken & {suite.table for suite in self.suites_of(tables)}:
            return False
        return self.describes(expectations_dir)

    def describes(self, expectations_dir: Path) -> bool:
        """Whether ``suites`` are those of ``expectations_dir``'s files as they are now."""
        if Path(expectations_dir) != self.expectations_dir:
            return False
        return _suite_file_contents(self.expectations_dir) == self.files

    def suites_of(self, tables: Collection[str] | None) -> list[Suite]:
        return self.suites if tables is None else [s for s in self.suites if s.table in tables]


def prepare_checks(expectations_dir: Path, tables: Collection[str] | None = None) -> PreparedChecks:
    """The suites of ``tables`` (all by default) and their GX objects, for one later check."""
    expectations_dir = Path(expectations_dir)
    files = _suite_file_contents(expectations_dir)
    suites = _suites(expectations_dir, tables)
    datasource = _context().data_sources.add_pandas(name="warehouse")
    definitions = {
        suite.table: datasource.add_dataframe_asset(
            name=suite.table
        ).add_batch_definition_whole_dataframe(name=f"{suite.table}_whole")
        for suite in suites
    }
    chosen = None if tables is None else frozenset(tables)
    return PreparedChecks(expectations_dir, chosen, files, suites, definitions)


def _suite_file_contents(expectations_dir: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in suite_files(expectations_dir)}


def _prepared_for(
    prepared: PreparedChecks | None, expectations_dir: Path, tables: Collection[str] | None
) -> PreparedChecks:
    """``prepared`` when it serves this check (then taken), else what the check needs, made now."""
    if prepared is None or not prepared.serves(expectations_dir, tables):
        prepared = prepare_checks(expectations_dir, tables)
    prepared.taken |= {suite.table for suite in prepared.suites_of(tables)}
    return prepared


def run_checks(
    frames: Mapping[str, pd.DataFrame],
    expectations_dir: Path,
    *,
    run_date: dt.date | None = None,
    tables: Collection[str] | None = None,
    prepared: PreparedChecks | None = None,
) -> QualityReport:
    """Validate each table's frame against its suite; a suite without a frame fails.

    Args:
        frames: table name -> the table as read from DuckDB; tables without a suite are ignored.
        expectations_dir: the folder of suite files, one ``<table>.json`` per table.
        run_date: the date dates may not exceed (suite parameters ``run_date`` and
            ``run_date_end``); by default ``clock.latest_plausible_date()``, today in
            UTC+14, as the figures schema and the published-date check use.
        tables: only the suites of these tables (all by default), e.g. half of them in
            each of two processes (see ``returnwatch.check_worker``).
        prepared: the suites and GX objects made ahead (``prepare_checks``); used when they
            serve this check, otherwise made now.
    """
    return _validate(frames, _prepared_for(prepared, expectations_dir, tables), tables, run_date)


def _validate(
    frames: Mapping[str, pd.DataFrame],
    prepared: PreparedChecks,
    tables: Collection[str] | None,
    run_date: dt.date | None,
) -> QualityReport:
    parameters = _parameters(run_date)
    results: list[CheckResult] = []
    for suite in prepared.suites_of(tables):
        frame = frames.get(suite.table)
        if frame is None:
            results.append(_missing_table(suite))
            continue
        batch = prepared.definitions[suite.table].get_batch(
            batch_parameters={"dataframe": _comparable_dates(frame)}
        )
        validation = batch.validate(
            suite.gx_suite, result_format=FIRST_FORMAT, expectation_parameters=parameters
        )
        if not validation.success:
            validation = batch.validate(
                suite.gx_suite, result_format=RESULT_FORMAT, expectation_parameters=parameters
            )
        results.extend(_check_results(suite, validation.results))
    return QualityReport(results)


def check_warehouse(
    warehouse: Path,
    expectations_dir: Path,
    *,
    run_id: str | None = None,
    run_date: dt.date | None = None,
    tables: Collection[str] | None = None,
    prepared: PreparedChecks | None = None,
) -> QualityReport:
    """Run every suite (or those of ``tables``) on its warehouse table, read in bounded size
    (see ``batches.py``); DuckDB reads the next table while GX checks one. ``prepared``: see
    ``run_checks``."""
    from returnwatch.quality.batches import read_batches_in_background

    prepared = _prepared_for(prepared, expectations_dir, tables)
    frames = read_batches_in_background(warehouse, prepared.suites_of(tables), run_id)
    try:
        return _validate(frames, prepared, tables, run_date)
    finally:
        frames.finish()  # the warehouse is closed again before the caller writes to it


def _suites(expectations_dir: Path, tables: Collection[str] | None) -> list[Suite]:
    suites = load_suites(expectations_dir)
    return suites if tables is None else [suite for suite in suites if suite.table in tables]


def _context() -> Any:
    """A throw-away in-memory context with progress bars off (TQDM_DISABLE is ignored)."""
    gx = import_gx()
    from great_expectations.data_context.types.base import ProgressBarsConfig
    from great_expectations.execution_engine import pandas_execution_engine

    # GX labels each in-memory batch smaller than this many bytes with an md5 of every cell
    # (pandas' hash of the whole frame), ~0.3 s of CPU on our 50k-row samples; the label is
    # never used here (each batch is built once and validated at once), so it is skipped.
    pandas_execution_engine.HASH_THRESHOLD = 0

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    return context


def _parameters(run_date: dt.date | None) -> dict[str, pd.Timestamp]:
    if run_date is None:
        run_date = latest_plausible_date()  # as rows.py and the pandera schema: no zone fails
    start = pd.Timestamp(run_date)
    return {"run_date": start, "run_date_end": start + pd.Timedelta(days=1)}


def _comparable_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """Give date columns the one dtype GX compares fast and right: naive ``datetime64[ns]``.

    GX 1.24 vectorises range checks only for ``datetime64[ns]``; DuckDB's ``.df()`` gives
    ``datetime64[us]`` (checked row by row in Python, 5x slower) and Arrow-read frames
    hold ``datetime.date`` objects (a pandas comparison error instead of a check result).
    """
    converted = {}
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_datetime64_dtype(series.dtype) and series.dtype != "datetime64[ns]":
            converted[column] = series
        elif pd.api.types.is_object_dtype(series.dtype):
            values = series.dropna()
            if len(values) and isinstance(values.iloc[0], dt.date):
                converted[column] = series
    for column, series in converted.items():
        try:
            converted[column] = pd.to_datetime(series).astype("datetime64[ns]")
        except (OverflowError, ValueError, TypeError):  # beyond 2262: let GX compare as is
            converted[column] = series
    return frame.assign(**converted) if converted else frame


def _missing_table(suite: Suite) -> CheckResult:
    return CheckResult(
        suite=suite.table,
        expectation=MISSING_TABLE,
        column_name="",
        success=False,
        observed=f"no table {suite.table!r} given to check (suite {suite.path.name})",
    )


def _check_results(suite: Suite, validation_results: list[Any]) -> list[CheckResult]:
    """One CheckResult per expectation, in the suite file's order."""
    by_id = {result.expectation_config.id: result for result in validation_results}
    checks = []
    for expectation_id, label in suite.labels.items():
        result = by_id[expectation_id]
        checks.append(
            CheckResult(
                suite=suite.table,
                expectation=label,
                column_name=_column_name(result.expectation_config.kwargs),
                success=bool(result.success),
                observed=observed_text(result.result, result.exception_info),
            )
        )
    return checks


def _column_name(kwargs: Mapping[str, Any]) -> str:
    if "column" in kwargs:
        return str(kwargs["column"])
    if "column_A" in kwargs:
        return f"{kwargs['column_A']},{kwargs['column_B']}"
    return ",".join(kwargs.get("column_list") or [])


def observed_text(result: Mapping[str, Any], exception_info: Any, limit: int = 200) -> str:
    """A short line of what GX observed: an error, the observed value, or unexpected examples."""
    error = _error_message(exception_info)
    if error:
        text = f"error: {error}"
    elif "unexpected_count" in result:
        text = _unexpected_text(result)
    elif (details := (result.get("details") or {}).get("mismatched")) is not None:
        text = "; ".join(f"{key}: {_value(value)}" for key, value in details.items())
    elif "observed_value" in result:
        text = _value(result["observed_value"])
    else:
        text = ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _error_message(exception_info: Any) -> str:
    """The first raised exception's message; GX nests it by metric for suite validations."""
    if not isinstance(exception_info, Mapping):
        return ""
    infos = [exception_info] if "raised_exception" in exception_info else exception_info.values()
    for info in infos:
        if isinstance(info, Mapping) and info.get("raised_exception"):
            return " ".join(str(info.get("exception_message", "")).split())
    return ""


def _unexpected_text(result: Mapping[str, Any]) -> str:
    count, total = result.get("unexpected_count") or 0, result.get("element_count")
    if not count:
        return f"0 unexpected of {total}"
    counts = result.get("partial_unexpected_counts")
    if counts:
        examples = [f"{_value(item['value'])} (x{item['count']})" for item in counts]
    else:
        examples = [_value(value) for value in result.get("partial_unexpected_list") or []]
    return f"{count} unexpected of {total}, e.g. {', '.join(examples)}"


def _value(value: Any) -> str:
    """A compact, readable rendering of one observed value."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{key}={_value(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return "null"
    if isinstance(value, pd.Timestamp | dt.datetime):
        stamp = pd.Timestamp(value)
        return stamp.date().isoformat() if stamp == stamp.normalize() else stamp.isoformat()
    return str(value)
