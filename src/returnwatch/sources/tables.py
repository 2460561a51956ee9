"""Tables over HTTP: HXL-tagged CSVs (HDX, DTM) and plain CSV / XLSX through a ``columns`` map.

An ``hxl`` source is read with libhxl, which finds the hashtag row in the first 25 rows; when
that row sits right under the header the bytes are passed on as published, else they are
rewritten as header + hashtag row + data. A hashtag row further down (long notes above a DTM
table), within the project's own ``HASHTAG_ROW_SEARCH`` lines, is left to the table reader
that reads every table: the bytes are passed on as published. A ``csv`` / ``xlsx`` source is rewritten as an HXL-tagged CSV
through its ``columns`` map. Either way ``extract/hxl_table.py`` reads the result by hashtag.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from urllib.parse import urlsplit

import hxl
import pandas as pd
import python_calamine

from returnwatch.documents import Document, Refused, failed
from returnwatch.parse import ParseError, decode_text, read_table
from returnwatch.parse.table import HASHTAG_ROW_SEARCH, hashtag_row
from returnwatch.parse.unzipped import check_unzipped_size
from returnwatch.parse.workbook import worksheets
from returnwatch.sources.config import SourceConfig
from returnwatch.sources.http import FetchError, HttpClient

HASHTAG_OF_FIELD = {
    "quantity_households": "#affected+returnees+hh",
    "quantity_individuals": "#affected+returnees+ind",
    "place": "#loc+name",
    "place_code": "#loc+code",
    "adm1_name": "#adm1+name",
    "adm2_name": "#adm2+name",
    "adm3_name": "#adm3+name",
    "date": "#date+reported",
    "round": "#round+code",
    "source": "#meta+source",
}
ACCEPT = {
    "hxl": ("csv", "text/plain", "octet-stream"),
    "csv": ("csv", "text/plain", "octet-stream"),
    "xlsx": ("spreadsheetml", "excel", "octet-stream", "zip"),
}


HEAD_BYTES = 1024 * 1024
"""Enough of a file to hold its header and hashtag rows."""


class TableError(ValueError):
    """A table that cannot be read as its kind; the message says why."""


def pull_table(config: SourceConfig, http: HttpClient) -> Iterator[Document | Refused]:
    """The table at the URL as one HXL-tagged CSV document, or a Refused with the reason."""
    assert config.url
    try:
        fetched = http.get(config.url, conditional=True, accept=ACCEPT[config.kind])
    except FetchError as err:
        yield failed(config.id, config.url, str(err))
        return
    if fetched.not_modified:
        return
    try:
        content = _as_hxl_csv(config, fetched.content)
    except TableError as err:
        yield failed(config.id, config.url, f"{config.url}: {err}", size_bytes=len(fetched.content))
        return
    name = urlsplit(config.url).path.rsplit("/", 1)[-1] or config.id
    yield Document(
        source_id=config.id,
        name=name if "." in name else f"{name}.{config.kind if config.kind != 'hxl' else 'csv'}",
        content=content,
        url=config.url,
        meta={"kind": config.kind},
        declared_suffix=".csv",
        as_published=None if content == fetched.content else fetched.content,
    )


def _as_hxl_csv(config: SourceConfig, content: bytes) -> bytes:
    if config.kind == "hxl":
        return _hxl(content)
    frame, delimiter = _xlsx(content, config.sheet) if config.kind == "xlsx" else _csv(content)
    missing = [column for column in config.columns.values() if column not in frame.columns]
    if missing:
        raise TableError(
            f"no column(s) {', '.join(map(repr, missing))} (columns are "
            f"{', '.join(map(repr, frame.columns))}); fix the columns map"
        )
    out = frame[list(config.columns.values())]
    tags = [HASHTAG_OF_FIELD[field] for field in config.columns]
    return _write([list(config.columns.values()), tags, *out.itertuples(index=False)], delimiter)


def _hxl(content: bytes) -> bytes:
    try:
        dataset = hxl.data(hxl.input.make_input(io.BytesIO(content), hxl.InputOptions()))
        columns = dataset.columns  # libhxl streams: this reads only down to the hashtag row
    except hxl.HXLException as err:
        if _hashtags_below_libhxl(content):
            return content
        raise TableError(
            f"not an HXL table ({err}; none in its first {HASHTAG_ROW_SEARCH} lines either); "
            "it needs a row of #hashtags"
        ) from None
    header = [column.header or "" for column in columns]
    tags = [column.display_tag or "" for column in columns]
    lines = content[:HEAD_BYTES].decode("utf-8-sig", errors="replace").splitlines()
    if len(lines) > 1 and [c.strip() for c in next(csv.reader([lines[1]]))] == tags:
        return content  # hashtags right under the header: pass the bytes on as published
    try:
        rows = [row.values for row in dataset]
    except hxl.HXLException as err:
        raise TableError(f"not an HXL table ({err}); it needs a row of #hashtags") from None
    return _write([header, tags, *rows])


def _hashtags_below_libhxl(content: bytes) -> bool:
    """Whether the table reader finds a hashtag row where libhxl stops looking (row 25)."""
    try:
        text, _ = decode_text(content)
    except ParseError:
        return False
    return hashtag_row(text) is not None


def _csv(content: bytes) -> tuple[pd.DataFrame, str]:
    """The table and the delimiter to write it back with: semicolons for a table whose comma
    marks decimals (``Table.decimal_comma``), so its counts are read as written."""
    try:
        table = read_table(content)  # the project's CSV reader: delimiter sniffed
    except ParseError as err:
        raise TableError(str(err)) from None
    return table.frame, ";" if table.decimal_comma else ","


def _xlsx(content: bytes, sheet: str | None) -> tuple[pd.DataFrame, str]:
    try:
        check_unzipped_size(content)
    except ParseError as err:
        raise TableError(str(err)) from None
    try:
        if sheet is None:  # the first visible sheet: a hidden first one is an old round's
            book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
            sheet = next(iter(worksheets(book)), None)
        frame = pd.read_excel(io.BytesIO(content), engine="calamine", sheet_name=sheet, dtype=str)
    except Exception as err:  # calamine raises its own error types for broken workbooks
        raise TableError(f"not a readable XLSX workbook or sheet ({err})") from None
    return frame.fillna(""), ","


def _write(rows, delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue().encode("utf-8")
