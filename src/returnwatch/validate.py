"""Split extracted figures into those that pass the schema and quarantine rows for the rest."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

import pandas as pd
import pandera.errors as pa_errors

from returnwatch.schemas import FIGURE_SCHEMA
from returnwatch.schemas.capacity import Capacity, area_capacities

INTEGER_COLUMNS = ("quantity", "quantity_high", "stage", "span_start", "span_end")
DATE_COLUMNS = ("event_date", "published_date")


@dataclass(frozen=True)
class Validated:
    accepted: pd.DataFrame
    rejected: list[dict]  # quarantine rows: document_id, stage, check_name, reason, value, record


def validate_figures(
    records: list[dict], capacities: dict[str, Capacity] | None = None
) -> Validated:
    """Lazy pandera validation; every failing row is quarantined with each check it failed.

    Two passes: types first (a failed coercion leaves pandera without row numbers for
    the other checks of that column), then the schema on rows that typed cleanly.
    Then plausibility: a figure larger than its area could hold (``capacities``, by
    default the census counts of ``schemas.capacity``) is quarantined too.
    """
    frame = pd.DataFrame.from_records(records)
    if frame.empty:
        return Validated(frame, [])
    frame, rejected = _typed(frame)
    try:
        FIGURE_SCHEMA.validate(frame, lazy=True)
    except pa_errors.SchemaErrors as err:
        rejected += _failures(frame, err.failure_cases)
    rejected += _over_capacity(frame, area_capacities() if capacities is None else capacities)
    bad = {row["record"]["figure_id"] for row in rejected}
    accepted = frame[~frame["figure_id"].isin(bad)].reset_index(drop=True)
    return Validated(accepted, rejected)


def _typed(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[dict]]:
    frame = frame.copy()
    rejected: list[dict] = []
    for column in INTEGER_COLUMNS:
        numbers = [_whole_number(value) for value in frame[column]]
        for index, value, number in zip(frame.index, frame[column], numbers, strict=True):
            if number is _BROKEN:
                rejected.append(_row(frame.loc[index], column, "is_integer", value))
        frame[column] = pd.array([None if n is _BROKEN else n for n in numbers], dtype="Int64")
    for column in DATE_COLUMNS:
        frame[column] = pd.to_datetime(frame[column], errors="coerce").astype("datetime64[ns]")
    frame["quantity"] = frame["quantity"].fillna(-1).astype("int64")
    frame["resolve_score"] = frame["resolve_score"].astype(float)
    if rejected:
        bad = {row["record"]["figure_id"] for row in rejected}
        frame = frame[~frame["figure_id"].isin(bad)]
    return frame, rejected


def _over_capacity(frame: pd.DataFrame, capacities: dict[str, Capacity]) -> list[dict]:
    rows = []
    for _, figure in frame.iterrows():
        capacity = capacities.get(figure.get("area_id"))
        if capacity is None or figure["quantity"] <= capacity.limit(figure["unit"]):
            continue
        row = _row(figure, "quantity", "area_capacity", figure["quantity"])
        row["reason"] = (
            f"{row['record'].get('file')}, characters {figure['span_start']}-{figure['span_end']}: "
            f"{figure['quantity']:,} {figure['unit']} in {figure['area_id']} is more than "
            f"{capacity.describe(figure['unit'])}, {capacity.source}; check the number"
        )
        rows.append(row)
    return rows


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
        "value": None if value is None else str(value),
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
    FIGURE_SCHEMA.register_default_backends(pd.DataFrame)
