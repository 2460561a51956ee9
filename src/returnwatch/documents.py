"""The unit that moves through a run: one pulled document, bytes and metadata."""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import PurePosixPath

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}
TABLE_SUFFIXES = {".csv"}


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
    meta: dict[str, str] = field(default_factory=dict)
    declared_suffix: str | None = None
    """How to read the bytes when the name does not say (a URL): ``.html``, ``.md``, ``.csv``."""

    @cached_property
    def document_id(self) -> str:
        """sha256 of the raw bytes: the document's identity everywhere."""
        return hashlib.sha256(self.content).hexdigest()

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
