"""Parsing: raw bytes into text (with front matter) or tables."""

from returnwatch.parse.decode import decode_text
from returnwatch.parse.errors import ParseError
from returnwatch.parse.frontmatter import FrontMatter, as_date, read_front_matter
from returnwatch.parse.table import Table, read_table

__all__ = [
    "FrontMatter",
    "ParseError",
    "Table",
    "as_date",
    "decode_text",
    "read_front_matter",
    "read_table",
]
