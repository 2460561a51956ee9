"""Removing the temporary files a killed run left in the archive.

A run stages its archive files as ``.incoming-*`` files (``archive_writes.py``) and renames
them on commit, or removes them when it fails; a run killed outright (SIGKILL, power loss)
leaves them. The run lock is the warehouse's, and runs of other warehouses may share the
archive, so a staged file cannot be told from another run's by any lock we hold: only its
age tells. A file staged more than ``STALE_AFTER`` ago is a killed run's (no pull stages
files that long before committing them) and is removed at the start of a pull.

Walking the archive costs (about 5 ms for 10,000 files, so seconds for millions), so a pull
does it at most once every ``SWEEP_EVERY``: the archive's ``.swept`` file (a dot name, read
by no source and no rebuild) is touched after each sweep, and its time says when the next
one is due.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

STALE_AFTER = 24 * 3600.0
"""Seconds after which a staged ``.incoming-*`` file is a killed run's."""
SWEEP_EVERY = 3600.0
"""Seconds between two sweeps of one archive."""
SWEPT = ".swept"
INCOMING = ".incoming-"


def sweep_stale(archive_dir: Path, now: float | None = None) -> list[Path]:
    """Remove the archive's stale ``.incoming-*`` files, unless it was swept within
    ``SWEEP_EVERY``; the files removed."""
    now = time.time() if now is None else now
    stamp = archive_dir / SWEPT
    try:
        if 0 <= now - stamp.stat().st_mtime < SWEEP_EVERY:  # a stamp from the future: due
            return []
    except OSError:
        if not archive_dir.is_dir():
            return []
    removed: list[Path] = []
    _sweep(archive_dir, now - STALE_AFTER, removed)
    try:
        stamp.touch()
        os.utime(stamp, (now, now))
    except OSError:  # a read-only archive: swept again next time, the run goes on
        pass
    return removed


def _sweep(folder: Path, before: float, removed: list[Path]) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:  # a folder that went or cannot be read: nothing to do in it
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                _sweep(Path(entry.path), before, removed)
            elif (
                entry.name.startswith(INCOMING)
                and entry.stat(follow_symlinks=False).st_mtime < before
            ):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:  # removed meanwhile (another run's sweep), or not ours to remove
            continue
