"""Split extracted figures into those that pass the schema and quarantine rows for the rest."""

from __future__ import annotations

import hashlib
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.errors as pa_errors
import pyarrow as pa

from returnwatch.schemas import FIGURE_SCHEMA
from returnwatch.schemas.capacity import Capacity, area_capacities
from returnwatch.schemas.figures import STRING

INTEGER_COLUMNS = ("quantity", "quantity_high", "stage", "span_start", "span_end")
DATE_COLUMNS = ("event_date", "published_date")


@dataclass(frozen=True)
class Validated:
    accepted: pd.DataFrame
    rejected: list[dict]  # quarantine rows: document_id, stage, check_name, reason, value, record


def validate_extractions(
    extractions: Sequence, capacities: dict[str, Capacity] | None = None
) -> Validated:
    """``validate_figures`` over every figure of a run, each with its document's published
    date; a table's figures go in as the frame they are held in, never row by row."""
    from returnwatch.extract.figure_table import FigureTable

    records: list[dict] = []
    frames: list[pd.DataFrame] = []
    for e in extractions:
        if isinstance(e.figures, FigureTable):
            if len(e.figures):
                published = pd.Timestamp(e.published) if e.published else pd.NaT
                frames.append(e.figures.frame.assign(published_date=published))
        else:
            records += [{**f.record(), "published_date": e.published} for f in e.figures]
    if records or not frames:
        frames.insert(0, pd.DataFrame.from_records(records))
    return validate_frame(frames, capacities)


def validate_figures(
    records: list[dict], capacities: dict[str, Capacity] | None = None
) -> Validated:
    """``validate_frame`` over figure records (``Figure.record()`` + ``published_date``)."""
    return validate_frame([pd.DataFrame.from_records(records)], capacities)


def validate_frame(
    frames: list[pd.DataFrame], capacities: dict[str, Capacity] | None = None
) -> Validated:
    """Lazy pandera validation; every failing row is quarantined with each check it failed.

    Two passes: types first (a failed coercion leaves pandera without row numbers for
    the other checks of that column), then the schema on rows that typed cleanly.
    Then plausibility: a figure larger than its area could hold (``capacities``, by
    default the census counts of ``schemas.capacity``) is quarantined too.
    """
    frames = [frame for frame in frames if not frame.empty] or frames[:1]
    if frames[0].empty:
        return Validated(frames[0], [])
    rejected: list[dict] = []
    typed = []
    for part in frames:
        part, bad = _typed(part)
        typed.append(part)
        rejected += bad
    frame = typed[0] if len(typed) == 1 else pd.concat(typed, ignore_index=True)
    frame = frame.reset_index(drop=True)
    without_data_synthesis()  # before pandera's first validation registers its backends
    try:
        FIGURE_SCHEMA.validate(frame, lazy=True, inplace=True)  # no copy: nothing is coerced
    except pa_errors.SchemaErrors as err:
        rejected += _failures(frame, err.failure_cases)
    rejected += _over_capacity(frame, area_capacities() if capacities is None else capacities)
    bad = {row["record"]["figure_id"] for row in rejected}
    accepted = frame[~frame["figure_id"].isin(bad)].reset_index(drop=True) if bad else frame
    return Validated(accepted, rejected)


def _typed(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[dict]]:
    from returnwatch.extract.figure_table import TEXT_COLUMNS

    frame = frame.copy(deep=False)  # copy-on-write: the columns set below are new ones
    rejected: list[dict] = []
    for column in INTEGER_COLUMNS:
        if pd.api.types.is_integer_dtype(frame[column]):  # whole numbers already (tables)
            frame[column] = frame[column].astype("Int64")
            continue
        numbers = [_whole_number(value) for value in frame[column]]
        for index, value, number in zip(frame.index, frame[column], numbers, strict=True):
            if number is _BROKEN:
                rejected.append(_row(frame.loc[index], column, "is_integer", value))
        frame[column] = pd.array([None if n is _BROKEN else n for n in numbers], dtype="Int64")
    for column in DATE_COLUMNS:
        frame[column] = pd.to_datetime(frame[column], errors="coerce").astype("datetime64[ns]")
    frame["quantity"] = frame["quantity"].fillna(-1).astype("int64")
    frame["resolve_score"] = frame["resolve_score"].astype(float)
    for column in TEXT_COLUMNS:
        if column in frame and frame[column].dtype != STRING:
            frame[column] = _text(frame[column])
    if rejected:
        bad = {row["record"]["figure_id"] for row in rejected}
        frame = frame[~frame["figure_id"].isin(bad)]
    return frame, rejected


