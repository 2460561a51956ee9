"""HTML pages to their main text: scripts, styles, navigation, headers, footers and asides
are dropped; the ``main`` or ``article`` element is kept when the page has one. Inside it,
blocks of links to other stories ("Related", "Read more", "See also") are dropped too, as
Readability does: an element whose class or id names such a block, a list that is nearly
all link text, and a paragraph or heading that only introduces links."""

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
RELATED = re.compile(
    r"(?<![^-])(?:related(?:-?(?:posts?|stories|articles?|news|links?|content|items?))?|"
    r"read-?more|see-?also|more-?(?:stories|news|articles)|also-?read|further-?reading)(?![^-])"
)
"""Class or id words of a block of links to other pages (after Readability's
``unlikelyCandidates``), matched against whole words of a name in ``_name_words`` form, so
that "related-posts", "jp-relatedposts" or "relatedStories" match and "unrelated" or
"correlated" do not."""
_WORD_BREAK = re.compile(r"[-_]+|(?<=[a-z])(?=[A-Z])")
"""Where a class or id name splits into words: hyphens, underscores, camelCase humps."""
LINK_INTRO = re.compile(
    r"^\W*(?:related(?: stories| news| articles)?|read more|read also|also read|see also|"
    r"more (?:stories|news|on this)|further reading|you may also like)\b",
    re.IGNORECASE,
)
"""How a line that introduces links to other stories begins."""
LINK_SHARE = 0.8
"""A list whose text is at least this share link text is a list of links, not the story's."""
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
    _drop_link_blocks(root)
    for row in root.css(ROWS):
        cells = [_one_line(cell.text(deep=True, separator=" ")) for cell in row.css(CELLS)]
        row.replace_with(f"\n| {' | '.join(cells)} |")
    for node in root.css(BLOCKS):
        node.insert_before("\n\n")
        node.insert_after("\n\n")
    return HtmlText(_tidy(root.text(deep=True)), title or None, published)


def _drop_link_blocks(root) -> None:
    """Drop blocks of links to other stories, which read as text would give their figures."""
    named, whole = [], _length(root)
    for node in root.css("[class], [id]"):
        names = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if _names_related(names) and _length(node) <= whole / 2:  # never the story's own body
            named.append(node)
    _drop(root, named)
    _drop(root, [node for node in root.css("ul, ol, dl") if _link_share(node) >= LINK_SHARE])
    _drop(root, [node for node in root.css("p, h2, h3, h4, h5, h6, dt") if _introduces_links(node)])


def _names_related(names: str) -> bool:
    """Whether a class or id name (of those in ``names``) is a related-links block's."""
    return any(RELATED.search(_name_words(name)) for name in names.split())


def _name_words(name: str) -> str:
    """A class or id name as its lowercase words joined by hyphens: "td-related_Posts" and
    "relatedPosts" are "td-related-posts" and "related-posts"."""
    return "-".join(word for word in _WORD_BREAK.split(name) if word).lower()


def _introduces_links(node) -> bool:
    """A bare "Related" heading, or "Read more: <a>...</a>"."""
    text = " ".join(node.text(deep=True).split())
    if not LINK_INTRO.match(text):
        return False
    rest = LINK_INTRO.sub("", text).strip(" :-\u2013\u2014|")
    return not rest or _link_share(node) >= 0.5


def _drop(root, nodes) -> None:
    """Decompose ``nodes`` but ``root``, each once (not those inside another one dropped)."""
    ids = {node.mem_id for node in nodes} - {root.mem_id}
    outer = []
    for node in nodes:
        if node.mem_id not in ids:
            continue
        parent, inside = node.parent, False
        while parent is not None and not inside:
            inside, parent = parent.mem_id in ids, parent.parent
        if not inside:
            outer.append(node)
    for node in outer:
        node.decompose()


def _link_share(node) -> float:
    total = _length(node)
    return sum(_length(a) for a in node.css("a")) / total if total else 0.0


def _length(node) -> int:
    """Characters of text under ``node``, blanks left out."""
    return len("".join(node.text(deep=True).split()))


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


_SPACED_NUMBER = re.compile(r"\d{1,3}(?: \d{3})+")
"""A cell that is only a number grouped by plain spaces ("1 234")."""


def _one_line(text: str) -> str:
    """A cell's text on one line; a cell that is only a number grouped by plain spaces, as
    French-style tables write it, gets narrow no-break spaces, which extract/numbers.py reads
    as grouping (in running text a plain space between numbers is not)."""
    cell = _CELL_BLANKS.sub(" ", text).strip()
    return cell.replace(" ", "\u202f") if _SPACED_NUMBER.fullmatch(cell) else cell


def _tidy(text: str) -> str:
    lines = [_BLANKS.sub(" ", line).strip() for line in text.split("\n")]
    return _BREAKS.sub("\n\n", "\n".join(lines)).strip() + "\n"
