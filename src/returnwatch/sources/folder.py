"""Folder source: every file below a path, in a stable order."""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from returnwatch.config import MAX_DOCUMENT_BYTES
from returnwatch.documents import Document, Refused
from returnwatch.sources.config import SourceConfig


def pull_folder(config: SourceConfig) -> Iterator[Document | Refused]:
    """Yield each file below the folder as a Document, or a Refused with the reason.

    Identity: the sha256 of the bytes (a renamed copy is the same document).
    Refused: symlinks that leave the folder or lead nowhere, anything that is not a
    regular file (pipes, sockets, devices), files over the size limit (judged by
    ``stat()`` and a bounded read, never by reading the whole file), unreadable files.
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
        yield _read(config.id, path, relative)


def _read(source_id: str, path: Path, name: str) -> Document | Refused:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return Refused(source_id, name, "not a regular file (pipe, socket or device); skipped")
        if info.st_size > MAX_DOCUMENT_BYTES:
            return _too_large(source_id, name, info.st_size)
        with path.open("rb") as handle:
            content = handle.read(MAX_DOCUMENT_BYTES + 1)  # the file may grow after stat()
    except OSError as err:
        reason = f"cannot be read ({err.strerror or err}); check it exists and its permissions"
        return Refused(source_id, name, reason)
    if len(content) > MAX_DOCUMENT_BYTES:
        return _too_large(source_id, name, len(content))
    return Document(source_id=source_id, name=name, content=content)


def _too_large(source_id: str, name: str, size: int) -> Refused:
    return Refused(
        source_id,
        name,
        f"{size} bytes is over the {MAX_DOCUMENT_BYTES}-byte limit; split the file",
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
