"""Folder source: every file below a path, in a stable order."""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from returnwatch.config import MAX_DOCUMENT_BYTES, MAX_TABLE_BYTES
from returnwatch.documents import TABLE_SUFFIXES, Document, Known, Refused
from returnwatch.sources.config import SourceConfig
from returnwatch.sources.fingerprints import Fingerprints

Seen = Callable[[str, str, str], bool]
"""(source id, name, content id) -> True when the warehouse already recorded it so."""


def pull_folder(
    config: SourceConfig, fingerprints: Fingerprints | None = None, seen: Seen | None = None
) -> Iterator[Document | Refused | Known]:
    """Yield each file below the folder as a Document, or a Refused with the reason.

    Identity: the sha256 of the bytes (a renamed copy is the same document).
    Refused: symlinks that leave the folder or lead nowhere, anything that is not a
    regular file (pipes, sockets, devices), files over the size limit (judged by
    ``stat()`` and a bounded read, never by reading the whole file), unreadable files.
    With ``fingerprints`` and ``seen``, a file whose fingerprint names content ``seen``
    under its name is yielded as ``Known``, unread.
    """
    root = config.path
    assert root is not None
    for path in sorted(root.rglob("*")):
        relative = _display_name(path.relative_to(root).as_posix())
        if _excluded(relative, config.exclude):
            continue
        if path.is_symlink():
            try:
                target = path.resolve()
            except (OSError, RuntimeError):
                yield Refused(config.id, relative, "symlink loop; replace it with the file")
                continue
            if not _inside(target, root):
                yield Refused(config.id, relative, f"symlink leads out of the folder ({root})")
                continue
            if target.is_dir():
                continue  # its files are reached by their own path inside the folder
        elif path.is_dir():
            continue
        yield _read(config.id, path, relative, fingerprints, seen)


def _read(
    source_id: str,
    path: Path,
    name: str,
    fingerprints: Fingerprints | None = None,
    seen: Seen | None = None,
) -> Document | Refused | Known:
    limit = MAX_TABLE_BYTES if Path(name).suffix.lower() in TABLE_SUFFIXES else MAX_DOCUMENT_BYTES
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return Refused(source_id, name, "not a regular file (pipe, socket or device); skipped")
        if info.st_size > limit:
            return _too_large(source_id, name, info.st_size, limit)
        known = fingerprints.sha256(path, info) if fingerprints and seen else None
        if known and seen and seen(source_id, name, known):
            return Known(source_id, name, known)
        with path.open("rb") as handle:
            content = handle.read(limit + 1)  # the file may grow after stat()
    except OSError as err:
        reason = f"cannot be read ({err.strerror or err}); check it exists and its permissions"
        return Refused(source_id, name, reason)
    if len(content) > limit:
        return _too_large(source_id, name, len(content), limit)
    document = Document(source_id=source_id, name=name, content=content)
    if fingerprints is not None and len(content) == info.st_size:
        fingerprints.remember(path, info, document.document_id)
    return document


def _too_large(source_id: str, name: str, size: int, limit: int = MAX_DOCUMENT_BYTES) -> Refused:
    return Refused(
        source_id,
        name,
        f"{size} bytes is over the {limit}-byte limit; split the file",
        size_bytes=size,
    )


def _display_name(relative: str) -> str:
    """A file name as text: bytes that are not UTF-8 become ``\\xNN`` (the warehouse stores
    text; a lone surrogate from ``os.fsdecode`` cannot be stored or printed)."""
    raw = os.fsencode(relative)
    return raw.decode("utf-8", errors="backslashreplace")


def _excluded(relative: str, patterns: tuple[str, ...]) -> bool:
    parts = relative.split("/")
    return any(fnmatch.fnmatch(part, pattern) for part in parts for pattern in patterns)


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents
