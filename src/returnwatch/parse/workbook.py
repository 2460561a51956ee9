"""Excel workbooks (.xlsx) with an HXL hashtag row, read like an HXL-tagged CSV.

HDX and DTM publish most datasets as XLSX with a row of hashtags under the header, often
below a title or notes. The first visible sheet with such a row (a hidden one only if none) (within ``HASHTAG_ROW_SEARCH`` rows
of its top) is written out as CSV, one line per sheet row, and read by ``read_table``: the
preamble, header and hashtag rules are those of a CSV, and a table line is its sheet row.
Cells come out as a person sees them: a date cell as ``YYYY-MM-DD``, 9800 stored as the float
9800.0 as ``9800``. Read with python-calamine, the project's workbook reader.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time

import python_calamine

from returnwatch.parse.errors import ParseError
from returnwatch.parse.table import HASHTAG_ROW_SEARCH, Table, hashtag_row, read_table
from returnwatch.parse.unzipped import WorkbookUnread, check_unzipped_size

ENCRYPTED = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""OLE2: what a password-protected .xlsx (or an .xls renamed .xlsx) is inside."""


def read_workbook(content: bytes) -> Table:
    """The first sheet with an HXL hashtag row, as a Table whose ``sheet`` names it and whose
    lines are its rows; ParseError says why there is none."""
    if content.startswith(ENCRYPTED):
        raise ParseError(
            "an encrypted (password-protected) workbook or an old .xls renamed .xlsx; "
            "remove the password or save it as an Excel Workbook (.xlsx), then drop it in again"
        )
    check_unzipped_size(content)
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
        names = worksheets(workbook)
        tagged = next((name for name in names if _tagged(workbook, name)), None)
        sheet = workbook.get_sheet_by_name(tagged) if tagged else None
        rows = sheet.to_python(skip_empty_area=False) if sheet else []
        merged = (sheet.merged_cell_ranges or []) if sheet else []
    except Exception as err:  # calamine raises its own error types for broken workbooks
        raise ParseError(_broken(err)) from None
    if tagged is None:
        sheets = ", ".join(repr(name) for name in names) or "none"
        raise WorkbookUnread(
            f"no sheet has an HXL hashtag row in its first {HASHTAG_ROW_SEARCH} rows (sheets: "
            f"{sheets}); add a row of #hashtags (e.g. #adm2+name, #date+reported, "
            "#affected+returnees+hh) under the header, or read it through an xlsx source with "
            "a columns map (docs/sources.md)"
        )
    _fill_merged_down(rows, merged)
    table = read_table(_csv(rows).encode("utf-8"))
    table.sheet = tagged
    return table


FILLED_DOWN = ("#adm", "#loc", "#date", "#round", "#meta", "#country")
"""Hashtags of the columns whose cells merged down several rows stand for each of them: a
mantika or a date merged over its baladiya rows. Never a count: one count merged over two
rows is one figure, not two."""


def _fill_merged_down(rows: list[list], merged: list) -> None:
    """Give each row of a cell merged down a place, date or source column (by its hashtag)
    the merged cell's value, as a reader of the sheet sees it; calamine leaves them blank."""
    at = hashtag_row(_csv(rows[:HASHTAG_ROW_SEARCH])) if merged else None
    if at is None:
        return
    tags = [str(cell or "").strip().lower() for cell in rows[at]]
    for (top, column), (bottom, right) in merged:
        if right != column or top <= at or column >= len(tags):
            continue  # across columns, or in the header: left as it is
        if tags[column].startswith(FILLED_DOWN):
            for row in rows[top + 1 : bottom + 1]:
                if column < len(row) and row[column] in (None, ""):
                    row[column] = rows[top][column]


def worksheets(workbook: python_calamine.CalamineWorkbook) -> list[str]:
    """The workbook's worksheets in its order, visible ones first: a hidden sheet is most
    often an old round or a lookup table kept out of sight, read only when no visible sheet
    has a hashtag row."""
    sheets = [
        sheet
        for sheet in workbook.sheets_metadata
        if sheet.typ == python_calamine.SheetTypeEnum.WorkSheet
    ]
    visible = python_calamine.SheetVisibleEnum.Visible
    return [sheet.name for sheet in sorted(sheets, key=lambda sheet: sheet.visible != visible)]


def _tagged(workbook: python_calamine.CalamineWorkbook, name: str) -> bool:
    head = workbook.get_sheet_by_name(name).to_python(
        skip_empty_area=False, nrows=HASHTAG_ROW_SEARCH
    )
    return hashtag_row(_csv(head)) is not None


def _broken(err: Exception) -> str:
    return (
        f"not a readable XLSX workbook ({err}); open it in Excel or LibreOffice and save "
        "it again as .xlsx, or export the sheet as CSV"
    )


def _csv(rows: list[list]) -> str:
    """The rows as CSV text, one line per row: a line break inside a cell becomes a space, so
    that line numbers stay sheet row numbers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


def _cell(value: object) -> str:
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if value is None:
        return ""
    return " ".join(str(value).splitlines()) if isinstance(value, str) else str(value)
