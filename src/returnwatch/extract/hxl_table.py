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
IDS_SQL = Path(__file__).with_name("hxl_figure_ids.sql")
EXCERPTS_SQL = Path(__file__).with_name("hxl_excerpts.sql")
EXCERPT_CHARS = 400
BLANKS = " \t\n\r\x0b\x0c"
"""The characters a blank cell may hold (DuckDB's trim takes only spaces unless told)."""
UNIT_FIELDS = (("households", "hh"), ("individuals", "ind"))


def extract_hxl_figures(
    document_id: str, file: str, table: Table, gazetteer: Gazetteer
) -> tuple[FigureTable | list[Figure], list[Problem]]:
    """Figures of every row with a returnee count; a row that cannot be read becomes a Problem.

    Column by column (Arrow): each distinct place and date is read once, by the same rules
    as ever, and spread back over the rows; a row with both counts gives a paired figure of
    each, in line order.
    """
    columns = HxlColumns.of(table)
    if not any(tag in columns.by_tag for _, tag in COUNTS):
        reason = "table has no #affected+returnees+hh or +ind column; tag the counts with HXL"
        return [], [Problem("parse", "hxl_counts_present", reason, value=file)]
    rows = _rows(table, columns)
    reported = pc.if_else(
        pc.equal(rows["date_reported"], ""), rows["date_any"], rows["date_reported"]
    )
    event_date = _dates(reported)
    date_ok = pc.or_(pc.equal(reported, ""), pc.is_valid(event_date))
    quantities = {field: _quantity_text(rows[field]) for _, field in UNIT_FIELDS}
    kept = {f: pc.and_(pc.is_valid(q), date_ok) for f, q in quantities.items()}
    both = pc.and_(kept["hh"], kept["ind"])
    text, context = _places(rows, gazetteer)
    common = {
        "round_code": _none_if_blank(rows["round_code"]),
        "event_date": event_date,
        "date_precision": pc.if_else(pc.is_valid(event_date), "day", pa.scalar(None, pa.string())),
        "date_text": _none_if_blank(reported),
        "location_text": text,
        "location_context": context,
        "announced_by": _none_if_blank(rows["source"]),
        "excerpt": _excerpts(table.data, rows["line"]),
        "line": rows["line"],
        "both": both,
    }
    parts = []
    for order, (unit, field) in enumerate(UNIT_FIELDS):
        if pc.any(kept[field]).as_py():
            every = pc.all(kept[field]).as_py()  # the usual case: no copy of every column
            part = pa.table(common) if every else pa.table(common).filter(kept[field])
            quantity = quantities[field] if every else pc.filter(quantities[field], kept[field])
            part = part.append_column("quantity", quantity)
            part = part.append_column("unit", pa.repeat(unit, part.num_rows))
            part = part.append_column("unit_order", pa.repeat(order, part.num_rows))
            parts.append(_with_ids(part, document_id, unit))
    figures = pa.concat_tables(parts) if parts else None
    if len(parts) > 1:
        figures = figures.take(
            pc.sort_indices(figures, [("line", "ascending"), ("unit_order", "ascending")])
        )
    problems = _problems(rows, reported, event_date, quantities, table, file)
    return FigureTable(_frame(figures, document_id, file)), problems


def _rows(table: Table, columns: HxlColumns) -> dict[str, pa.ChunkedArray]:
    """The cells we read, trimmed, under our own names, and each row's line number."""
    data = table.data
    n = data.num_rows
    cells = {
        field: pc.utf8_trim_whitespace(data.column(columns.by_tag[tag]))
        if tag in columns.by_tag
        else pa.chunked_array([pa.repeat("", n)])
        for tag, field in FIELD_OF_TAG.items()
    }
    lines = pa.chunked_array([np.arange(table.first_line, table.first_line + n, dtype=np.int64)])
    return {**cells, "line": lines}


def _none_if_blank(cells: pa.ChunkedArray) -> pa.ChunkedArray:
    return pc.if_else(pc.equal(cells, ""), pa.scalar(None, pa.string()), cells)


def _excerpts(data: pa.Table, lines: pa.ChunkedArray) -> pa.ChunkedArray:
    """``line N: column=value; …`` of each row's non-blank cells, as written (in DuckDB: one
    pass over the rows; the column names are the table's own, quoted as identifiers)."""
    cells = [
        f"case when trim({_identifier(name)}, $2) <> '' then {_literal(name + '=')} || "
        f"{_identifier(name)} end"
        for name in data.column_names
    ]
    sql = EXCERPTS_SQL.read_text(encoding="utf-8").replace("{{cells}}", ", ".join(cells))
    con = duckdb.connect()
    try:
        con.register("hxl_cells", data.append_column("__line", lines))
        return con.sql(sql, params=[EXCERPT_CHARS, BLANKS]).to_arrow_table()["excerpt"]
    finally:
        con.close()


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _spread(cells: pa.ChunkedArray, read) -> pa.ChunkedArray:
    """``read`` applied once to each distinct value of ``cells``, spread over the rows."""
    encoded = pc.dictionary_encode(cells).combine_chunks()
    values = pa.array([read(v) for v in encoded.dictionary.to_pylist()])
    return pa.chunked_array([pc.take(values, encoded.indices)]) if len(values) else cells


