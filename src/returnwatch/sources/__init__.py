"""Sources: where documents come from, and how each kind is pulled."""

from collections.abc import Callable, Iterator

from returnwatch.documents import Document, Known, Refused
from returnwatch.sources.config import SourceConfig, SourcesFileError, folder_source, load_sources
from returnwatch.sources.fingerprints import Fingerprints
from returnwatch.sources.folder import Seen, pull_folder
from returnwatch.sources.http import HttpClient
from returnwatch.sources.reliefweb import pull_reliefweb
from returnwatch.sources.rss import pull_rss
from returnwatch.sources.tables import pull_table

PULLERS: dict[str, Callable[..., Iterator[Document | Refused]]] = {
    "folder": lambda config, _http: pull_folder(config),
    "rss": pull_rss,
    "reliefweb": pull_reliefweb,
    "hxl": pull_table,
    "csv": pull_table,
    "xlsx": pull_table,
}


def pull(
    config: SourceConfig,
    http: HttpClient | None = None,
    fingerprints: Fingerprints | None = None,
    seen: Seen | None = None,
) -> Iterator[Document | Refused | Known]:
    """Every document a source yields, or the reason one could not be pulled; a folder
    given ``fingerprints`` and ``seen`` yields files already loaded as ``Known``, unread."""
    if http is None and config.kind != "folder":
        raise ValueError(f"source {config.id}: a {config.kind} source needs an HttpClient")
    if config.kind == "folder":
        return pull_folder(config, fingerprints, seen)
    return PULLERS[config.kind](config, http)


__all__ = [
    "HttpClient",
    "SourceConfig",
    "SourcesFileError",
    "folder_source",
    "load_sources",
    "pull",
]
