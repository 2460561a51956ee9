"""Replay the raw archive into a fresh warehouse, then put it in the old one's place."""

from __future__ import annotations

import os
from pathlib import Path

from returnwatch.archive_copies import copy_sources
from returnwatch.sources import SourceConfig
from returnwatch.sources.archived import archive_source
from returnwatch.warehouse.connect import connect
from returnwatch.warehouse.queries import require_relations


def archive_sources(archive: Path) -> list[SourceConfig]:
    """One source per source folder of the archive (``<archive>/<source_id>/``), whose
    documents carry what their sidecars say (``sources/archived.py``), and per source that
    only brought copies (``<archive>/.copies/<source_id>/``); dot folders (the sidecars,
    copies, tables as published) are not replayed as documents."""
    if not archive.is_dir():
        raise FileNotFoundError(f"{archive}: no archive here; `returnwatch run` fills it")
    ids = {p.name for p in archive.iterdir() if p.is_dir() and not p.name.startswith(".")}
    ids.update(copy_sources(archive))
    return [archive_source(archive / source_id) for source_id in sorted(ids)]


def require_replaceable(warehouse: Path) -> None:
    """Raise ``NotAWarehouse`` when ``warehouse`` is a file a rebuild must not replace (it
    replaces its file whole): anything but a returnwatch warehouse. A missing file is fine."""
    if not warehouse.exists():
        return
    con = connect(warehouse, read_only=True)
    try:
        require_relations(con, warehouse, ["pipeline_runs"])
    finally:
        con.close()


def fresh_path(warehouse: Path) -> Path:
    """Where the rebuild writes, beside the warehouse; anything left there is removed."""
    fresh = warehouse.with_name(warehouse.name + ".rebuild")
    for stale in (fresh, fresh.with_name(fresh.name + ".wal")):
        stale.unlink(missing_ok=True)
    return fresh


def put_in_place(fresh: Path, warehouse: Path) -> None:
    """Replace the warehouse by the rebuilt file in one rename; the old file's write-ahead
    log goes first, so it is never replayed against the new file."""
    con = connect(fresh)
    try:
        con.execute("checkpoint")
    finally:
        con.close()
    warehouse.with_name(warehouse.name + ".wal").unlink(missing_ok=True)
    os.replace(fresh, warehouse)
