"""The unit that moves through a run: one pulled document, bytes and metadata."""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import PurePosixPath

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}
TABLE_SUFFIXES = {".csv", ".tsv"}
WORKBOOK_SUFFIXES = {".xlsx"}
"""Excel workbooks read by their HXL hashtag row (parse/workbook.py); binary, so never put
through the text-or-CSV check of ``binary_format``."""


@dataclass(frozen=True)
class Document:
    """A pulled document: its raw bytes and what its source says about it."""

    source_id: str
    name: str
    content: bytes
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: date | None = None
    read_on: date | None = None
    """The day the document was first read (None: today). Dates with no year and words like
    "yesterday" count from it when there is no published date; it is never one."""
    published_given: date | None = None
    """The published date the run that first read it was given (``returnwatch run
    --published``): it overrides any the document or its source gives, and is archived so a
    rebuild gives it again (unlike ``published``, which the document's own date beats)."""
    meta: dict[str, str] = field(default_factory=dict)
    declared_suffix: str | None = None
    """How to read the bytes when the name does not say (a URL): ``.html``, ``.md``, ``.csv``."""
    as_published: bytes | None = field(default=None, repr=False, compare=False)
    """The bytes as the source published them, when ``content`` is a rewrite of them (a
    spreadsheet mapped to an HXL-tagged CSV); archived beside it, never read again."""

    @cached_property
    def document_id(self) -> str:
        """sha256 of the raw bytes: the document's identity everywhere."""
        return hashlib.sha256(self.content).hexdigest()

    def first_read(self, day: date, published_given: date | None = None) -> Document:
        """This document with ``read_on`` set to ``day`` and ``published_given`` (the run's
        ``--published``, if any), unless it already has them (a replay of an archived
        document keeps what its first read was given)."""
        changes: dict[str, date] = {}
        if self.read_on is None:
            changes["read_on"] = day
        if self.published_given is None and published_given is not None:
            changes["published_given"] = published_given
        return self.with_metadata(**changes) if changes else self

    def with_metadata(self, **changes) -> Document:
        """A copy with other metadata (never other bytes: their hash is not computed again)."""
        if "content" in changes:
            raise ValueError("with_metadata changes metadata only; make a new Document")
        changed = replace(self, **changes)
        if "document_id" in self.__dict__:
            changed.__dict__["document_id"] = self.document_id
        return changed

    @property
    def suffix(self) -> str:
        if self.declared_suffix:
            return self.declared_suffix
        return PurePosixPath(self.name.split("?", 1)[0]).suffix.lower()

    @property
    def media_type(self) -> str:
        if self.suffix in {".md", ".markdown"}:
            return "text/markdown"
        guessed, _ = mimetypes.guess_type(f"x{self.suffix}")
        return guessed or "application/octet-stream"


@dataclass(frozen=True)
class Refused:
    """An input that could not be pulled, kept so it never vanishes from a run."""

    source_id: str
    name: str
    reason: str
    document_id: str | None = None
    size_bytes: int | None = None
    status: str = "rejected"
    """``rejected`` (refused on purpose: too big, outside the folder) or ``failed`` (broken:
    a fetch that did not succeed, a malformed feed, API page or table)."""


def failed(source_id: str, name: str, reason: str, size_bytes: int | None = None) -> Refused:
    """An input that broke on the way in (network, malformed data): recorded as ``failed``."""
    return Refused(source_id, name, reason, size_bytes=size_bytes, status="failed")


@dataclass(frozen=True)
class Known:
    """An input the warehouse already holds under this source and name, recognised by its
    file's fingerprint without reading it again (see ``sources/fingerprints.py``)."""

    source_id: str
    name: str
    document_id: str


@dataclass(frozen=True)
class Duplicate:
    """An input whose bytes another input already brought (in this run or an earlier one).

    ``document_id`` is the row key of this input (from its source, name and content), so
    each copy has its own ``documents`` row; ``duplicate_of`` is the content hash it repeats.
    """

    source_id: str
    name: str
    document_id: str
    duplicate_of: str
    size_bytes: int


def duplicate_key(source_id: str, name: str, content_id: str) -> str:
    """Row key of a copy: stable across runs, so re-reading an inbox adds no row."""
    return hashlib.sha256(f"duplicate\0{source_id}\0{name}\0{content_id}".encode()).hexdigest()


SIGNATURES = (
    (b"%PDF-", "a PDF"),
    (b"PK\x03\x04", "a ZIP archive (e.g. .docx, .xlsx, .odt)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE2 file (e.g. .doc, .xls)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "an executable"),
)
"""Leading bytes of file formats that are never text, whatever the file's name says."""


def binary_format(content: bytes) -> str | None:
    """What a document's leading bytes say it is, when that is a known non-text format."""
    head = content[:16]
    for magic, what in SIGNATURES:
        if head.startswith(magic):
            return what
    return None


_UNSAFE = {0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF}


def safe_display(text: str) -> str:
    """``text`` for logs and messages: bidi overrides and control characters shown escaped.

    A right-to-left override in a file name can make ``txt.exe`` read as ``exe.txt``;
    the warehouse keeps the name verbatim, but what a person reads shows the trick.
    """
    out = []
    for char in text:
        code = ord(char)
        if code in _UNSAFE or code < 0x20 or 0x7F <= code < 0xA0 or 0xD800 <= code < 0xE000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)
