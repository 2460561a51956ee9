"""The date each row of an HXL table reports, read once per distinct cell: a whole ISO date
(day precision) or one month of one year (month precision: DTM rounds are often monthly). A
day in a locale's numbers (``31/03/2017``) is read when the column shows its order.

A month is dated as text figures date it (``dates.period_end``): a stock on its last day,
the returns as of the end of the month, but never after the table was published (a table
published on 12 June cannot know June's returns as of the 30th: its June stock is dated the
12th); a flow on its first, when the period began. A month wholly after the publication is
left as it is: no capping makes it true (validation quarantines it as after publication).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from returnwatch.extract.dates import month_of, period_end
from returnwatch.extract.hxl_cells import Distinct
from returnwatch.parse import as_date


@dataclass(frozen=True)
class RowDates:
    """Per distinct date cell: the first and last day it stands for (null when it is not a
    date) and its precision (``day``, ``month``, or null)."""

    first: pa.Array
    last: pa.Array
    precision: pa.Array

    def of_figures(self, reported: Distinct, row: np.ndarray, flow: np.ndarray) -> pa.Array:
        """Each figure's event date (``row``: its row; ``flow``: whether it is a flow)."""
        first, last = reported.rows(self.first, row), reported.rows(self.last, row)
        return pc.if_else(pa.array(flow, pa.bool_()), first, last)


NUMERIC_DAY = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")
"""A day written as numbers in a locale's order: ``31/03/2017``, ``3/31/2017``, ``31.03.2017``."""


def read_dates(reported: Distinct, published: date | None = None) -> RowDates:
    """The dates of each distinct cell; a month's last day no later than ``published``."""
    texts = reported.values.to_pylist()
    day_first = _day_first(texts)
    read = [_read(text, published, day_first) for text in texts]
    first = pa.array([r[0] for r in read], pa.date32())
    last = pa.array([r[1] for r in read], pa.date32())
    return RowDates(first, last, pa.array([r[2] for r in read], pa.string()))


def _day_first(texts: list[str]) -> bool | None:
    """Whether the column's numeric days put the day before the month: yes when one of them
    shows it (``31/03/2017``), no when one shows the month first (``3/31/2017``), None when
    none tells (``03/04/2017`` alone) or they disagree. Dots (``31.03.2017``) are always day
    first, wherever they are written."""
    orders = set()
    for text in texts:
        if (match := NUMERIC_DAY.fullmatch(text)) and match[2] != ".":
            first, second = int(match[1]), int(match[3])
            orders |= {True} if first > 12 else {False} if second > 12 else set()
    return orders.pop() if len(orders) == 1 else None


def day_or_month_first(text: str) -> bool:
    """Whether ``text`` is a numeric day in either order (``03/04/2017``: 3 April, 4 March)."""
    return _numeric_day(text, True) is not None and _numeric_day(text, False) is not None


def _numeric_day(text: str, day_first: bool | None) -> date | None:
    match = NUMERIC_DAY.fullmatch(text)
    if match is None or (match[2] != "." and day_first is None):
        return None
    first, second, year = int(match[1]), int(match[3]), int(match[4])
    day, month = (first, second) if match[2] == "." or day_first else (second, first)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _read(
    text: str, published: date | None, day_first: bool | None = None
) -> tuple[date | None, date | None, str | None]:
    if not text:
        return None, None, None
    if (day := as_date(text) or _numeric_day(text, day_first)) is not None:
        return day, day, "day"
    if (month := month_of(text)) is not None:
        cap = published if published is not None and published >= month else None
        return month, period_end(month, "month", cap), "month"
    return None, None, None
