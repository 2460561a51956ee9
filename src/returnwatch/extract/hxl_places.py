"""Where each row of an HXL table is, and which rows are the table's totals, not places.

Read once per distinct combination of a row's place cells (a DTM file of a million rows has
a few thousand). A row whose place cells say only "Total", "المجموع" (the words in
``hxl_total_words.csv``) is the sum of the rows above: not a return in a place, reported
once per table as ``total_row``. A row naming only the country ("Libya", "ليبيا", ``LBY``,
its COD-AB P-code ``LY``), with or without such a word, is the national total: a figure of
the country, as the gazetteer and text figures ("nationwide") place it.

A place cell that names a place within another ("Benghazi - al-Laithi", "Sirt / Third
District", "al-Laithi, Benghazi") and is no name itself is read as its most specific part
within the other, when the gazetteer knows that part below it; else it stays unresolved as
written (a part the gazetteer knows only elsewhere is another place, never a guess).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pyarrow as pa

from returnwatch.extract.hxl_cells import Distinct, combined
from returnwatch.extract.hxl_columns import LEVEL_OF_TAG, PLACE_CODES, PLACE_NAMES
from returnwatch.extract.problems import Problem
from returnwatch.gazetteer import Gazetteer
from returnwatch.gazetteer.normalise import key
from returnwatch.parse import Table

PLACE_TAGS = (*PLACE_CODES, *PLACE_NAMES)
PART_SEPARATOR = re.compile(r"\s+[-\u2013\u2014|]\s+|\s*[/,\u060c;]\s*")
"""What a cell naming a place within another splits at: a spaced dash (not the hyphen of
"al-Laithi"), a bar, a slash, a comma (Arabic too) or a semicolon."""
TOTAL_WORDS = Path(__file__).with_name("hxl_total_words.csv")
TOTAL = "total"  # not an area id: ids are P-codes, ISO codes and slugs with a dash


@cache
def total_keys() -> frozenset[str]:
    """The words of a total row's place cell, as lookup keys (case, marks, articles aside)."""
    with TOTAL_WORDS.open(encoding="utf-8", newline="") as file:
        return frozenset(key(row["word"]) for row in csv.DictReader(file) if row["word"].strip())


@dataclass(frozen=True)
class RowPlaces:
    """``code``: each row's place combination; per combination its place text, the code of
    a known parent to resolve it within, and whether it is a total (with its cell text)."""

    code: np.ndarray
    texts: pa.Array
    contexts: pa.Array
    totals: np.ndarray
    labels: list[str]

    def total_rows(self) -> np.ndarray:
        return self.totals[self.code] if len(self.totals) else np.zeros(len(self.code), bool)


def read_places(columns: list[Distinct], gazetteer: Gazetteer) -> RowPlaces:
    """Each row's place (``columns``: the cells of PLACE_TAGS, in that order)."""
    places = combined(columns)
    values = [column.values.to_pylist() for column in places.members]
    held = np.column_stack(places.held).tolist() if places.count else []
    rows = [
        {tag: values[k][i] for k, (tag, i) in enumerate(zip(PLACE_TAGS, combo, strict=True))}
        for combo in held
    ]
    admin0 = _admin0_codes(gazetteer)
    kinds = [_total_kind(cells, gazetteer, admin0) for cells in rows]
    found = [
        (kind, None) if kind not in (None, TOTAL) else _place(cells, gazetteer)
        for kind, cells in zip(kinds, rows, strict=True)
    ]
    totals = np.array([kind == TOTAL for kind in kinds], bool)
    labels = [next((v for v in cells.values() if v), "") for cells in rows]
    texts = pa.array([f[0] for f in found], pa.string())
    contexts = pa.array([f[1] for f in found], pa.string())
    return RowPlaces(places.code, texts, contexts, totals, labels)


def _total_kind(cells: dict[str, str], gazetteer: Gazetteer, admin0: dict) -> str | None:
    """TOTAL when every filled place cell is a total word; the country's id when they are
    total words or name the country, one at least; else None."""
    filled = [value for value in cells.values() if value]
    if not filled:
        return None
    countries = set()
    for value in filled:
        if key(value) in total_keys():
            continue
        country = _country(value, gazetteer, admin0)
        if country is None:
            return None
        countries.add(country)
    if len(countries) > 1:
        return None
    return countries.pop() if countries else TOTAL


def _country(value: str, gazetteer: Gazetteer, admin0: dict[str, str]) -> str | None:
    """The id of the country a cell names (``LBY``, ``Libya``, ``ليبيا``), or whose COD-AB
    P-code it is (``LY``: its admin1 P-codes without their number); else None."""
    if value.upper() in admin0:
        return admin0[value.upper()]
    area_id = value if gazetteer.has(value) else gazetteer.resolve(value).area_id
    return area_id if area_id and gazetteer.area(area_id).kind == "country" else None


