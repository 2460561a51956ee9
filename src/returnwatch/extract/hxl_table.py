"""Return figures from HXL-tagged tables (HDX datasets, DTM spreadsheets), read by hashtag.

A DTM row is a stock of returnees in one area as of a round; when a row gives both
households and individuals, both are kept as measured and paired with each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from returnwatch.extract.figure import Figure
from returnwatch.extract.figure_table import COLUMNS, FigureTable
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


FIELD_OF_TAG = {
    "#loc+code": "loc_code",
    "#adm3+code": "adm3_code",
    "#adm2+code": "adm2_code",
    "#adm1+code": "adm1_code",
    "#loc+name": "loc_name",
    "#adm3+name": "adm3_name",
    "#adm2+name": "adm2_name",
    "#adm1+name": "adm1_name",
    "#date+reported": "date_reported",
    "#date": "date_any",
    "#round+code": "round_code",
    "#meta+source": "source",
    "#affected+returnees+hh": "hh",
    "#affected+returnees+ind": "ind",
}
PLACE_TAGS = (*PLACE_CODES, *PLACE_NAMES)
SQL = Path(__file__).with_name("hxl_figures.sql")
PROBLEMS_SQL = Path(__file__).with_name("hxl_problems.sql")
EXCERPT_CHARS = 400


def extract_hxl_figures(
    document_id: str, file: str, table: Table, gazetteer: Gazetteer
) -> tuple[FigureTable | list[Figure], list[Problem]]:
    """Figures of every row with a returnee count; a row that cannot be read becomes a Problem.

    Column by column: the distinct place cells and dates are read once each (by the same
    rules as ever), then joined back to the rows in DuckDB.
    """
    columns = HxlColumns.of(table)
    if not any(tag in columns.by_tag for _, tag in COUNTS):
        reason = "table has no #affected+returnees+hh or +ind column; tag the counts with HXL"
        return [], [Problem("parse", "hxl_counts_present", reason, value=file)]
    rows = _rows(table, columns)
    con = duckdb.connect()
    try:
        con.register("hxl_rows", rows)
        con.register("hxl_places", _places(rows, gazetteer))
        con.register("hxl_dates", _dates(rows))
        con.register("hxl_counts", _odd_counts(rows))
        params = [document_id, file, METHOD]
        figures = con.sql(SQL.read_text(encoding="utf-8"), params=params).to_arrow_table()
        bad = con.execute(PROBLEMS_SQL.read_text(encoding="utf-8")).fetchall()
    finally:
        con.close()
    return FigureTable(_typed(figures)), _problems(bad, table, file)


def _rows(table: Table, columns: HxlColumns) -> pa.Table:
    """The cells we read, trimmed, under our own names, with line numbers and excerpts."""
    data = table.data
    n = data.num_rows
    cells = {
        field: pc.utf8_trim_whitespace(data.column(columns.by_tag[tag]))
        if tag in columns.by_tag
        else pa.repeat("", n)
        for tag, field in FIELD_OF_TAG.items()
    }
    lines = pa.array(np.arange(table.first_line, table.first_line + n, dtype=np.int64))
    return pa.table({**cells, "line": lines, "excerpt": _excerpts(data, lines)})


def _excerpts(data: pa.Table, lines: pa.Array) -> pa.Array:
    """``line N: column=value; …`` of each row's non-blank cells, as written."""
    parts = []
    for name in data.column_names:
        cells = data.column(name)
        blank = pc.equal(pc.utf8_trim_whitespace(cells), "")
        pair = pc.binary_join_element_wise(f"{name}=", cells, "")
        parts.append(pc.if_else(blank, pa.scalar(None, pa.string()), pair))
    body = pc.binary_join_element_wise(*parts, "; ", null_handling="skip")
    text = pc.binary_join_element_wise("line ", pc.cast(lines, pa.string()), ": ", body, "")
    return pc.utf8_slice_codeunits(text, 0, EXCERPT_CHARS)


