"""Folder source: every file below a path, in a stable order."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator
from pathlib import Path

from returnwatch.config import MAX_DOCUMENT_BYTES
from returnwatch.documents import Document, Refused
from returnwatch.sources.config import SourceConfig


def pull_folder(config: SourceConfig) -> Iterator[Document | Refused]:
    """Yield each file below the folder as a Document, or a Refused with the reason.

    Identity: the sha256 of the bytes (a renamed copy is the same document).
    Symlinks that leave the folder are refused; so are files over the size limit.
    """
    root = config.path
    assert root is not None
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if _excluded(relative, config.exclude) or path.is_dir():
            continue
        if path.is_symlink() and not _inside(path.resolve(), root):
            yield Refused(config.id, relative, f"symlink leads out of the folder ({root})")
            continue
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            yield Refused(
                config.id,
                relative,
                f"{size} bytes is over the {MAX_DOCUMENT_BYTES}-byte limit; split the file",
                size_bytes=size,
            )
            continue
        yield Document(source_id=config.id, name=relative, content=path.read_bytes())


def _excluded(relative: str, patterns: tuple[str, ...]) -> bool:
    parts = relative.split("/")
    return any(fnmatch.fnmatch(part, pattern) for part in parts for pattern in patterns)


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents
