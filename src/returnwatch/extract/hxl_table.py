"""Return figures from HXL-tagged tables (HDX datasets, DTM spreadsheets), read by hashtag.

A DTM row is a stock of returnees in one area as of a round; when a row gives both
households and individuals, both are kept as measured and paired with each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from returnwatch.extract.figure import Figure
from returnwatch.extract.problems import Problem
from returnwatch.gazetteer import Gazetteer
from returnwatch.parse import Table, as_date

METHOD = "hxl-table/1"
PLACE_CODES = ("#loc+code", "#adm3+code", "#adm2+code", "#adm1+code")
PLACE_NAMES = ("#loc+name", "#adm3+name", "#adm2+name", "#adm1+name")
LEVEL_OF_TAG = {"#adm1+name": "region", "#adm2+name": "mantika", "#adm3+name": "baladiya"}
COUNTS = (("households", "#affected+returnees+hh"), ("individuals", "#affected+returnees+ind"))


def _tag(tag: str) -> tuple[str, frozenset[str]]:
    name, *attributes = tag.strip().lower().replace(" ", "").split("+")
    return name, frozenset(attributes)


@dataclass(frozen=True)
class HxlColumns:
    """Which column carries each hashtag we read (attributes in any order, extra ones allowed)."""

    by_tag: dict[str, str]

    @classmethod
    def of(cls, table: Table) -> HxlColumns:
        wanted = [
            *PLACE_CODES,
            *PLACE_NAMES,
            "#date+reported",
            "#date",
            "#round+code",
            "#meta+source",
        ]
        wanted += [tag for _, tag in COUNTS]
        found: dict[str, str] = {}
        for want in wanted:
            name, attrs = _tag(want)
            for column, tag in table.hashtags.items():
                have_name, have_attrs = _tag(tag)
                if have_name == name and attrs <= have_attrs and want not in found:
                    found[want] = column
        return cls(found)

    def get(self, row: dict[str, str], tag: str) -> str:
        column = self.by_tag.get(tag)
        return row.get(column, "").strip() if column else ""


def extract_hxl_figures(
    document_id: str, file: str, table: Table, gazetteer: Gazetteer
) -> tuple[list[Figure], list[Problem]]:
    """Figures of every row with a returnee count; a row that cannot be read becomes a Problem."""
    columns = HxlColumns.of(table)
    if not any(tag in columns.by_tag for _, tag in COUNTS):
        reason = "table has no #affected+returnees+hh or +ind column; tag the counts with HXL"
        return [], [Problem("parse", "hxl_counts_present", reason, value=file)]
    figures: list[Figure] = []
    problems: list[Problem] = []
    for offset, row in enumerate(table.frame.to_dict("records")):
        line = table.first_line + offset
        row_figures, row_problems = _row(document_id, file, line, row, columns, gazetteer)
        figures += row_figures
        problems += row_problems
    return figures, problems


def _row(document_id, file, line, row, columns, gazetteer) -> tuple[list[Figure], list[Problem]]:
    where = f"{file} line {line}"
    place_text, context = _place(row, columns, gazetteer)
    reported = columns.get(row, "#date+reported") or columns.get(row, "#date")
    when = as_date(reported)
    excerpt = f"line {line}: " + "; ".join(f"{k}={v}" for k, v in row.items() if str(v).strip())
    base = Figure(
        document_id=document_id,
        file=file,
        quantity=0,
        unit="",
        figure_type="stock",
        round_code=columns.get(row, "#round+code") or None,
        event_date=when,
        date_precision="day" if when else None,
        date_text=reported or None,
        location_text=place_text,
        location_context=context,
        announced_by=columns.get(row, "#meta+source") or None,
        excerpt=excerpt[:400],
        span_start=line,
        span_end=line,
        method=METHOD,
    )
    figures, problems = [], []
    for unit, tag in COUNTS:
        raw = columns.get(row, tag)
        if not raw:
            continue
        value = _count(raw)
        if value is None:
            reason = f"{where}: {tag} is {raw!r}, not a whole number of people; correct the cell"
            problems.append(Problem("extract", "count_is_number", reason, value=raw, record=row))
            continue
        figures.append(base.with_(quantity=value, unit=unit))
    if reported and when is None:
        reason = f"{where}: date {reported!r} is not an ISO date (YYYY-MM-DD); fix the cell"
        problems.append(Problem("extract", "date_is_iso", reason, value=reported, record=row))
        figures = []
    return _paired(figures), problems


def _place(
    row: dict[str, str], columns: HxlColumns, gazetteer: Gazetteer
) -> tuple[str | None, str | None]:
    """The row's place text (its most specific known code, else its most specific name)
    and the code of a known parent to resolve a name within."""
    codes = [columns.get(row, tag) for tag in PLACE_CODES]
    first_code = next((code for code in codes if code), None)
    if first_code and gazetteer.has(first_code):
        return first_code, None
    parent = next((code for code in codes if gazetteer.has(code)), None)
    for tag in PLACE_NAMES:
        name = columns.get(row, tag)
        if name:
            return _at_level(gazetteer, name, parent, LEVEL_OF_TAG.get(tag)), parent
    return first_code, parent


def _at_level(gazetteer: Gazetteer, name: str, parent: str | None, kind: str | None) -> str:
    """A name in an admin column names an area of that level ("Misrata" under #adm2 is
    the mantika, not the city): give its id when it resolves, else the name as written."""
    found = gazetteer.resolve(name, within=parent)
    if found.area_id and kind:
        area = gazetteer.nearest(found.area_id, kind)
        if area is not None:
            return area.area_id
    return name


def _count(raw: str) -> int | None:
    cleaned = raw.replace(",", "").replace(" ", "")
    if not cleaned.isdigit():
        return None
    return int(cleaned)


def _paired(figures: list[Figure]) -> list[Figure]:
    if len(figures) != 2:
        return figures
    first, second = figures
    return [
        first.with_(paired_figure_id=second.figure_id),
        second.with_(paired_figure_id=first.figure_id),
    ]
