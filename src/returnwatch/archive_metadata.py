"""What the archive keeps beside a document's bytes: what its source said about it.

The bytes alone do not say a feed item's published date, title and URL, the original file
name, or the day the document was first read (from which its dates with no year and words
like "yesterday" were counted when it gave no published date), nor a date the run was
given by ``--published`` (``published_given``: it overrides the document's own date, where
``published``, the source's, does not). ``archive.py`` writes them, write-once, to
``<archive>/.documents/<source>/<sha256>.json`` (a dot folder, so no folder source reads
it); ``returnwatch rebuild`` gives each replayed document what its file says. A sidecar
written before ``published_given`` was kept has no such field: no date was given.

Every field says what the first read saw, except ``published_given``: a later run that
reads the same bytes with another ``--published`` date (into a warehouse that did not
hold them) records it, so a rebuild reads them as the latest run did (``archive.py``). A
person may also correct it by hand, then ``returnwatch rebuild`` (docs/sources.md).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path, PurePosixPath

from returnwatch.clock import run_day
from returnwatch.documents import Document, Refused

METADATA_DIR = ".documents"
TEXT_FIELDS = ("name", "url", "title", "publisher")
DATE_FIELDS = ("published", "read_on", "published_given")


def metadata_path(archive_dir: Path, source_id: str, document_id: str) -> Path:
    """``<archive>/.documents/<source>/<sha256>.json``: named by content, like the bytes."""
    return archive_dir / METADATA_DIR / source_id / f"{document_id}.json"


def metadata_json(document: Document) -> bytes:
    """The sidecar of a document being archived; ``read_on`` is the run's day when it has none."""
    record = {key: getattr(document, key) for key in TEXT_FIELDS}
    record["published"] = _iso(document.published)
    record["read_on"] = _iso(document.read_on or run_day())
    record["published_given"] = _iso(document.published_given)
    return (json.dumps(record, indent=2) + "\n").encode("ascii")


def corrected_json(path: Path, published_given: date) -> bytes | None:
    """The sidecar at ``path`` with ``published_given`` set to a date a later run was given;
    None when it already says so, or there is no readable sidecar to correct."""
    try:
        if _read(path)["published_given"] == published_given:
            return None
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    record["published_given"] = published_given.isoformat()
    return (json.dumps(record, indent=2) + "\n").encode("ascii")


def restore_metadata(document: Document, archive_dir: Path) -> Document | Refused:
    """An archived document (named ``<sha256><suffix>``) as its source first gave it, when
    its sidecar is there; unchanged when there is none (archived before sidecars were kept).

    The bytes keep being read as the archive's suffix says, whatever the original name is.
    A sidecar that cannot be read makes the document a ``failed`` row that names the file.
    """
    path = metadata_path(archive_dir, document.source_id, document.document_id)
    try:
        record = _read(path)
    except FileNotFoundError:
        return document
    except (OSError, ValueError) as err:
        reason = (
            f"{path}: archive metadata cannot be read ({err}); fix it, or delete it to replay"
            " the document with only what its bytes say"
        )
        return Refused(
            document.source_id,
            document.name,
            reason,
            document.document_id,
            len(document.content),
            status="failed",
        )
    return document.with_metadata(
        **record, declared_suffix=_read_as(record["name"], document.suffix)
    )


def _read(path: Path) -> dict:
    """The sidecar's fields, checked: text or null, ISO dates or null (or absent: an
    older sidecar has no ``published_given``), a name."""
    record = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    out: dict = {}
    for key in TEXT_FIELDS:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"{key} must be text or null, not {value!r}")
        out[key] = value
    if not out["name"]:
        raise ValueError("name is missing")
    for key in DATE_FIELDS:
        value = record.get(key)
        try:
            out[key] = None if value is None else date.fromisoformat(str(value))
        except ValueError:
            raise ValueError(f"{key} must be a date (YYYY-MM-DD) or null, not {value!r}") from None
    return out


def _read_as(name: str, archived: str) -> str | None:
    """How to read the bytes under their original name: as the archive's suffix says (a
    feed page's URL says nothing), or by the name itself when that gives the same suffix or
    had one the archive could not keep (``.bin``: such a document was never read)."""
    own = PurePosixPath(name.split("?", 1)[0]).suffix.lower()
    return None if own == archived or archived == ".bin" else archived


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
