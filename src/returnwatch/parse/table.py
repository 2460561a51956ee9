"""Delimited tables (CSV), with an optional HXL hashtag row under the header."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import pandas as pd

from returnwatch.parse.decode import decode_text
from returnwatch.parse.errors import ParseError


@dataclass(frozen=True)
class Table:
    """A table of strings; ``hashtags`` maps column name to its HXL hashtag, if tagged.

    ``first_line`` is the file line number of the table's first data row.
    """

    frame: pd.DataFrame
    hashtags: dict[str, str]
    first_line: int


def read_table(content: bytes) -> Table:
    """Read a CSV as strings; find the HXL hashtag row if the first data row is one."""
    text, _ = decode_text(content)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
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


def _is_hashtag_row(row: pd.Series) -> bool:
    cells = [str(c).strip() for c in row if str(c).strip()]
    return bool(cells) and all(c.startswith("#") for c in cells)
