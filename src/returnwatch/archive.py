"""Write-once, content-addressed archive of every pulled document's raw bytes."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path, PurePosixPath

from returnwatch.archive_copies import copy_json, copy_path
from returnwatch.archive_metadata import corrected_json, metadata_json, metadata_path
from returnwatch.archive_writes import ArchiveWrites
from returnwatch.documents import Document, Duplicate

SAFE_SUFFIX = re.compile(r"^\.[a-z0-9]{1,8}$")


def archive_path(archive_dir: Path, document: Document) -> Path:
    """``<archive>/<source>/<sha256><suffix>``: derived from the content, never from names."""
    return archive_dir / document.source_id / f"{document.document_id}{_safe(document.suffix)}"


AS_PUBLISHED_DIR = ".as-published"
"""Below the archive: the bytes of rewritten documents as their source published them (a
dot folder, so ``returnwatch rebuild`` replays the rewrites, not these)."""


def archive(archive_dir: Path, document: Document, writes: ArchiveWrites | None = None) -> Path:
    """Store the bytes once; return where they are (or will be, once ``writes`` commits).

    With ``writes`` (a run's pull), the files are staged and made durable together when it
    commits, before the warehouse refers to them (``archive_writes.py``); without, at once.
    Bytes archived now for the first time get their metadata beside them, made durable
    before them, once, under ``<archive>/.documents/<source>/<sha256>.json`` (see
    ``archive_metadata.py``); bytes already there (a replay, an archive from before
    sidecars were kept) get none now, so a sidecar only ever says what the first read saw,
    but for one field: read again with another ``--published`` date (a correction), the
    sidecar's ``published_given`` becomes that date (the file replaced in one rename).
    A document rewritten on the way in also keeps its bytes as published, under
    ``<archive>/.as-published/<source>/<sha256 of those bytes><suffix>``.
    """
    if writes is None:
        with ArchiveWrites(archive_dir) as now:
            return archive(archive_dir, document, now)
    if document.as_published is not None:
        original = hashlib.sha256(document.as_published).hexdigest()
        suffix = _safe(PurePosixPath(document.name.split("?", 1)[0]).suffix.lower())
        folder = archive_dir / AS_PUBLISHED_DIR / document.source_id
        writes.write_once(folder / f"{original}{suffix}", document.as_published)
    target = archive_path(archive_dir, document)
    sidecar = metadata_path(archive_dir, document.source_id, document.document_id)
    if not writes.exists(target):
        writes.write_once(sidecar, metadata_json(document), metadata=True)
    elif document.published_given is not None:
        corrected = corrected_json(sidecar, document.published_given)
        if corrected is not None:
            writes.write(sidecar, corrected, metadata=True)
    return writes.write_once(target, document.content)


def archive_copy(archive_dir: Path, copy: Duplicate, writes: ArchiveWrites | None = None) -> Path:
    """Record, once, that ``copy`` brought bytes already archived (``archive_copies.py``)."""
    if writes is None:
        with ArchiveWrites(archive_dir) as now:
            return archive_copy(archive_dir, copy, now)
    return writes.write_once(copy_path(archive_dir, copy), copy_json(copy), metadata=True)


def _safe(suffix: str) -> str:
    return suffix if SAFE_SUFFIX.match(suffix) else ".bin"
