"""Count cells of an HXL table as whole numbers: plain digits, or digits grouped by threes.

A count may group its thousands with commas or spaces ("1,234", "9\u202f800"), or, in a
table whose cells are separated by semicolons (what Excel writes where the comma is the
decimal mark), with dots or spaces, its decimal mark then a comma ("1.234", "1 234,0").
Anything else ("1,5", "12,34", "1 2", "5,5" with a decimal comma, a footnote mark) is no
whole number: the row goes to quarantine rather than a count ten times too big.
"""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc

SPACES = " \u00a0\u202f\u2009"
"""Spaces a count may group its digits with: plain, no-break, narrow no-break and thin
(spreadsheets in French and other locales write "9\u202f800")."""
GROUPING = {False: "," + SPACES, True: "." + SPACES}
"""Group marks by whether the table's decimal mark is a comma."""
WHOLE_DECIMAL = {False: re.compile(r"\.0{1,2}$"), True: re.compile(r",0{1,2}$")}
"""A whole count written as a decimal (pandas writes a count column with a gap as 9800.0);
not ``.000``, which is a thousands mark in many locales."""
NO_TEXT = pa.scalar(None, pa.string())


def quantity_text(cells: pa.Array, decimal_comma: bool = False) -> pa.Array:
    """The digits of each (distinct) count cell, null when blank or not a whole number.
    Plain ASCII digits and ASCII digits grouped by threes are read column-wise; the rest
    (Arabic-Indic digits, ``9800.0``, the odd cell) one distinct value at a time."""
    marks = re.escape(GROUPING[decimal_comma])
    grouped = pc.match_substring_regex(cells, rf"^[0-9]{{1,3}}(?:[{marks}][0-9]{{3}})+$")
    plain = pc.match_substring_regex(cells, r"^[0-9]+$")
    fast = pc.or_(plain, grouped)
    out = pc.if_else(fast, pc.replace_substring_regex(cells, f"[{marks}]", ""), NO_TEXT)
    odd = pc.and_(pc.invert(fast), pc.not_equal(cells, ""))
    if not pc.any(odd).as_py():
        return out
    read = [_text(count(raw, decimal_comma)) if raw else None for raw in cells.to_pylist()]
    return pc.if_else(odd, pa.array(read, pa.string()), out)


def count(raw: str, decimal_comma: bool = False) -> int | None:
    """The whole number a count cell writes, or None: digits of any script (``isdecimal``,
    so Arabic-Indic digits count and a superscript footnote mark does not), grouped by threes
    with one mark all along, perhaps with a whole decimal (``.0``; ``,0`` by a comma)."""
    text = WHOLE_DECIMAL[decimal_comma].sub("", raw)
    if text.isdecimal():
        return int(text)
    groups = re.fullmatch(
        rf"(\d{{1,3}})([{re.escape(GROUPING[decimal_comma])}])(\d{{3}})(.*)", text
    )
    if groups is None:
        return None
    first, mark, second, rest = groups.groups()
    tail = rest.split(mark)[1:] if rest else []
    if rest and (not rest.startswith(mark) or any(len(g) != 3 for g in tail)):
        return None
    digits = first + second + "".join(tail)
    return int(digits) if digits.isdecimal() else None


def _text(number: int | None) -> str | None:
    return None if number is None else str(number)
