"""What the archive keeps of an input whose bytes another input already brought (a copy).

A copy's bytes are archived once, under the document that brought them first, so the
archive alone does not say that the same bytes also came under another source or name,
and ``returnwatch rebuild`` lost the ``duplicate`` rows of ``documents``. ``pull.py`` now
writes one file per copy, write-once, to ``<archive>/.copies/<source>/<key>.json`` (the
key is the copy's ``documents.document_id``: sha256 of its source, name and content):
its name, the content sha256 it repeats and its size. The rebuild gives each back as a
``duplicate`` row. Copies recorded before these files were kept are not in the archive.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from returnwatch.documents import Duplicate, Refused, duplicate_key

COPIES_DIR = ".copies"


def copy_path(archive_dir: Path, copy: Duplicate) -> Path:
    """``<archive>/.copies/<source>/<key>.json``: named by the copy's row key."""
    return archive_dir / COPIES_DIR / copy.source_id / f"{copy.document_id}.json"


def copy_json(copy: Duplicate) -> bytes:
    """The record of one copy: what its ``duplicate`` row needs besides its source."""
    record = {"name": copy.name, "duplicate_of": copy.duplicate_of, "size_bytes": copy.size_bytes}
    return (json.dumps(record, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def copy_sources(archive_dir: Path) -> list[str]:
    """Ids of the sources some copy was recorded under."""
    folder = archive_dir / COPIES_DIR
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def archived_copies(archive_dir: Path, source_id: str) -> Iterator[Duplicate | Refused]:
    """Every copy recorded under ``source_id``, in file order; a record that cannot be read
    is a ``failed`` input that names its file (never a crash, never a silent gap)."""
    folder = archive_dir / COPIES_DIR / source_id
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.json")):
        try:
            yield _read(path, source_id)
        except (OSError, ValueError) as err:
            reason = (
                f"{path}: archive record of a copy cannot be read ({err}); fix it, or delete"
                " it to rebuild without that duplicate row"
            )
            yield Refused(source_id, path.name, reason, status="failed")


def _read(path: Path, source_id: str) -> Duplicate:
    record = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    name, content_id = record.get("name"), record.get("duplicate_of")
    size = record.get("size_bytes")
    if not isinstance(name, str) or not name:
        raise ValueError("name must be text")
    if not isinstance(content_id, str) or len(content_id) != 64:
        raise ValueError(f"duplicate_of must be a sha256, not {content_id!r}")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise ValueError(f"size_bytes must be a whole number, not {size!r}")
    return Duplicate(source_id, name, duplicate_key(source_id, name, content_id), content_id, size)
