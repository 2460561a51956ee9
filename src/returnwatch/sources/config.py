"""Read and check ``sources.toml``: the list of sources a run pulls from."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
KINDS = ("folder",)


class SourcesFileError(ValueError):
    """The sources file cannot be used; the message says where and what to do."""


@dataclass(frozen=True)
class SourceConfig:
    """One ``[[sources]]`` table of the sources file."""

    id: str
    kind: str
    path: Path | None = None
    exclude: tuple[str, ...] = ("README*", ".*")
    options: dict[str, Any] = field(default_factory=dict)


def folder_source(path: Path, source_id: str = "inbox") -> SourceConfig:
    """A single folder source, as ``returnwatch run --inbox DIR`` uses."""
    return SourceConfig(id=source_id, kind="folder", path=path.resolve(), exclude=(".*",))


def load_sources(path: Path) -> list[SourceConfig]:
    """Parse a sources file; relative paths are taken from the file's folder."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourcesFileError(
            f"{path}: no such sources file; pass --sources FILE or --inbox DIR"
        ) from None
    except tomllib.TOMLDecodeError as err:
        raise SourcesFileError(f"{path}: not valid TOML ({err}); fix that line") from None
    tables = raw.get("sources")
    if not isinstance(tables, list) or not tables:
        raise SourcesFileError(f"{path}: needs at least one [[sources]] table")
    configs = [_source(path, i, table) for i, table in enumerate(tables, start=1)]
    seen: set[str] = set()
    for config in configs:
        if config.id in seen:
            raise SourcesFileError(f"{path}: source id {config.id!r} is used twice; ids are unique")
        seen.add(config.id)
    return configs


def _source(path: Path, number: int, table: dict[str, Any]) -> SourceConfig:
    where = f"{path}: [[sources]] #{number}"
    source_id = table.get("id")
    if not isinstance(source_id, str) or not SOURCE_ID.match(source_id):
        raise SourcesFileError(
            f"{where}: id must be lowercase letters, digits and '-', got {source_id!r}"
        )
    kind = table.get("kind")
    if kind not in KINDS:
        raise SourcesFileError(
            f"{where} ({source_id}): kind {kind!r} is not one of {', '.join(KINDS)}"
        )
    folder = table.get("path")
    if not isinstance(folder, str) or not folder:
        raise SourcesFileError(f'{where} ({source_id}): a folder source needs path = "DIR"')
    resolved = (path.parent / folder).resolve()
    if not resolved.is_dir():
        raise SourcesFileError(
            f"{where} ({source_id}): path {folder!r} is not a folder ({resolved})"
        )
    exclude = table.get("exclude", list(SourceConfig.exclude))
    if not isinstance(exclude, list) or not all(isinstance(x, str) for x in exclude):
        raise SourcesFileError(f"{where} ({source_id}): exclude must be a list of glob patterns")
    known = {"id", "kind", "path", "exclude"}
    options = {k: v for k, v in table.items() if k not in known}
    return SourceConfig(source_id, kind, resolved, tuple(exclude), options)
