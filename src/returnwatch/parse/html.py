"""HTML pages to their main text: scripts, styles, navigation, headers, footers and asides
are dropped; the ``main`` or ``article`` element is kept when the page has one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from selectolax.lexbor import LexborHTMLParser

from returnwatch.parse.frontmatter import as_date

BOILERPLATE = (
    "script, style, noscript, template, nav, header, footer, aside, form, iframe, svg, button, "
    "[role=navigation], [role=banner], [role=contentinfo], [role=complementary], [aria-hidden=true]"
)
# Elements after which a reader sees a new paragraph (so sentences never run across them).
BLOCKS = "p, li, h1, h2, h3, h4, h5, h6, blockquote, div, section, article, dd, dt, pre, table, br"
CELLS = "td, th"
ROWS = "tr"
PUBLISHED_META = (
    'meta[property="article:published_time"]',
    'meta[name="date"]',
    'meta[name="pubdate"]',
    'meta[itemprop="datePublished"]',
)
_BLANKS = re.compile(r"(?:[ \t\r\f\v]|(?<!\d)[\u00a0\u202f\u2009]|[\u00a0\u202f\u2009](?!\d))+")
"""Runs of blanks within a line; a no-break, narrow no-break or thin space between digits
is kept, since it groups them ("1&nbsp;200" is one number, see extract/numbers.py)."""
_BREAKS = re.compile(r"\s*\n\s*\n\s*")
HTML_START = re.compile(r"\A\s*(?:<!doctype\s+html|<html\b|<head\b|<body\b)", re.IGNORECASE)


@dataclass(frozen=True)
class HtmlText:
    """The main text of a page and what its head says about it."""

    text: str
    title: str | None = None
    published: date | None = None


def looks_like_html(text: str) -> bool:
    """Whether text is an HTML page, whatever its file name says."""
    return bool(HTML_START.match(text[:512]))


def read_html(markup: str) -> HtmlText:
    """The readable main text of a page, paragraphs separated by blank lines."""
    tree = LexborHTMLParser(markup)
    title_node = tree.css_first("title")
    title = " ".join(title_node.text().split()) if title_node else None
    published = _published(tree)
    for node in tree.css(BOILERPLATE):
        node.decompose()
    root = tree.css_first("main") or tree.css_first("article") or tree.body or tree.root
    if root is None:
        return HtmlText("", title, published)
    for row in root.css(ROWS):
        cells = [_one_line(cell.text(deep=True, separator=" ")) for cell in row.css(CELLS)]
        row.replace_with(f"\n| {' | '.join(cells)} |")
    for node in root.css(BLOCKS):
        node.insert_before("\n\n")
        node.insert_after("\n\n")
    return HtmlText(_tidy(root.text(deep=True)), title or None, published)


def _published(tree: LexborHTMLParser) -> date | None:
    for selector in PUBLISHED_META:
        node = tree.css_first(selector)
        if node is not None and as_date(node.attributes.get("content")):
            return as_date(node.attributes.get("content"))
    stamp = tree.css_first("time[datetime]")
    return as_date(stamp.attributes.get("datetime")) if stamp is not None else None


_CELL_BLANKS = re.compile(
    r"(?:[^\S\u00a0\u202f\u2009]|(?<!\d)[\u00a0\u202f\u2009]|[\u00a0\u202f\u2009](?!\d))+"
)
"""Any run of whitespace in a table cell, but for a digit-grouping space (as _BLANKS)."""


def _one_line(text: str) -> str:
    return _CELL_BLANKS.sub(" ", text).strip()


def _tidy(text: str) -> str:
    lines = [_BLANKS.sub(" ", line).strip() for line in text.split("\n")]
    return _BREAKS.sub("\n\n", "\n".join(lines)).strip() + "\n"
