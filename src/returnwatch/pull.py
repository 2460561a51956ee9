"""The pull stage: every configured source's documents, archived, minus those already known."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from returnwatch.archive import archive, archive_copy
from returnwatch.archive_sweep import sweep_stale
from returnwatch.archive_writes import ArchiveWrites
from returnwatch.clock import run_day
from returnwatch.documents import (
    TABLE_SUFFIXES,
    TEXT_SUFFIXES,
    Document,
    Duplicate,
    Known,
    Refused,
    binary_format,
    duplicate_key,
    failed,
)
from returnwatch.sources import HttpClient, SourceConfig, pull
from returnwatch.sources.fingerprints import Fingerprints
from returnwatch.sources.http import Validators
from returnwatch.warehouse.queries import run_query

FINGERPRINTS_FILE = ".file-fingerprints.json"
"""sha256 of folder files by size, mtime and inode (see sources/fingerprints.py)."""
VALIDATORS_FILE = ".http-validators.json"
"""ETag / Last-Modified per URL, kept beside the archive (see docs/sources.md)."""

KnownNames = dict[str, set[tuple[str, str]]]
"""Content id -> the (source_id, name) pairs the warehouse recorded it under."""


@dataclass
class Pulled:
    """New documents (archived), inputs refused with a reason, copies of documents already
    seen, and how many inputs were known from an earlier run (skipped, already recorded)."""

    documents: list[Document] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    known: int = 0
    archived: dict[str, Path] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)
    validators: Validators | None = None

    @property
    def inputs(self) -> int:
        """Every input the sources yielded: each is in exactly one of the four groups."""
        return len(self.documents) + len(self.refused) + len(self.duplicates) + self.known

    def keep_validators(self) -> None:
        """Store the ETags / Last-Modified seen, once the documents are safely loaded: until
        then a crashed run must not make the next one skip them as unchanged (304)."""
        if self.validators is not None:
            self.validators.save()


def pull_new(
    sources: list[SourceConfig],
    archive_dir: Path,
    known_ids: set[str],
    known_names: KnownNames | None = None,
    read_on: date | None = None,
    published_given: date | None = None,
) -> Pulled:
    """Pull every source; archive each new document write-once, skip those already recorded.

    An input whose bytes were already seen under another name (in this run or, when
    ``known_names`` is given, an earlier one) becomes a ``Duplicate`` with its own key.
    Each document is marked read on ``read_on`` (default the run's day, ``clock.run_day``)
    unless it says when it was first read: the day its undated dates count from, kept in the
    archive beside its bytes, as is ``published_given`` (the run's ``--published``), so a
    rebuild reads it as the run did.

    A document whose bytes the archive holds but the warehouse does not (a new warehouse
    over an old archive) and that the run reads with another ``--published`` date than
    the archive records gets that date in its sidecar (``archive.py``): the rebuild reads
    it as this run did.

    First, the ``.incoming-*`` files a killed run left in the archive are removed
    (``archive_sweep.py``: those staged over a day ago, at most once an hour).
    """
    sweep_stale(archive_dir)
    day = read_on or run_day()
    result = Pulled()
    seen: dict[str, tuple[str, str]] = {}
    http = HttpClient(validators_file=archive_dir / VALIDATORS_FILE, save_on_close=False)
    fingerprints = Fingerprints(archive_dir / FINGERPRINTS_FILE)
    recorded = _recorded(known_ids, known_names)
    with http, ArchiveWrites(archive_dir) as writes:  # durable before the pull returns
        for source in sources:
            for item in _items(source, http, fingerprints, recorded):
                if isinstance(item, Known):
                    result.known += 1
                elif isinstance(item, Duplicate):  # a copy the archive recorded (rebuild)
                    _copy(result, known_ids, item, writes)
                elif isinstance(item, Refused):
                    _refuse(result, known_ids, _with_id(item))
                    if source.url:  # fetch the whole source again next time, to retry the item
                        http.validators.forget(source.url)
                elif not item.content:
                    _refuse(result, known_ids, _with_id(_empty(item)))
                else:
                    item = item.first_read(day, published_given)
                    _take(result, item, known_ids, known_names, seen, writes)
    result.validators = http.validators
    fingerprints.save()
    return result


def _recorded(known_ids: set[str], known_names: KnownNames | None):
    """Whether the warehouse recorded content under this source and name (as ``_take``
    decides an input is known)."""

    def seen(source_id: str, name: str, content_id: str) -> bool:
        if known_names is None:
            return content_id in known_ids
        return (source_id, name) in known_names.get(content_id, set())

    return seen


def _items(source: SourceConfig, http: HttpClient, fingerprints=None, recorded=None):
    """A source's items; a source that breaks is recorded as one refused input, not a crash."""
    try:
        yield from pull(source, http, fingerprints, recorded)
    except Exception as err:
        reason = f"source {source.id} ({source.kind}) stopped: {type(err).__name__}: {err}"
        yield failed(source.id, source.url or str(source.path), reason)


def known_document_names(warehouse: Path) -> KnownNames:
    """What the warehouse recorded, by content id (none when it does not exist yet)."""
    if not warehouse.exists():
        return {}
    names: KnownNames = {}
    for row in run_query(warehouse, "known_document_names").itertuples(index=False):
        names.setdefault(row.content_id, set()).add((row.source_id, row.name))
    return names


def _take(result, item: Document, known_ids, known_names, seen, writes: ArchiveWrites) -> None:
    content_id, here = item.document_id, (item.source_id, item.name)
    recorded = (known_names or {}).get(content_id, set())
    if here in recorded or (known_names is None and content_id in known_ids):
        result.known += 1
        return
    if content_id in known_ids or content_id in seen:
        key = duplicate_key(item.source_id, item.name, content_id)
        copy = Duplicate(item.source_id, item.name, key, content_id, len(item.content))
        _copy(result, known_ids, copy, writes)
        return
    seen[content_id] = here
    result.archived[content_id] = archive(writes.root, item, writes)
    what = binary_format(item.content) if item.suffix in TEXT_SUFFIXES | TABLE_SUFFIXES else None
    if what:
        reason = f"named {item.suffix} but its bytes are {what}; export it as text or CSV"
        result.refused.append(
            Refused(item.source_id, item.name, reason, content_id, len(item.content))
        )
        return
    result.documents.append(item)


def _copy(result: Pulled, known_ids: set[str], copy: Duplicate, writes: ArchiveWrites) -> None:
    """A copy becomes a ``duplicate`` row, recorded in the archive so a rebuild has it too."""
    if copy.document_id in known_ids:
        result.known += 1
        return
    archive_copy(writes.root, copy, writes)
    result.duplicates.append(copy)


def _refuse(result: Pulled, known_ids: set[str], item: Refused) -> None:
    if item.document_id in known_ids:
        result.known += 1  # recorded by an earlier run with the same reason
    else:
        result.refused.append(item)


def _empty(item: Document) -> Refused:
    return Refused(item.source_id, item.name, "empty file (0 bytes); nothing to read", None, 0)


def _with_id(item: Refused) -> Refused:
    """A refused input gets a stable id from where it came from, so a re-run records it once."""
    if item.document_id:
        return item
    key = f"refused\0{item.source_id}\0{item.name}\0{item.reason}".encode()
    return replace(item, document_id=hashlib.sha256(key).hexdigest())
