"""The pandera schema every extracted figure must pass before it is loaded."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
import pyarrow

from returnwatch.clock import latest_plausible_date

STRING = pd.ArrowDtype(pyarrow.string())
"""Text columns are Arrow strings: a million-row frame holds its text in a few buffers
(not a million objects), pandera checks them with Arrow's kernels and DuckDB scans them
without conversion. ``validate.validate_frame`` brings every frame to these types."""

QUALIFIERS = ["exact", "approx", "min", "max", "range"]
UNITS = ["households", "individuals"]
FIGURE_TYPES = ["flow", "stock"]
PRECISIONS = ["day", "week", "month", "year"]
RESOLVE_METHODS = ["alias", "normalised", "fuzzy", "unresolved", "ambiguous", "pcode", "column"]
EARLIEST_EVENT = pd.Timestamp("1990-01-01")
MOST_PEOPLE = 5_000_000
"""No single return figure in any setting we know of is this large: above it, a misread."""


DOCUMENT_ID = r"^[0-9a-f]{64}$"
"""A document id is the SHA-256 of its content, in hex."""


def _matches_per_value(pattern: str):
    """``str_matches(pattern)`` tested once per distinct value and spread over the rows:
    a table's million figures share one document id."""

    def check(series: pd.Series) -> pd.Series:
        codes, uniques = pd.factorize(series)  # a missing value: code -1, the last below
        matched = pd.Series(uniques, dtype=series.dtype).str.match(pattern)
        return pd.Series(
            np.append(matched.to_numpy(bool, na_value=False), True)[codes], series.index
        )

    return check


def _not_after_published(frame: pd.DataFrame) -> pd.Series:
    published = frame["published_date"]
    return published.isna() | frame["event_date"].isna() | (frame["event_date"] <= published)


def _not_in_future(series: pd.Series) -> pd.Series:
    """Not after today in UTC+14 (``clock.latest_plausible_date``): no zone's today fails."""
    return series.isna() | (series <= pd.Timestamp(latest_plausible_date()))


def _high_not_below_low(frame: pd.DataFrame) -> pd.Series:
    return frame["quantity_high"].isna() | (frame["quantity_high"] >= frame["quantity"])


def _span_in_order(frame: pd.DataFrame) -> pd.Series:
    start, end = frame["span_start"], frame["span_end"]
    return (start.isna() | end.isna() | (end >= start)).astype(bool)


FIGURE_SCHEMA = pa.DataFrameSchema(
    {
        "figure_id": pa.Column(STRING, unique=True),
        "document_id": pa.Column(
            STRING,
            pa.Check(
                _matches_per_value(DOCUMENT_ID),
                error=f"document_id does not match {DOCUMENT_ID}",
            ),
        ),
        "quantity": pa.Column(
            "int64",
            [
                pa.Check.ge(0, error="quantity is negative"),
                pa.Check.le(MOST_PEOPLE, error=f"quantity is over {MOST_PEOPLE:,}: implausible"),
            ],
        ),
        "quantity_high": pa.Column("Int64", nullable=True),
        "stage": pa.Column("Int64", pa.Check.ge(1, error="stage below 1"), nullable=True),
        "span_start": pa.Column("Int64", pa.Check.ge(0), nullable=True),
        "qualifier": pa.Column(STRING, pa.Check.isin(QUALIFIERS)),
        "unit": pa.Column(STRING, pa.Check.isin(UNITS)),
        "figure_type": pa.Column(STRING, pa.Check.isin(FIGURE_TYPES)),
        "event_date": pa.Column(
            "datetime64[ns]",
            [
                pa.Check.ge(EARLIEST_EVENT, ignore_na=True, error="event date before 1990"),
                pa.Check(_not_in_future, error="event date is in the future", element_wise=False),
            ],
            nullable=True,
        ),
        "date_precision": pa.Column(STRING, pa.Check.isin(PRECISIONS), nullable=True),
        "resolve_method": pa.Column(STRING, pa.Check.isin(RESOLVE_METHODS)),
        "resolve_score": pa.Column(float, pa.Check.in_range(0, 1)),
        "method": pa.Column(STRING),
        "confidence": pa.Column(float, pa.Check.in_range(0, 1)),
        "published_date": pa.Column("datetime64[ns]", nullable=True),
    },
    checks=[
        pa.Check(_not_after_published, error="event date is after the document was published"),
        pa.Check(_high_not_below_low, error="range high end is below its low end"),
        pa.Check(_span_in_order, error="span ends before it starts"),
    ],
    # Every check the GX suite of the figures table makes is also made here, so that a bad
    # figure is quarantined instead of failing the warehouse checks (which would hold back
    # every later export).
    strict=False,
    coerce=False,
)
