"""The archive's own folders as sources, for ``returnwatch rebuild`` only.

Kind ``archive`` is internal: ``sources.toml`` refuses it (it is not in ``config.KINDS``).
Each file of ``<archive>/<source>/`` is read as a folder source reads it, then given what
its sidecar in ``<archive>/.documents/`` says its source said about it (name, URL, title,
publisher, published date, the day it was first read, the date its first run was given by
``--published``); see ``archive_metadata.py``. Then come the copies recorded under the
source (same bytes as another input, ``archive_copies.py``), as ``duplicate`` inputs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from returnwatch.archive_copies import archived_copies
from returnwatch.archive_metadata import restore_metadata
from returnwatch.documents import Document, Duplicate, Known, Refused
from returnwatch.sources.config import SourceConfig
from returnwatch.sources.fingerprints import Fingerprints
from returnwatch.sources.folder import Seen, pull_folder


def archive_source(folder: Path) -> SourceConfig:
    """The source that replays ``<archive>/<source_id>/`` under its own id (the folder is
    missing when the source only brought copies of other inputs)."""
    return SourceConfig(id=folder.name, kind="archive", path=folder.resolve(), exclude=(".*",))


def pull_archived(
    config: SourceConfig, fingerprints: Fingerprints | None = None, seen: Seen | None = None
) -> Iterator[Document | Refused | Known | Duplicate]:
    """Every archived document of one source folder, with its sidecar's metadata when it
    has one (an archive written before sidecars were kept replays the bytes alone), then
    every copy recorded under the source."""
    assert config.path is not None
    archive_dir = config.path.parent
    if config.path.is_dir():
        for item in pull_folder(config, fingerprints, seen):
            yield restore_metadata(item, archive_dir) if isinstance(item, Document) else item
    yield from archived_copies(archive_dir, config.id)
