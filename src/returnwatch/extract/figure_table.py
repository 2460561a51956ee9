"""Figures held as columns: a table's rows (a DTM file has a million) are read, placed,
checked and loaded as one frame, never as a million ``Figure`` objects.

A ``FigureTable`` is still a sequence of ``Figure``: iterating it builds them one by one,
for the command line, the tests and anyone reading a few; the pipeline uses ``frame``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import fields
from datetime import date
from typing import Any, overload

import pandas as pd

from returnwatch.extract.figure import Figure

FIELDS = tuple(f.name for f in fields(Figure))
COLUMNS = ("figure_id", *FIELDS)
"""The frame's columns: those of ``Figure.record()``, in its order."""
TEXT_COLUMNS = ("figure_id", *(f.name for f in fields(Figure) if f.type in ("str", "str | None")))
"""The columns that hold text (held as Arrow strings once validated)."""


class FigureTable(Sequence[Figure]):
    """The figures of one document as a frame with the columns of ``Figure.record()``."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame

    def __len__(self) -> int:
        return len(self.frame)

    @overload
    def __getitem__(self, index: int) -> Figure: ...
    @overload
    def __getitem__(self, index: slice) -> FigureTable: ...
    def __getitem__(self, index):
        if isinstance(index, slice):
            return FigureTable(self.frame.iloc[index])
        return _figure(self.frame.iloc[index].to_dict())

    def __iter__(self) -> Iterator[Figure]:
        for row in self.frame.to_dict("records"):
            yield _figure(row)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"FigureTable({len(self)} figures)"

    def with_columns(self, **columns: Any) -> FigureTable:
        """A copy with these columns set (values or whole columns)."""
        return FigureTable(self.frame.assign(**columns))


def _figure(row: dict[str, Any]) -> Figure:
    return Figure(**{name: _plain(name, row[name]) for name in FIELDS})


def _plain(name: str, value: Any) -> Any:
    if value is None or value is pd.NaT or (not isinstance(value, (str, date)) and pd.isna(value)):
        return None if name not in ("resolve_score", "confidence") else 0.0
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):
        return value.item()
    return value
