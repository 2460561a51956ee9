"""Delimited tables (CSV), with an optional HXL hashtag row under the header.

Well-formed tables are read with pyarrow's CSV reader (multi-threaded, columnar: a 1M-row
file in well under a second); anything it refuses, or whose header pandas would rename
(empty or repeated names), is read by pandas as before, which gives the error to report.
"""

from __future__ import annotations

import csv
import io
import re

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from returnwatch.parse.decode import decode_text
from returnwatch.parse.errors import ParseError


class Table:
    """A table of strings; ``hashtags`` maps column name to its HXL hashtag, if tagged.

    ``first_line`` is the file line number of the table's first data row; ``sheet`` the
    workbook sheet it was read from (None for a CSV), whose row numbers its lines are;
    ``decimal_comma`` whether its cells are separated by semicolons, as Excel writes them
    where the comma is the decimal mark (so "1.234" groups thousands and "5,5" is a half). The
    rows are held as Arrow columns (``data``) or a pandas frame (``frame``); each is made
    from the other on first use.
    """

    def __init__(
        self,
        frame: pd.DataFrame | None,
        hashtags: dict[str, str],
        first_line: int,
        data: pa.Table | None = None,
        sheet: str | None = None,
    ) -> None:
        self.hashtags = hashtags
        self.first_line = first_line
        self.sheet = sheet
        self.decimal_comma = False
        self._frame = frame
        self._data = data

    @property
    def frame(self) -> pd.DataFrame:
        if self._frame is None:
            self._frame = self.data.to_pandas()
        return self._frame

    @property
    def data(self) -> pa.Table:
        if self._data is None:
            frame = self.frame.fillna("").astype(str)
            self._data = pa.Table.from_pandas(frame, preserve_index=False)
        return self._data

    def __repr__(self) -> str:
        columns = list(self._data.column_names if self._data is not None else self.frame.columns)
        return (
            f"Table({len(self)} rows, columns={columns!r}, hashtags={self.hashtags!r}, "
            f"first_line={self.first_line})"
        )

    def __len__(self) -> int:
        return self._data.num_rows if self._data is not None else len(self.frame)

    def where(self, *rows: int) -> str:
        """Where data rows (0-based) stand, as a reason names them: ``line 7``, ``lines 7,
        9``; in a workbook ``sheet 'Data' row 7``."""
        numbers = ", ".join(str(self.first_line + row) for row in rows)
        plural = "s" if len(rows) > 1 else ""
        if self.sheet is None:
            return f"line{plural} {numbers}"
        return f"sheet {self.sheet!r} row{plural} {numbers}"

    @property
    def row_word(self) -> str:
        """What an excerpt calls a row before its number: ``line``; ``Data row`` in a sheet."""
        return "line" if self.sheet is None else f"{self.sheet} row"


HASHTAG_ROW_SEARCH = 100
"""How many lines down a hashtag row is looked for: HDX and DTM files often open with a
title or notes above the header, DTM sheets sometimes with long ones (libhxl looks 25 down)."""
HASHTAG_SEARCH_CHARS = 1 << 20
"""At most this much text is looked through for them (1 MB: 100 lines of 10,000 characters)."""


def read_table(content: bytes) -> Table:
    """Read a CSV as strings; find the HXL hashtag row if the first data row is one, or
    else one further down (the lines above its header are a preamble, left out). A hashtag
    row with no header above it (the first line, or under a blank one) is its own header."""
    text, encoding = decode_text(content)
    at = hashtag_row(text)
    if at is None:
        try:
            return _read(content, text, encoding)
        except ParseError as err:  # notes above a table make rows of other widths
            raise ParseError(
                f"{err}; no HXL hashtag row was found in its first {HASHTAG_ROW_SEARCH} lines"
                " (notes above a table must end within them)"
            ) from None
    if at == 1 and text[:65536].split("\n", 1)[0].strip():
        return _read(content, text, encoding)
    lines = text.splitlines(keepends=True)
    headed = at > 0 and lines[at - 1].strip()
    kept = lines[at - 1 :] if headed else [lines[at], *lines[at:]]
    table = _read(b"", "".join(kept), "text")
    table.first_line += at - 1
    return table


def _read(content: bytes, text: str, encoding: str) -> Table:
    """The table of ``text`` (``content`` its bytes when ``encoding`` is UTF-8), its hashtag
    row, if any, right under its header."""
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    raw = content if encoding == "utf-8" else text.encode("utf-8")
    table = _read_delimited(raw, text, delimiter)
    table.decimal_comma = delimiter == ";"
    return table