def _places(rows: pa.Table, gazetteer: Gazetteer) -> pa.Table:
    """Each distinct combination of place cells with the place text and context it gives."""
    fields = [FIELD_OF_TAG[tag] for tag in PLACE_TAGS]
    distinct = rows.select(fields).group_by(fields).aggregate([]).to_pylist()
    texts, contexts = [], []
    for cells in distinct:
        text, context = _place({tag: cells[FIELD_OF_TAG[tag]] for tag in PLACE_TAGS}, gazetteer)
        texts.append(text)
        contexts.append(context)
    out = {f: [cells[f] for cells in distinct] for f in fields}
    return pa.table(
        {
            **out,
            "location_text": pa.array(texts, pa.string()),
            "location_context": pa.array(contexts, pa.string()),
        },
        schema=pa.schema(
            [
                *[(f, pa.string()) for f in fields],
                ("location_text", pa.string()),
                ("location_context", pa.string()),
            ]
        ),
    )


def _dates(rows: pa.Table) -> pa.Table:
    reported = pc.if_else(
        pc.equal(rows["date_reported"], ""), rows["date_any"], rows["date_reported"]
    )
    texts = pc.unique(reported).to_pylist()
    return pa.table(
        {
            "reported": pa.array(texts, pa.string()),
            "event_date": pa.array([as_date(t) for t in texts], pa.date32()),
        }
    )


def _odd_counts(rows: pa.Table) -> pa.Table:
    """Count cells that are not plain ASCII digits (after commas and spaces), read as the
    row reader always did (``str.isdigit``: Arabic-Indic digits count)."""
    odd: set[str] = set()
    for field in ("hh", "ind"):
        cells = pc.unique(rows[field])
        plain = pc.replace_substring(pc.replace_substring(cells, ",", ""), " ", "")
        keep = pc.invert(pc.match_substring_regex(plain, r"^[0-9]+$"))
        odd.update(v for v in pc.filter(cells, keep).to_pylist() if v)
    values = sorted(odd)
    numbers = [_count(v) for v in values]
    return pa.table(
        {
            "count_raw": pa.array(values, pa.string()),
            "quantity_text": pa.array(
                [None if n is None else str(n) for n in numbers], pa.string()
            ),
        }
    )


def _typed(figures: pa.Table) -> pd.DataFrame:
    """The figures as a frame with the column types the validate stage expects."""
    frame = figures.to_pandas()
    text = figures["quantity"]
    try:
        frame["quantity"] = pc.cast(text, pa.int64()).to_numpy(zero_copy_only=False)
    except pa.ArrowInvalid:  # beyond 64 bits: kept as read, for validation to quarantine
        frame["quantity"] = pd.Series([int(v) for v in text.to_pylist()], dtype=object)
    for column in ("quantity_high", "stage", "span_start", "span_end", "corrects_quantity"):
        frame[column] = frame[column].astype("Int64")
    frame["event_date"] = pd.to_datetime(frame["event_date"]).astype("datetime64[ns]")
    return frame[list(COLUMNS)]


def _problems(bad: list[tuple], table: Table, file: str) -> list[Problem]:
    problems = []
    for line, _cell, unit, raw in bad:
        row = {k: v for k, v in table.data.slice(line - table.first_line, 1).to_pylist()[0].items()}
        where = f"{file} line {line}"
        if unit == "date":
            reason = f"{where}: date {raw!r} is not an ISO date (YYYY-MM-DD); fix the cell"
            problems.append(Problem("extract", "date_is_iso", reason, value=raw, record=row))
        else:
            tag = dict(COUNTS)[unit]
            reason = f"{where}: {tag} is {raw!r}, not a whole number of people; correct the cell"
            problems.append(Problem("extract", "count_is_number", reason, value=raw, record=row))
    return problems


def _place(cells: dict[str, str], gazetteer: Gazetteer) -> tuple[str | None, str | None]:
    """The row's place text (its most specific known code, else its most specific name)
    and the code of a known parent to resolve a name within; ``cells`` by hashtag."""
    codes = [cells[tag] for tag in PLACE_CODES]
    first_code = next((code for code in codes if code), None)
    if first_code and gazetteer.has(first_code):
        return first_code, None
    parent = next((code for code in codes if gazetteer.has(code)), None)
    for tag in PLACE_NAMES:
        name = cells[tag]
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
