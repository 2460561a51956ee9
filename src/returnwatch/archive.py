"""Write-once, content-addressed archive of every pulled document's raw bytes."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path, PurePosixPath

from returnwatch.archive_copies import copy_json, copy_path
from returnwatch.archive_metadata import corrected_json, metadata_json, metadata_path
from returnwatch.documents import Document, Duplicate

SAFE_SUFFIX = re.compile(r"^\.[a-z0-9]{1,8}$")


def archive_path(archive_dir: Path, document: Document) -> Path:
    """``<archive>/<source>/<sha256><suffix>``: derived from the content, never from names."""
    return archive_dir / document.source_id / f"{document.document_id}{_safe(document.suffix)}"


AS_PUBLISHED_DIR = ".as-published"
"""Below the archive: the bytes of rewritten documents as their source published them (a
dot folder, so ``returnwatch rebuild`` replays the rewrites, not these)."""


def archive(archive_dir: Path, document: Document) -> Path:
    """Store the bytes once (temporary file, then atomic rename); return where they are.

    Bytes archived now for the first time get their metadata beside them, written before
    them, once, under ``<archive>/.documents/<source>/<sha256>.json`` (see
    ``archive_metadata.py``); bytes already there (a replay, an archive from before
    sidecars were kept) get none now, so a sidecar only ever says what the first read saw,
    but for one field: read again with another ``--published`` date (a correction), the
    sidecar's ``published_given`` becomes that date (the file replaced in one rename).
    A document rewritten on the way in also keeps its bytes as published, under
    ``<archive>/.as-published/<source>/<sha256 of those bytes><suffix>``.
    """
    if document.as_published is not None:
        original = hashlib.sha256(document.as_published).hexdigest()
        suffix = _safe(PurePosixPath(document.name.split("?", 1)[0]).suffix.lower())
        folder = archive_dir / AS_PUBLISHED_DIR / document.source_id
        _write_once(folder / f"{original}{suffix}", document.as_published)
    target = archive_path(archive_dir, document)
    sidecar = metadata_path(archive_dir, document.source_id, document.document_id)
    if not target.exists():
        _write_once(sidecar, metadata_json(document))
    elif document.published_given is not None:
        corrected = corrected_json(sidecar, document.published_given)
        if corrected is not None:
            _write(sidecar, corrected)
    return _write_once(target, document.content)


def archive_copy(archive_dir: Path, copy: Duplicate) -> Path:
    """Record, once, that ``copy`` brought bytes already archived (``archive_copies.py``)."""
    return _write_once(copy_path(archive_dir, copy), copy_json(copy))


def _safe(suffix: str) -> str:
    return suffix if SAFE_SUFFIX.match(suffix) else ".bin"


def _write_once(target: Path, content: bytes) -> Path:
    if target.exists():
        return target
    return _write(target, content)


def _write(target: Path, content: bytes) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
