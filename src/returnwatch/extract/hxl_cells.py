"""A table column as its distinct values and, per row, which value it holds.

A DTM file of a million rows has a few thousand places, dates and counts: every reading
(trimming, dates, places, whole numbers, "is it blank") is done once per distinct value
and spread over the rows by an index, never row by row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


@dataclass(frozen=True)
class Distinct:
    """``values`` (an Arrow array) and ``indices`` (numpy, one per row) into it."""

    values: pa.Array
    indices: np.ndarray

    @classmethod
    def of(cls, column: pa.ChunkedArray | pa.Array) -> Distinct:
        """The column encoded once as ``string`` (a missing cell reads as blank; a table read
        by pandas, whose header it had to rename, comes as ``large_string``)."""
        if column.type != pa.string():
            column = pc.cast(column, pa.string())
        encoded = pc.dictionary_encode(pc.fill_null(column, "")).combine_chunks()
        if isinstance(encoded, pa.ChunkedArray):  # no chunks at all
            encoded = pa.DictionaryArray.from_arrays(
                pa.array([], pa.int32()), pa.array([], pa.string())
            )
        return cls(encoded.dictionary, encoded.indices.to_numpy(zero_copy_only=False))

    @classmethod
    def blank(cls, rows: int) -> Distinct:
        """A column the table does not have: blank on every row."""
        return cls(pa.array([""], pa.string()), np.zeros(rows, np.int32))

    def map(self, function: Callable[[pa.Array], pa.Array]) -> Distinct:
        """``function`` (vectorised, value for value) applied to the distinct values."""
        return Distinct(function(self.values), self.indices)

    def each(self, read: Callable, type: pa.DataType | None = None) -> pa.Array:
        """``read`` of each distinct value, in Python: for the few thousand values, not rows."""
        return pa.array([read(value) for value in self.values.to_pylist()], type)

    def rows(self, values: pa.Array | None = None, at: np.ndarray | None = None) -> pa.Array:
        """``values`` (default: the distinct values themselves, or any array aligned with
        them) on each row, or on the rows ``at``."""
        indices = self.indices if at is None else self.indices[at]
        return (self.values if values is None else values).take(pa.array(indices))

    def flags(self, values: pa.Array, at: np.ndarray | None = None) -> np.ndarray:
        """A boolean array aligned with the distinct values, on each row (numpy)."""
        aligned = values.to_numpy(zero_copy_only=False).astype(bool)
        return aligned[self.indices if at is None else self.indices[at]]

    def is_blank(self) -> pa.Array:
        return pc.equal(self.values, "")


@dataclass(frozen=True)
class Combined:
    """Rows by the distinct combination of some columns' values: ``code`` per row, and for
    each combination the index of each member column's value (``held``, one per member)."""

    code: np.ndarray
    count: int
    members: tuple[Distinct, ...] = ()
    held: tuple[np.ndarray, ...] = ()

    @classmethod
    def start(cls, rows: int) -> Combined:
        return cls(np.zeros(rows, np.int32), 1 if rows else 0)

    def add(self, column: Distinct) -> Combined:
        """These combinations with one more column (codes as narrow as they can be: a
        million rows' worth of numbers is memory the kernel must first clear)."""
        width = len(column.values)
        members = (*self.members, column)
        if width <= 1:  # one value on every row: no new combinations
            return Combined(self.code, self.count, members, (*self.held, np.zeros(self.count, int)))
        if self.count == 1:  # the column's own values (its dictionary holds only those)
            held = (*(np.repeat(h, width) for h in self.held), np.arange(width))
            return Combined(column.indices, width, members, held)
        span = self.count * width
        pairs = self.code.astype(np.int32 if span < 2**31 else np.int64, copy=False) * width
        pairs += column.indices
        if span <= len(pairs):  # few enough to number without hashing
            present = np.zeros(span, bool)
            present[pairs] = True
            uniques = np.flatnonzero(present)
            numbers = np.cumsum(present, dtype=pairs.dtype)
            numbers -= 1
            code = numbers[pairs]
        else:
            code, uniques = pd.factorize(pairs)
        held = (*(h[uniques // width] for h in self.held), uniques % width)
        return Combined(code, len(uniques), members, held)


def combined(columns: Sequence[Distinct]) -> Combined:
    """Rows by the distinct combination of all of ``columns``."""
    together = Combined.start(len(columns[0].indices))
    for column in columns:
        together = together.add(column)
    return together


def grouped(columns: Sequence[Distinct], most: int) -> list[Combined]:
    """``columns`` in runs of neighbours whose distinct combinations number at most ``most``
    (a column with more stands alone)."""
    groups: list[Combined] = []
    rows = len(columns[0].indices) if columns else 0
    for column in columns:
        if groups and groups[-1].count <= most and len(column.values) <= most:
            joined = groups[-1].add(column)
            if joined.count <= most:
                groups[-1] = joined
                continue
        groups.append(Combined.start(rows).add(column))
    return groups
