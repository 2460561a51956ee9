"""Sources: where documents come from, and how each kind is pulled."""

from collections.abc import Iterator

from returnwatch.documents import Document, Refused
from returnwatch.sources.config import SourceConfig, SourcesFileError, folder_source, load_sources
from returnwatch.sources.folder import pull_folder

PULLERS = {"folder": pull_folder}


def pull(config: SourceConfig) -> Iterator[Document | Refused]:
    """Every document a source yields, or the reason one could not be pulled."""
    return PULLERS[config.kind](config)


__all__ = ["SourceConfig", "SourcesFileError", "folder_source", "load_sources", "pull"]
