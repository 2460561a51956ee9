"""Return figures from HXL-tagged tables (HDX datasets, DTM spreadsheets), read by hashtag.

A DTM row is a stock of returnees in one area as of a round (a count tagged ``+new``, read
only when no other column holds that count, is a flow); when a row gives both households
and individuals, both are kept as measured and paired with each other.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from functools import partial
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from returnwatch.extract.figure import Figure
from returnwatch.extract.figure_table import COLUMNS, FigureTable
from returnwatch.extract.hxl_cells import Distinct, grouped
from returnwatch.extract.hxl_columns import COUNTS, HxlColumns
from returnwatch.extract.hxl_counts import quantity_text
from returnwatch.extract.hxl_dates import RowDates, day_or_month_first, read_dates
from returnwatch.extract.hxl_places import PLACE_TAGS, RowPlaces, read_places, total_row_problem
from returnwatch.extract.hxl_sex import sex_problems, sum_by_sex
from returnwatch.extract.problems import Problem
from returnwatch.gazetteer import Gazetteer
from returnwatch.parse import Table
from returnwatch.parse.table import HASHTAG_ROW_SEARCH

METHOD = "hxl-table/1"


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
IDS_SQL = Path(__file__).with_name("hxl_figure_ids.sql")
EXCERPT_CHARS = 400
SEPARATOR = "; "
EXCERPT_GROUP = 4096
"""Neighbouring columns are written together while they have this many distinct
combinations (or a sixteenth of the rows) at most."""
BLANKS = " \t\n\r\x0b\x0c"
"""The characters a blank cell may hold (DuckDB's trim takes only spaces unless told)."""
UNIT_FIELDS = (("households", "hh"), ("individuals", "ind"))


def extract_hxl_figures(
    document_id: str,
    file: str,
    table: Table,
    gazetteer: Gazetteer,
    published: date | None = None,
) -> tuple[FigureTable | list[Figure], list[Problem]]:
    """Figures of every row with a returnee count; a row that cannot be read becomes a Problem.
    A month's stock is dated no later than ``published`` (the document's published date).

    Column by column (Arrow): each distinct cell is read once, by the same rules as ever,
    and spread back over the rows; a row with both counts gives a paired figure of each,
    in line order.
    """
    columns = HxlColumns.of(table)
    if not any(tag in columns.by_tag for _, tag in COUNTS):
        reason = "table has no #affected+returnees+hh or +ind column; tag the counts with HXL"
        if not table.hashtags:
            reason = (
                f"no HXL hashtag row in the first {HASHTAG_ROW_SEARCH} lines (sheet rows) of the"
                " table; add a row of #hashtags (e.g. #adm2+name, #date+reported,"
                " #affected+returnees+hh) right under the header, within those lines"
            )
        missing = [Problem("parse", "hxl_counts_present", reason, value=file)]
        return [], sex_problems({}, columns, table, file) or missing
    raw = {name: Distinct.of(table.data.column(name)) for name in table.data.column_names}
    cells = _cells(raw, columns, table.data.num_rows)
    read = partial(quantity_text, decimal_comma=table.decimal_comma)
    unsummed = sum_by_sex(cells, raw, columns, FIELD_OF_TAG, read)
    reported = _reported(cells["date_reported"], cells["date_any"])
    dates = read_dates(reported, published)
    date_ok = reported.flags(pc.or_(reported.is_blank(), pc.is_valid(dates.first)))
    quantities = {field: read(cells[field].values) for _, field in UNIT_FIELDS}
    places = read_places([cells[FIELD_OF_TAG[tag]] for tag in PLACE_TAGS], gazetteer)
    place_ok = ~places.total_rows()
    kept = {f: cells[f].flags(pc.is_valid(q)) & date_ok & place_ok for f, q in quantities.items()}
    problems = _problems(cells, reported, dates.first, quantities, table, file)
    problems += total_row_problem(places, table, file)
    problems += sex_problems(unsummed, columns, table, file)
    both = kept["hh"] & kept["ind"]
    if len({tag in columns.flows for _, tag in COUNTS}) > 1:
        both &= False  # a new count beside a total is not the same return in the other unit
    flat = np.flatnonzero(np.column_stack([kept["hh"], kept["ind"]]).ravel())
    if not len(flat):
        return FigureTable(_frame(None, document_id, file)), problems
    row, unit_order = flat >> 1, (flat & 1).astype(np.int8)
    lines = row.astype(np.int64) + table.first_line
    with ThreadPoolExecutor(max_workers=1) as pool:  # DuckDB hashes ids while Arrow writes
        ids = pool.submit(_ids, lines, unit_order, both[row], document_id)
        figures = _figure_cells(cells, reported, dates, quantities, places, row, unit_order)
        figures["excerpt"] = _excerpts(raw, row, table)
        flow = np.array([tag in columns.flows for _, tag in COUNTS])[unit_order]
        figures["event_date"] = dates.of_figures(reported, row, flow)
        figures["figure_type"] = pc.if_else(pa.array(flow), "flow", "stock")
        figures |= ids.result()
    figures["span_start"] = lines
    return FigureTable(_frame(figures, document_id, file)), problems


def _figure_cells(
    cells: dict[str, Distinct],
    reported: Distinct,
    dates: RowDates,
    quantities: dict[str, pa.Array],
    places: RowPlaces,
    row: np.ndarray,
    unit_order: np.ndarray,
) -> dict:
    """The figures' values read from their rows' cells (``row``: each figure's row)."""
    place = places.code
    return {
        "quantity": _quantity(cells, quantities, row, unit_order),
        "unit": pc.take(pa.array(["households", "individuals"]), pa.array(unit_order)),
        "round_code": cells["round_code"].rows(_none_if_blank(cells["round_code"].values), row),
        "date_precision": reported.rows(dates.precision, row),
        "date_text": reported.rows(_none_if_blank(reported.values), row),
        "location_text": places.texts.take(pa.array(place[row])),
        "location_context": places.contexts.take(pa.array(place[row])),
        "announced_by": cells["source"].rows(_none_if_blank(cells["source"].values), row),
    }


NO_TEXT = pa.scalar(None, pa.string())


def _cells(raw: dict[str, Distinct], columns: HxlColumns, rows: int) -> dict[str, Distinct]:
    """The cells we read, trimmed, under our own names (a tag the table lacks: blank)."""
    return {
        field: raw[columns.by_tag[tag]].map(pc.utf8_trim_whitespace)
        if tag in columns.by_tag
        else Distinct.blank(rows)
        for tag, field in FIELD_OF_TAG.items()
    }


def _reported(reported: Distinct, any_date: Distinct) -> Distinct:
    """The date each row reports: its ``#date+reported``, else its ``#date``."""
    if len(any_date.values) == 1 and any_date.values[0].as_py() == "":
        return reported
    use_any = reported.flags(reported.is_blank())
    indices = np.where(use_any, any_date.indices + len(reported.values), reported.indices)
    return Distinct(pa.concat_arrays([reported.values, any_date.values]), indices)


def _none_if_blank(values: pa.Array) -> pa.Array:
    return pc.if_else(pc.equal(values, ""), NO_TEXT, values)


def _excerpts(raw: dict[str, Distinct], row: np.ndarray, table: Table) -> pa.Array:
    """``line N: column=value; …`` (``<sheet> row N: …`` in a workbook) of each row's
    non-blank cells, as written, cut to
    EXCERPT_CHARS characters (``row``: the table rows of the figures, in order).

    Neighbouring columns with few distinct combinations (a place's codes and names) are
    written once per combination, then spread over the rows.
    """
    written = [
        Distinct(_written(name, column.values), column.indices) for name, column in raw.items()
    ]
    groups = grouped(written, most=max(EXCERPT_GROUP, len(row) // 16))
    texts = [
        pc.binary_join_element_wise(*_listed([m.values for m in g.members], g.held), "")
        for g in groups
    ]
    lines = pc.cast(pa.array(row.astype(np.int64) + table.first_line), pa.string())
    pieces = _listed(texts, [g.code[row] for g in groups])
    excerpts = pc.binary_join_element_wise(f"{table.row_word} ", lines, ": ", *pieces, "")
    if pc.max(pc.binary_length(excerpts)).as_py() > EXCERPT_CHARS:  # bytes >= characters
        excerpts = pc.utf8_slice_codeunits(excerpts, 0, EXCERPT_CHARS)
    return excerpts


def _written(name: str, values: pa.Array) -> pa.Array:
    """``name=value`` of each distinct value, empty when it is blank."""
    blank = pc.equal(pc.utf8_trim(values, BLANKS), "")
    return pc.if_else(blank, "", pc.binary_join_element_wise(name + "=", values, ""))


def _listed(texts: list[pa.Array], indices: list[np.ndarray]) -> list[pa.Array]:
    """The pieces of ``"; ".join`` of the non-empty ``texts[k][indices[k]]``, element-wise:
    concatenated, they make the list (an empty text gives "", a later one its separator).

    Not ``binary_join_element_wise(..., null_handling="skip")``: pyarrow 26 drops the
    elements whose inputs are all null, which shifts every later one.
    """
    seen = np.zeros(len(indices[0]), bool)
    pieces = []
    for text, index in zip(texts, indices, strict=True):
        here = pc.not_equal(text, "").to_numpy(zero_copy_only=False)[index]
        choice = index + len(text) * (here & seen)  # the second copy has the separator
        both = pa.concat_arrays([text, pc.binary_join_element_wise(SEPARATOR, text, "")])
        pieces.append(both.take(pa.array(choice)))
        seen |= here
    return pieces


def _quantity(cells, quantities: dict, row: np.ndarray, unit_order: np.ndarray) -> np.ndarray:
    """Each figure's count as int64, or as Python ints when one is beyond 64 bits (kept as
    read, for validation to quarantine)."""
    try:
        numbers = {f: pc.cast(q, pa.int64()).fill_null(0).to_numpy() for f, q in quantities.items()}
    except pa.ArrowInvalid:
        numbers = {
            f: np.array([None if v is None else int(v) for v in q.to_pylist()], object)
            for f, q in quantities.items()
        }
    households = numbers["hh"][cells["hh"].indices[row]]
    individuals = numbers["ind"][cells["ind"].indices[row]]
    return np.where(unit_order == 0, households, individuals)


def _ids(lines: np.ndarray, unit_order: np.ndarray, both: np.ndarray, document_id: str) -> dict:
    """``figure_id`` as ``Figure.figure_id`` makes it, and the paired figure's id."""
    con = duckdb.connect()
    try:
        rows = pa.table({"line": lines, "unit_order": unit_order, "paired": both})
        con.register("figure_rows", rows)
        params = [f"{document_id}|", f"|households|{METHOD}", f"|individuals|{METHOD}"]
        ids = con.sql(IDS_SQL.read_text(encoding="utf-8"), params=params).to_arrow_table()
    finally:
        con.close()
    return {"figure_id": ids["figure_id"], "paired_figure_id": ids["paired_figure_id"]}


STRING = pd.ArrowDtype(pa.string())


def _frame(figures: dict | None, document_id: str, file: str) -> pd.DataFrame:
    """The figures as a frame with the columns and types the validate stage expects."""
    if figures is None:
        return pd.DataFrame(columns=list(COLUMNS))
    n = len(figures["span_start"])
    constants = {
        "document_id": document_id,
        "file": file,
        "qualifier": "exact",
        "resolve_method": "unresolved",
        "method": METHOD,
    }
    lines = figures.pop("span_start")
    event_date = pc.cast(figures.pop("event_date"), pa.timestamp("ns")).to_numpy(
        zero_copy_only=False
    )
    columns = {name: _strings(values) for name, values in figures.items() if name != "quantity"}
    columns |= {name: _strings(pa.repeat(value, n)) for name, value in constants.items()}
    columns |= {
        name: _strings(pa.nulls(n, pa.string())) for name in ("area_id", "part_of_figure_id")
    }
    missing = np.ones(n, bool)
    columns |= {
        "quantity": figures["quantity"],
        "quantity_high": pd.arrays.IntegerArray(np.zeros(n, np.int64), missing),
        "stage": pd.arrays.IntegerArray(np.zeros(n, np.int64), missing.copy()),
        "corrects_quantity": pd.arrays.IntegerArray(np.zeros(n, np.int64), missing.copy()),
        "span_start": pd.arrays.IntegerArray(lines, np.zeros(n, bool)),
        "span_end": pd.arrays.IntegerArray(lines.copy(), np.zeros(n, bool)),
        "resolve_score": np.zeros(n),
        "confidence": np.ones(n),
        "event_date": event_date,
    }
    return pd.DataFrame({name: columns[name] for name in COLUMNS}, copy=False)


def _strings(values: pa.Array | pa.ChunkedArray) -> pd.api.extensions.ExtensionArray:
    return pd.arrays.ArrowExtensionArray(values)


def _problems(
    cells, reported: Distinct, dates, quantities, table: Table, file: str
) -> list[Problem]:
    """A count that is not a whole number and a date that is not one, in line order."""
    found: list[tuple[int, int, str, str]] = []
    for cell, (unit, field) in enumerate(UNIT_FIELDS):
        column = cells[field]
        bad = column.flags(pc.and_(pc.invert(column.is_blank()), pc.is_null(quantities[field])))
        found += [
            (i, cell, unit, column.values[column.indices[i]].as_py())
            for i in np.flatnonzero(bad).tolist()
        ]
    bad_dates = reported.flags(pc.and_(pc.invert(reported.is_blank()), pc.is_null(dates)))
    found += [
        (i, 2, "date", reported.values[reported.indices[i]].as_py())
        for i in np.flatnonzero(bad_dates).tolist()
    ]
    found.sort()
    records = table.data.take(pa.array([i for i, *_ in found], pa.int64())).to_pylist()
    problems = []
    for (i, _cell, unit, raw), row in zip(found, records, strict=True):
        where = f"{file} {table.where(i)}"
        if unit == "date":
            reason = f"{where}: {_date_problem(raw)}"
            problems.append(Problem("extract", "date_is_iso", reason, value=raw, record=row))
        else:
            tag = dict(COUNTS)[unit]
            reason = f"{where}: {tag} is {raw!r}, not a whole number of people"
            if table.decimal_comma and "," in raw:
                reason += " (its cells are separated by semicolons, so a comma marks decimals)"
            reason += "; correct the cell"
            problems.append(Problem("extract", "count_is_number", reason, value=raw, record=row))
    return problems


def _date_problem(raw: str) -> str:
    if day_or_month_first(raw):
        return (
            f"date {raw!r} may be day/month or month/day, and its column shows no one order"
            " (as 31/03/2017 or 3/31/2017 would); write it as YYYY-MM-DD"
        )
    return (
        f"date {raw!r} is not an ISO date (YYYY-MM-DD) nor a month (YYYY-MM, June 2017);"
        " fix the cell"
    )
