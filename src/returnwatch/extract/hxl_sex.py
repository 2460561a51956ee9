"""A count an HXL table gives only by sex (``+f`` and ``+m``): each row's is their sum.

A row with one of the two blank (or not a number) has no count: half of it is not the
count, so the row is reported (``count_by_sex``), never read as the total.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from returnwatch.extract.hxl_cells import Distinct
from returnwatch.extract.hxl_columns import HxlColumns
from returnwatch.extract.problems import Problem
from returnwatch.parse import Table

MOST_DIGITS = 18
"""Longer counts do not fit in 64 bits; no count of people has as many digits."""


def sum_by_sex(
    cells: dict[str, Distinct],
    raw: dict[str, Distinct],
    columns: HxlColumns,
    fields: dict[str, str],
    read: Callable[[pa.Array], pa.Array],
) -> dict[str, np.ndarray]:
    """Put the sum of the women's and men's cells in ``cells[field]`` of each count given
    only by sex (``read``: the digits of each distinct cell, null when not a whole number);
    return, by tag, the rows whose pair could not be summed."""
    unsummed = {}
    for tag, (women, men) in columns.by_sex.items():
        parts = [raw[column].map(pc.utf8_trim_whitespace) for column in (women, men)]
        numbers, valid, blank = zip(*(_numbers(part, read) for part in parts), strict=True)
        both = valid[0] & valid[1]
        total = numbers[0] + numbers[1]
        sums, inverse = np.unique(total[both], return_inverse=True)
        indices = np.zeros(len(total), np.int64)
        indices[both] = inverse + 1
        values = pa.array(["", *(str(n) for n in sums.tolist())], pa.string())
        cells[fields[tag]] = Distinct(values, indices)
        unsummed[tag] = np.flatnonzero(~both & ~(blank[0] & blank[1]))
    return unsummed


def _numbers(part: Distinct, read: Callable[[pa.Array], pa.Array]) -> tuple:
    """Each row's count (0 when none), whether it has one, and whether its cell is blank."""
    digits = read(part.values)
    digits = pc.if_else(pc.greater(pc.utf8_length(digits), MOST_DIGITS), None, digits)
    numbers = pc.cast(digits, pa.int64()).fill_null(0).to_numpy(zero_copy_only=False)
    return numbers[part.indices], part.flags(pc.is_valid(digits)), part.flags(part.is_blank())


def sex_problems(
    unsummed: dict[str, np.ndarray], columns: HxlColumns, table: Table, file: str
) -> list[Problem]:
    """A problem for each row whose count by sex could not be summed, and one for each count
    given for one sex only or only by age group."""
    problems = [
        Problem("parse", "count_by_one_sex", f"{file}: {columns.sex_problem(tag)}", value=tag)
        for tag in columns.one_sex
    ]
    problems += [
        Problem("parse", "count_by_age", f"{file}: {columns.age_problem(tag)}", value=tag)
        for tag in columns.by_age
    ]
    for tag, rows in unsummed.items():
        women, men = columns.by_sex[tag]
        records = table.data.take(pa.array(rows, pa.int64())).to_pylist()
        for i, record in zip(rows.tolist(), records, strict=True):
            written = f"{record[women] or ''!r} and {record[men] or ''!r}"
            reason = (
                f"{file} {table.where(i)}: {tag} is the sum of columns {women!r}"
                f" (+f) and {men!r} (+m), here {written}: without both as whole numbers the"
                " row has no count (one sex is not the total); fill both cells (0 when none)"
            )
            problems.append(
                Problem("extract", "count_by_sex", reason, value=f"{women}, {men}", record=record)
            )
    return problems