def _admin0_codes(gazetteer: Gazetteer) -> dict[str, str]:
    return {
        area.pcode.rstrip("0123456789"): area.parent_id
        for area in gazetteer.areas
        if area.admin_level == 1 and area.pcode and area.parent_id
    }


def total_row_problem(places: RowPlaces, table: Table, file: str) -> list[Problem]:
    """One ``total_row`` problem for a table's total rows, naming their lines."""
    rows = np.flatnonzero(places.total_rows())
    if not len(rows):
        return []
    more = f" and {len(rows) - 20} more" if len(rows) > 20 else ""
    label = places.labels[places.code[rows[0]]]
    reason = (
        f"{file} {table.where(*rows[:20].tolist())}{more}: {label!r} is the table's"
        " total (the sum of its rows), not a return in a place; not read as a figure, so it"
        " counts no return twice (nothing to fix; delete the row to stop this note)"
    )
    record = table.data.slice(int(rows[0]), 1).to_pylist()[0]
    return [Problem("extract", "total_row", reason, value=label, record=record)]


def _place(cells: dict[str, str], gazetteer: Gazetteer) -> tuple[str | None, str | None]:
    """The row's place text and the code of a known parent to resolve a name within;
    ``cells`` by hashtag.

    The most specific level the row fills (code or name) is its place: that level's code
    when the gazetteer knows it, else its name (or, with none, its unknown code) within the
    nearest known code above. A known mantika code beside a neighbourhood's name places the
    row in the neighbourhood, not the mantika, whose stock it is not.
    """
    codes = [_known(gazetteer, cells[tag]) for tag in PLACE_CODES]
    for level, (code, tag) in enumerate(zip(codes, PLACE_NAMES, strict=True)):
        name = cells[tag]
        if code and gazetteer.has(code):
            return code, None
        if not (code or name):
            continue
        parent = next((above for above in codes[level + 1 :] if gazetteer.has(above)), None)
        if name:
            if gazetteer.resolve(name, within=parent).area_id is None:
                inner = _within_parts(gazetteer, name, parent)
                if inner is not None:
                    return inner
            return _at_level(gazetteer, name, parent, LEVEL_OF_TAG.get(tag)), parent
        return code, parent
    return None, None


def _known(gazetteer: Gazetteer, code: str) -> str:
    """The code as the gazetteer holds it: P-codes are upper case, but tables write
    ``ly0208`` too (the project's own ids are lower case, and kept as written)."""
    if code and not gazetteer.has(code) and gazetteer.has(code.upper()):
        return code.upper()
    return code


def _at_level(gazetteer: Gazetteer, name: str, parent: str | None, kind: str | None) -> str:
    """A name in an admin column names an area of that level ("Misrata" under #adm2 is
    the mantika, not the city): give its id when it resolves, else the name as written."""
    found = gazetteer.resolve(name, within=parent)
    if found.area_id and kind:
        area = gazetteer.nearest(found.area_id, kind)
        if area is not None:
            return area.area_id
    return name


def _within_parts(gazetteer: Gazetteer, name: str, parent: str | None) -> tuple[str, str] | None:
    """The most specific part of a cell such as "Benghazi - al-Laithi" and the area of the
    part it lies within, when each part (outer first, as written or reversed) resolves
    within the one before (and the first within ``parent``); else None."""
    parts = [part for part in PART_SEPARATOR.split(name) if part.strip()]
    if len(parts) < 2:
        return None
    for ordered in (parts, parts[::-1]):
        outer = parent
        for part in ordered[:-1]:
            outer = _inside(gazetteer, part, outer)
            if outer is None:
                break
        if outer is not None:
            found = _inside_where(gazetteer, ordered[-1], outer)
            if found is not None:
                return ordered[-1].strip(), found[1] or outer
    return None


def _inside(gazetteer: Gazetteer, part: str, outer: str | None) -> str | None:
    """The area ``part`` names at or below ``outer``; None when it names none there."""
    found = _inside_where(gazetteer, part, outer)
    return found[0] if found else None


def _inside_where(
    gazetteer: Gazetteer, part: str, outer: str | None
) -> tuple[str, str | None] | None:
    """The area ``part`` names at or below ``outer`` or an area above it of the same name
    ("Tripoli, Souq al-Juma": Souq al-Juma lies in Tripoli mantika, not Tripoli city), with
    the area it was found within; None when it names none there."""
    if outer is None:
        found = gazetteer.resolve(part).area_id
        return (found, None) if found else None
    name = gazetteer.area(outer).name
    same = [a.area_id for a in gazetteer.ancestors(outer) if a.name == name]
    for area in (outer, *same):
        found = gazetteer.resolve(part, within=area).area_id
        if found is not None and gazetteer.is_within(found, area):
            return found, area
    return None