def _read_delimited(raw: bytes, text: str, delimiter: str) -> Table:
    """The table by Arrow, or by pandas when Arrow cannot (pandas' error is the reason)."""
    arrow = _read_arrow(raw, delimiter, _header_width(text, delimiter))
    if arrow is not None:
        return _tagged(arrow)
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, sep=delimiter, on_bad_lines="error"
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeError) as err:
        raise ParseError(
            f"not a readable CSV table ({err}); check quoting and delimiters"
        ) from None
    hashtags: dict[str, str] = {}
    first_line = 2
    if len(frame) and _is_hashtag_row(frame.iloc[0]):
        hashtags = {col: str(tag).strip() for col, tag in frame.iloc[0].items() if str(tag).strip()}
        frame = frame.iloc[1:].reset_index(drop=True)
        first_line = 3
    return Table(frame, hashtags, first_line)


HASHTAG = re.compile(r"#[^\W\d_]")
"""An HXL hashtag starts with a letter ("# of families" is a header, not a hashtag)."""


def hashtag_row(text: str) -> int | None:
    """The index of the first line, within HASHTAG_ROW_SEARCH, that is a row of hashtags."""
    lines = _head(text).splitlines(keepends=True)[:HASHTAG_ROW_SEARCH]
    for index, line in enumerate(lines):
        if line.lstrip().startswith("#") and _is_hashtag_line(line):
            return index
    return None


def tab_hashtag_row(text: str) -> bool:
    """Whether ``text`` has a hashtag row whose cells are separated by tabs, as Excel saves a
    sheet as "Unicode Text" or "Text (Tab delimited)" (.txt): a table, whatever its name
    says. Hashtags in prose ("#Libya, #Sirte") are not such a row."""
    at = hashtag_row(text)
    if at is None:
        return False
    cells = [cell.strip() for cell in _head(text).splitlines()[at].split("\t") if cell.strip()]
    return len(cells) > 1 and all(HASHTAG.match(cell) for cell in cells)


def _head(text: str) -> str:
    """The text down to its HASHTAG_ROW_SEARCH-th line break (within HASHTAG_SEARCH_CHARS),
    found without splitting the whole of a large file."""
    end = -1
    for _ in range(HASHTAG_ROW_SEARCH):
        end = text.find("\n", end + 1, HASHTAG_SEARCH_CHARS)
        if end < 0:
            return text[:HASHTAG_SEARCH_CHARS]
    return text[: end + 1]


def _is_hashtag_line(line: str) -> bool:
    for delimiter in ",;\t|":
        cells = [c.strip() for c in next(csv.reader([line], delimiter=delimiter), []) if c.strip()]
        if len(cells) > 1 and all(HASHTAG.match(cell) for cell in cells):
            return True
    return False


def _header_width(text: str, delimiter: str) -> int:
    try:
        return len(next(csv.reader(io.StringIO(text[:65536]), delimiter=delimiter)))
    except (StopIteration, csv.Error):
        return 0


def _read_arrow(raw: bytes, delimiter: str, width: int) -> pa.Table | None:
    """The table as Arrow strings, or None when pandas must read it (or say why it cannot)."""
    if not width:
        return None
    names = [f"f{i}" for i in range(width)]
    try:
        table = pa_csv.read_csv(
            io.BytesIO(raw.removeprefix(b"\xef\xbb\xbf")),
            read_options=pa_csv.ReadOptions(column_names=names),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pa_csv.ConvertOptions(
                strings_can_be_null=False, column_types=dict.fromkeys(names, pa.string())
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, UnicodeError):
        return None
    if table.num_rows == 0:
        return None
    header = [table.column(name)[0].as_py() for name in names]
    if len(set(header)) != len(header) or any(not name for name in header):
        return None  # pandas renames these (``Unnamed: 2``, ``a.1``): let it
    return table.slice(1).rename_columns(header)


def _tagged(table: pa.Table) -> Table:
    hashtags: dict[str, str] = {}
    first_line = 2
    if table.num_rows:
        head = {name: table.column(name)[0].as_py() for name in table.column_names}
        if _is_hashtag_row(pd.Series(head)):
            hashtags = {col: tag.strip() for col, tag in head.items() if tag.strip()}
            table = table.slice(1)
            first_line = 3
    return Table(None, hashtags, first_line, data=table)


def _is_hashtag_row(row: pd.Series) -> bool:
    cells = [str(c).strip() for c in row if str(c).strip()]
    return bool(cells) and all(c.startswith("#") for c in cells)
