"""The pull stage: every configured source's documents, archived, minus those already known."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from returnwatch.archive import archive
from returnwatch.documents import Document, Refused, failed
from returnwatch.sources import HttpClient, SourceConfig, pull
from returnwatch.sources.http import Validators

VALIDATORS_FILE = ".http-validators.json"
"""ETag / Last-Modified per URL, kept beside the archive (see docs/sources.md)."""


@dataclass
class Pulled:
    """New documents (archived), inputs refused with a reason, and how many were known."""

    documents: list[Document] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    known: int = 0
    archived: dict[str, Path] = field(default_factory=dict)
    validators: Validators | None = None

    def keep_validators(self) -> None:
        """Store the ETags / Last-Modified seen, once the documents are safely loaded: until
        then a crashed run must not make the next one skip them as unchanged (304)."""
        if self.validators is not None:
            self.validators.save()


def pull_new(sources: list[SourceConfig], archive_dir: Path, known_ids: set[str]) -> Pulled:
    """Pull every source; archive each new document write-once, skip those already loaded."""
    result = Pulled()
    seen: set[str] = set()
    http = HttpClient(validators_file=archive_dir / VALIDATORS_FILE, save_on_close=False)
    with http:
        for source in sources:
            for item in _items(source, http):
                if isinstance(item, Refused):
                    result.refused.append(_with_id(item))
                    if source.url:  # fetch the whole source again next time, to retry the item
                        http.validators.forget(source.url)
                    continue
                if item.document_id in known_ids or item.document_id in seen:
                    result.known += 1
                    continue
                seen.add(item.document_id)
                result.archived[item.document_id] = archive(archive_dir, item)
                result.documents.append(item)
    result.validators = http.validators
    return result


def _items(source: SourceConfig, http: HttpClient):
    """A source's items; a source that breaks is recorded as one refused input, not a crash."""
    try:
        yield from pull(source, http)
    except Exception as err:
        reason = f"source {source.id} ({source.kind}) stopped: {type(err).__name__}: {err}"
        yield failed(source.id, source.url or str(source.path), reason)


def _with_id(item: Refused) -> Refused:
    """A refused input gets a stable id from where it came from, so a re-run records it once."""
    if item.document_id:
        return item
    key = f"refused\0{item.source_id}\0{item.name}\0{item.reason}".encode()
    return replace(item, document_id=hashlib.sha256(key).hexdigest())
