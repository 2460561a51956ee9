"""Figures of a workbook sheet say where they are as the sheet does: ``Returns row 5: …``.

A sheet is read as CSV text whose line N is sheet row N (parse/workbook.py), so the table
extractor's ``line N`` is the row number; here it is named with its sheet, in the excerpts
of the figures and in the reasons of the problems (the span stays the row number).
"""

from __future__ import annotations

import re
from dataclasses import replace

from returnwatch.extract.figure import Figure
from returnwatch.extract.figure_table import FigureTable
from returnwatch.extract.hxl_table import EXCERPT_CHARS
from returnwatch.extract.problems import Problem

LINE = re.compile(r"^line (\d+): ")


def sheet_rows(
    figures: FigureTable | list[Figure], problems: list[Problem], sheet: str, file: str
) -> tuple[FigureTable | list[Figure], list[Problem]]:
    """``figures`` and ``problems`` of the table read from ``sheet`` of ``file``, their
    ``line N`` named ``<sheet> row N``."""
    if isinstance(figures, FigureTable):
        frame = figures.frame.copy()
        frame["excerpt"] = [_excerpt(text, sheet) for text in frame["excerpt"]]
        figures = FigureTable(frame)
    else:
        figures = [replace(f, excerpt=_excerpt(f.excerpt, sheet)) for f in figures]
    where = re.compile(rf"^{re.escape(file)} line (\d+)")
    problems = [
        replace(p, reason=where.sub(lambda m: f"{file} sheet {sheet!r} row {m[1]}", p.reason))
        for p in problems
    ]
    return figures, problems


def _excerpt(excerpt: str | None, sheet: str) -> str | None:
    if not excerpt:
        return excerpt
    return LINE.sub(lambda m: f"{sheet} row {m[1]}: ", excerpt, count=1)[:EXCERPT_CHARS]