def _dates(reported: pa.ChunkedArray) -> pa.ChunkedArray:
    """Each row's date (as ``as_date`` reads it), null when there is none or it is not one."""
    return pc.cast(_spread(reported, lambda text: as_date(text) if text else None), pa.date32())


def _places(rows: dict, gazetteer: Gazetteer) -> tuple[pa.ChunkedArray, pa.ChunkedArray]:
    """Each row's place text and context, read once per distinct combination of cells."""
    key = pc.binary_join_element_wise(*(rows[FIELD_OF_TAG[t]] for t in PLACE_TAGS), "\x1f")

    def read(joined: str) -> tuple:
        return _place(dict(zip(PLACE_TAGS, joined.split("\x1f"), strict=True)), gazetteer)

    encoded = pc.dictionary_encode(key).combine_chunks()
    found = [read(v) for v in encoded.dictionary.to_pylist()]
    texts = pa.array([f[0] for f in found], pa.string())
    contexts = pa.array([f[1] for f in found], pa.string())
    return pc.take(texts, encoded.indices), pc.take(contexts, encoded.indices)


def _quantity_text(cells: pa.ChunkedArray) -> pa.ChunkedArray:
    """The digits of each count cell, null when blank or not a whole number (read as the row
    reader always did, ``str.isdigit``: Arabic-Indic digits count)."""
    plain = pc.replace_substring(pc.replace_substring(cells, ",", ""), " ", "")
    ascii_digits = pc.match_substring_regex(plain, r"^[0-9]+$")
    odd = pc.and_(pc.invert(ascii_digits), pc.not_equal(cells, ""))
    out = pc.if_else(ascii_digits, plain, pa.scalar(None, pa.string()))
    if not pc.any(odd).as_py():
        return out
    read = _spread(cells, lambda raw: None if not raw or _count(raw) is None else str(_count(raw)))
    return pc.if_else(odd, pc.cast(read, pa.string()), out)


def _with_ids(part: pa.Table, document_id: str, unit: str) -> pa.Table:
    """``figure_id`` as ``Figure.figure_id`` makes it, and the paired figure's id."""
    con = duckdb.connect()
    try:
        con.register("part", part.select(["line", "both"]))
        other = "individuals" if unit == "households" else "households"
        params = [document_id, unit, other, METHOD]
        ids = con.sql(IDS_SQL.read_text(encoding="utf-8"), params=params).to_arrow_table()
    finally:
        con.close()
    return part.append_column("figure_id", ids["figure_id"]).append_column(
        "paired_figure_id", ids["paired_figure_id"]
    )


def _frame(figures: pa.Table | None, document_id: str, file: str) -> pd.DataFrame:
    """The figures as a frame with the columns and types the validate stage expects."""
    if figures is None:
        return pd.DataFrame(columns=list(COLUMNS))
    n = figures.num_rows
    constants = {
        "document_id": document_id,
        "file": file,
        "figure_type": "stock",
        "qualifier": "exact",
        "resolve_method": "unresolved",
        "method": METHOD,
    }
    for column, value in constants.items():
        figures = figures.append_column(column, pa.repeat(value, n))
    for column in ("area_id", "part_of_figure_id"):
        figures = figures.append_column(column, pa.nulls(n, pa.string()))
    try:
        quantity = pc.cast(figures["quantity"], pa.int64()).to_numpy()
    except pa.ArrowInvalid:  # beyond 64 bits: kept as read, for validation to quarantine
        quantity = pd.Series([int(v) for v in figures["quantity"].to_pylist()], dtype=object)
    lines = figures["line"].to_numpy()
    rest = figures.drop_columns(["both", "unit_order", "line", "quantity"])
    del figures  # let Arrow free each column as pandas takes it over
    frame = rest.to_pandas(self_destruct=True, split_blocks=True)
    frame["quantity"] = quantity
    for column in ("quantity_high", "stage", "corrects_quantity"):
        frame[column] = pd.arrays.IntegerArray(np.zeros(n, np.int64), np.ones(n, bool))
    span = pd.arrays.IntegerArray(lines, np.zeros(n, bool))
    frame["span_start"] = span
    frame["span_end"] = span.copy()
    frame["resolve_score"] = 0.0
    frame["confidence"] = 1.0
    frame["event_date"] = frame["event_date"].astype("datetime64[ns]")
    return frame[list(COLUMNS)]


def _problems(rows, reported, event_date, quantities, table: Table, file: str) -> list[Problem]:
    """A count that is not a whole number and a date that is not one, in line order."""
    found: list[tuple[int, int, str, str]] = []
    for cell, (unit, field) in enumerate(UNIT_FIELDS):
        bad = pc.and_(pc.not_equal(rows[field], ""), pc.is_null(quantities[field]))
        for i in pc.indices_nonzero(bad).to_pylist():
            found.append((i, cell, unit, rows[field][i].as_py()))
    bad_dates = pc.and_(pc.not_equal(reported, ""), pc.is_null(event_date))
    for i in pc.indices_nonzero(bad_dates).to_pylist():
        found.append((i, 2, "date", reported[i].as_py()))
    problems = []
    for i, _cell, unit, raw in sorted(found):
        row = table.data.slice(i, 1).to_pylist()[0]
        where = f"{file} line {table.first_line + i}"
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