def _text(column: pd.Series) -> pd.Series:
    """A text column as Arrow strings (a value that is not text, written as text)."""
    try:
        return column.astype(STRING)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return column.map(lambda v: v if v is None or isinstance(v, str) else str(v)).astype(STRING)


def _over_capacity(frame: pd.DataFrame, capacities: dict[str, Capacity]) -> list[dict]:
    if not capacities or "area_id" not in frame or frame.empty:
        return []
    areas, known = pd.factorize(frame["area_id"])  # each area's limits looked up once
    limits = {
        unit: np.array([_limit(capacities, area, unit) for area in known] + [np.nan])[areas]
        for unit in ("households", "individuals")
    }  # an area with no capacity (or no area: code -1, the last) has limit NaN
    households = (frame["unit"] == "households").to_numpy(bool, na_value=False)
    limit = np.where(households, limits["households"], limits["individuals"])
    over = frame["quantity"].to_numpy("float64") > limit  # no limit: NaN, False
    rows = []
    for index in frame.index[over]:
        figure = frame.loc[index]
        capacity = capacities[figure["area_id"]]
        row = _row(figure, "quantity", "area_capacity", figure["quantity"])
        row["reason"] = (
            f"{row['record'].get('file')}, characters {figure['span_start']}-{figure['span_end']}: "
            f"{figure['quantity']:,} {figure['unit']} in {figure['area_id']} is more than "
            f"{capacity.describe(figure['unit'])}, {capacity.source}; check the number"
        )
        rows.append(row)
    return rows


def _limit(capacities: dict[str, Capacity], area: str, unit: str) -> float:
    capacity = capacities.get(area)
    return np.nan if capacity is None else float(capacity.limit(unit))


_BROKEN = object()
INT64 = (-(2**63), 2**63 - 1)


def _whole_number(value: object) -> object:
    """``value`` as an int, None when missing, or _BROKEN when it is not a whole number the
    warehouse can store (text, a fraction, or beyond 64 bits, e.g. 10**22 misread digits)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return _BROKEN
    if isinstance(value, float) and value != number:
        return _BROKEN
    return number if INT64[0] <= number <= INT64[1] else _BROKEN


def _failures(frame: pd.DataFrame, cases: pd.DataFrame) -> list[dict]:
    rows = []
    for case in cases.itertuples(index=False):
        if pd.isna(case.index):
            continue
        column = case.column if isinstance(case.column, str) and case.column in frame else None
        rows.append(_row(frame.loc[int(case.index)], column, str(case.check), case.failure_case))
    seen, unique = set(), []
    for row in rows:
        key = (row["record"]["figure_id"], row["check_name"])
        if key not in seen:
            seen.add(key)
            unique.append(row)
    return unique


def _row(figure: pd.Series, column: str | None, check: str, value: object) -> dict:
    record = {k: _plain(v) for k, v in figure.items()}
    where = f"{record.get('file')}, characters {record.get('span_start')}-{record.get('span_end')}"
    subject = f"{column} {value!r}" if column else "figure"
    return {
        "quarantine_id": hashlib.sha1(f"{record['figure_id']}|{check}".encode()).hexdigest()[:20],
        "document_id": record.get("document_id"),
        "stage": "validate",
        "check_name": check,
        "reason": f"{where}: {subject} fails '{check}'; correct the source or add an override",
        "value": None if _plain(value) is None else str(value),  # missing: None, not "<NA>"
        "record": record,
    }


def _plain(value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def warm_up_validation() -> None:
    """Register pandera's pandas backends now: the first validation does it otherwise, and
    its imports take ~0.5 s (see ``flows.returns_pipeline.warm_up``)."""
    without_data_synthesis()
    FIGURE_SCHEMA.register_default_backends(pd.DataFrame)


def without_data_synthesis() -> None:
    """Have pandera take ``hypothesis`` as not installed, unless this process imported it.

    Registering pandera's pandas backends imports its data synthesis strategies, and those
    import hypothesis when it is installed: ~0.25 s of CPU on a run's path, for strategies
    returnwatch never uses. hypothesis is only a development dependency (the tests use it),
    so an installed returnwatch never pays this; in the project's own venv every
    ``returnwatch run`` did. The strategies' base module is imported here while hypothesis
    is hidden (None in ``sys.modules``: its import fails, as when it is missing), then
    hypothesis is importable again. A process that has imported hypothesis already (the
    test session) keeps pandera's strategies."""
    if "hypothesis" in sys.modules or "pandera.strategies.base_strategies" in sys.modules:
        return
    sys.modules["hypothesis"] = None  # type: ignore[assignment]
    try:
        import pandera.strategies.base_strategies  # noqa: F401
    finally:
        if "hypothesis" in sys.modules and sys.modules["hypothesis"] is None:
            del sys.modules["hypothesis"]
