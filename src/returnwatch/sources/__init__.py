"""Sources: where documents come from, and how each kind is pulled.

Reading ``sources.toml`` imports only ``config``; each kind's puller (and its HTTP, feed or
table library, seconds of imports between them) is imported when a source of that kind is
pulled, so a run over folders, or one that stops at a bad sources file, never pays for them.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import import_module
from typing import TYPE_CHECKING, Any

from returnwatch.sources.config import SourceConfig, SourcesFileError, folder_source, load_sources

if TYPE_CHECKING:
    from returnwatch.documents import Document, Known, Refused
    from returnwatch.sources.fingerprints import Fingerprints
    from returnwatch.sources.folder import Seen
    from returnwatch.sources.http import HttpClient

PULLERS: dict[str, tuple[str, str]] = {
    "folder": ("returnwatch.sources.folder", "pull_folder"),
    "rss": ("returnwatch.sources.rss", "pull_rss"),
    "reliefweb": ("returnwatch.sources.reliefweb", "pull_reliefweb"),
    "hxl": ("returnwatch.sources.tables", "pull_table"),
    "csv": ("returnwatch.sources.tables", "pull_table"),
    "xlsx": ("returnwatch.sources.tables", "pull_table"),
    "archive": ("returnwatch.sources.archived", "pull_archived"),
}
"""Kind -> (module, function) of its puller; ``archive`` is ``returnwatch rebuild``'s own,
never one of the sources file (see ``config.KINDS``)."""
LOCAL_KINDS = ("folder", "archive")
"""Kinds read from a folder: no HTTP, and files already loaded are recognised unread."""


def pull(
    config: SourceConfig,
    http: HttpClient | None = None,
    fingerprints: Fingerprints | None = None,
    seen: Seen | None = None,
) -> Iterator[Document | Refused | Known]:
    """Every document a source yields, or the reason one could not be pulled; a folder
    given ``fingerprints`` and ``seen`` yields files already loaded as ``Known``, unread."""
    if http is None and config.kind not in LOCAL_KINDS:
        raise ValueError(f"source {config.id}: a {config.kind} source needs an HttpClient")
    module, name = PULLERS[config.kind]
    puller = getattr(import_module(module), name)
    if config.kind in LOCAL_KINDS:
        return puller(config, fingerprints, seen)
    return puller(config, http)


def __getattr__(name: str) -> Any:
    if name == "HttpClient":
        from returnwatch.sources.http import HttpClient

        return HttpClient
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "HttpClient",
    "SourceConfig",
    "SourcesFileError",
    "folder_source",
    "load_sources",
    "pull",
]
