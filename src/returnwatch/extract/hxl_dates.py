"""The date each row of an HXL table reports, read once per distinct cell: a whole ISO date
(day precision) or one month of one year (month precision: DTM rounds are often monthly).

A month is dated as text figures date it (``dates.period_end``): a stock on its last day,
the returns as of the end of the month, but never after the table was published (a table
published on 12 June cannot know June's returns as of the 30th: its June stock is dated the
12th); a flow on its first, when the period began. A month wholly after the publication is
left as it is: no capping makes it true (validation quarantines it as after publication).
"""

from __future__ import annotations

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


def read_dates(reported: Distinct, published: date | None = None) -> RowDates:
    """The dates of each distinct cell; a month's last day no later than ``published``."""
    read = [_read(text, published) for text in reported.values.to_pylist()]
    first = pa.array([r[0] for r in read], pa.date32())
    last = pa.array([r[1] for r in read], pa.date32())
    return RowDates(first, last, pa.array([r[2] for r in read], pa.string()))


def _read(text: str, published: date | None) -> tuple[date | None, date | None, str | None]:
    if not text:
        return None, None, None
    if (day := as_date(text)) is not None:
        return day, day, "day"
    if (month := month_of(text)) is not None:
        cap = published if published is not None and published >= month else None
        return month, period_end(month, "month", cap), "month"
    return None, None, None
