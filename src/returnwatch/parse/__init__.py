"""Parsing: raw bytes into text (with front matter) or tables (CSV, XLSX)."""

from returnwatch.parse.decode import decode_text
from returnwatch.parse.errors import ParseError
from returnwatch.parse.frontmatter import FrontMatter, as_date, read_front_matter
from returnwatch.parse.html import HtmlText, looks_like_html, read_html
from returnwatch.parse.table import Table, read_table
from returnwatch.parse.unzipped import WorkbookUnread
from returnwatch.parse.workbook import read_workbook

__all__ = [
    "FrontMatter",
    "HtmlText",
    "ParseError",
    "Table",
    "WorkbookUnread",
    "as_date",
    "decode_text",
    "looks_like_html",
    "read_front_matter",
    "read_html",
    "read_table",
    "read_workbook",
]
