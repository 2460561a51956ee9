"""One document in, its figures and problems out: the parse + extract stage for any type."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from returnwatch.documents import TABLE_SUFFIXES, TEXT_SUFFIXES, WORKBOOK_SUFFIXES, Document
from returnwatch.extract.dates import full_date
from returnwatch.extract.figure import Figure
from returnwatch.extract.hxl_table import extract_hxl_figures
from returnwatch.extract.problems import Problem
from returnwatch.extract.text import extract_text_figures
from returnwatch.gazetteer import Gazetteer
from returnwatch.parse import (
    FrontMatter,
    ParseError,
    Table,
    WorkbookUnread,
    decode_text,
    looks_like_html,
    read_front_matter,
    read_html,
    read_table,
    read_workbook,
)
from returnwatch.parse.table import tab_hashtag_row

HTML_SUFFIXES = {".html", ".htm"}


@dataclass(frozen=True)
class Extraction:
    """What one document gave: figures, problems, and the metadata it carries about itself."""

    document: Document
    figures: list[Figure] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: date | None = None
    failed: str | None = None  # why the document could not be read at all
    rejected: bool = False  # not read on purpose (its type), rather than broken


def extract_document(
    document: Document, gazetteer: Gazetteer, published: date | None = None
) -> Extraction:
    """Figures of a document; ``published`` overrides the date the document gives itself,
    as does, when it is None, the date its first run was given (``published_given``, which
    a replayed document carries from its sidecar)."""
    published = published or document.published_given
    suffix = document.suffix  # a property that builds a path: asked once
    try:
        if suffix in TEXT_SUFFIXES:
            return _text(document, gazetteer, published, suffix)
        if suffix in TABLE_SUFFIXES:
            return _table(document, read_table(document.content), gazetteer, published)
        if suffix in WORKBOOK_SUFFIXES:  # a sheet's rows, named as its rows (Table.where)
            return _table(document, read_workbook(document.content), gazetteer, published)
    except ParseError as err:
        rejected = isinstance(err, WorkbookUnread)
        reason = f"{document.name}: {err}"
        return Extraction(document, failed=reason, published=published, rejected=rejected)
    kinds = ", ".join(sorted(TEXT_SUFFIXES | TABLE_SUFFIXES | WORKBOOK_SUFFIXES))
    reason = f"{document.name}: file type {suffix or '(none)'!r} is not read; use one of {kinds}"
    if suffix == ".xls":
        reason += "; save an old binary .xls workbook as Excel Workbook (.xlsx) or export it as CSV"
    return Extraction(document, failed=reason, published=published, rejected=True)


def extract_all(
    documents: list[Document], gazetteer: Gazetteer, published: date | None = None
) -> list[Extraction]:
    """The extraction of each document, in order."""
    return [extract_document(document, gazetteer, published) for document in documents]


def _is_html(document: Document, suffix: str, text: str) -> bool:
    declared = document.meta.get("content_type", "") or document.meta.get("media_type", "")
    return suffix in HTML_SUFFIXES or "html" in declared.lower() or looks_like_html(text)


def _html(document: Document, text: str, gazetteer: Gazetteer, published: date | None):
    page = read_html(text)
    when = published or page.published or document.published
    figures = extract_text_figures(
        document.document_id, document.name, page.text, 0, when, gazetteer, document.read_on
    )
    return Extraction(
        document,
        figures,
        title=page.title or document.title,
        url=document.url,
        publisher=document.publisher,
        published=when,
    )


def _text(
    document: Document, gazetteer: Gazetteer, published: date | None, suffix: str
) -> Extraction:
    text, _ = decode_text(document.content)
    if _is_html(document, suffix, text):
        return _html(document, text, gazetteer, published)
    if suffix == ".txt" and tab_hashtag_row(text):  # a sheet Excel saved as text
        return _table(document, read_table(document.content), gazetteer, published)
    front = read_front_matter(text)
    meta = front.metadata
    stated, unreadable = _front_published(document, front)
    when = published or stated or document.published
    figures = extract_text_figures(
        document.document_id,
        document.name,
        text,
        front.body_start,
        when,
        gazetteer,
        document.read_on,
    )
    problems = [
        Problem("parse", "front_matter_yaml", f"{document.name}: {p}") for p in front.problems
    ]
    if unreadable is not None and published is None:
        problems.append(unreadable)
    return Extraction(
        document,
        figures,
        problems,
        title=_str(meta.get("title")) or document.title,
        url=_str(meta.get("url")) or document.url,
        publisher=_str(meta.get("source")) or document.publisher,
        published=when,
    )


def _front_published(document: Document, front: FrontMatter) -> tuple[date | None, Problem | None]:
    """The front matter's published date: a YAML or ISO date, or a whole date written out
    ("12 March 2017"). A value that is neither is a problem, not a silent loss: without it,
    dates with no year and words like "yesterday" are read against the day of the run."""
    if front.published is not None:
        return front.published, None
    value = front.published_value
    if value in (None, ""):
        return None, None
    if (written := full_date(str(value))) is not None:
        return written, None
    reason = (
        f"{document.name}: front matter {front.published_key}: {str(value)!r} is not a date;"
        " write it as YYYY-MM-DD (until then, dates with no year and words like 'yesterday' in this"
        " document are read against the day of the run)"
    )
    return None, Problem("parse", "front_matter_published", reason, str(value))


def _table(
    document: Document, table: Table, gazetteer: Gazetteer, published: date | None
) -> Extraction:
    published = published or document.published
    figures, problems = extract_hxl_figures(
        document.document_id, document.name, table, gazetteer, published
    )
    return Extraction(
        document,
        figures,
        problems,
        title=document.title,
        url=document.url,
        publisher=document.publisher,
        published=published,
    )


def _str(value: object) -> str | None:
    return str(value).strip() if value not in (None, "") else None
