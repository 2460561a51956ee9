"""Write-once, content-addressed archive of every pulled document's raw bytes."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from returnwatch.documents import Document

SAFE_SUFFIX = re.compile(r"^\.[a-z0-9]{1,8}$")


def archive_path(archive_dir: Path, document: Document) -> Path:
    """``<archive>/<source>/<sha256><suffix>``: derived from the content, never from names."""
    suffix = document.suffix if SAFE_SUFFIX.match(document.suffix) else ".bin"
    return archive_dir / document.source_id / f"{document.document_id}{suffix}"


def archive(archive_dir: Path, document: Document) -> Path:
    """Store the bytes once (temporary file, then atomic rename); return where they are."""
    target = archive_path(archive_dir, document)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(document.content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
