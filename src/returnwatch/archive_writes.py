"""Durable writes into the archive, a run's worth at a time.

Every archive file is written to a temporary file in its folder (``.incoming-*``: a dot
name, which no source and no rebuild reads) and only *staged*; ``commit`` then makes them
durable in this order, before the pull returns and so before the warehouse commit that
refers to them:

1. the staged bytes reach the disk: one ``syncfs`` per file system (Linux 5.8 and later,
   where it reports write-back errors), else one ``fsync`` per file;
2. the metadata files (sidecars, records of copies) are renamed into place and their
   folders are fsynced: a document's bytes are never there without its sidecar;
3. the documents' bytes are renamed into place and their folders fsynced (with the
   parents of every folder made for them).

A crash before step 3 ends leaves the archive without the run's new names (the warehouse
was not written either) and some ``.incoming-*`` files; a renamed file never holds
partial bytes, as its data was on disk before its name. One ``syncfs`` instead of two
``fsync`` per document is what makes this cheaper (measured in ``docs/robustness.md``).
"""

from __future__ import annotations

import ctypes
import os
import platform
import tempfile
from pathlib import Path

FEW = 16
"""Up to this many staged files, an ``fsync`` each costs less than a ``syncfs``, which
writes back the file system's other dirty data too."""


class ArchiveWrites:
    """Files staged for the archive under ``root``; ``commit`` makes them durable (above).

    Used as a context manager: committed when the block ends, discarded (temporary files
    removed) when it raises.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._staged: dict[Path, tuple[str, bool]] = {}  # target -> (temporary, is metadata)
        self._made: set[Path] = set()  # folders that existed or were made, fsynced on commit

    def __enter__(self) -> ArchiveWrites:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()

    def exists(self, target: Path) -> bool:
        """True when ``target`` is in the archive or staged for it."""
        return target in self._staged or target.exists()

    def write_once(self, target: Path, content: bytes, metadata: bool = False) -> Path:
        """Stage ``content`` for ``target`` unless it is there or staged already."""
        return target if self.exists(target) else self.write(target, content, metadata)

    def write(self, target: Path, content: bytes, metadata: bool = False) -> Path:
        """Stage ``content`` for ``target``, replacing what is there on commit."""
        if target.parent not in self._made:
            self._make(target.parent)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        replaced = self._staged.pop(target, None)
        if replaced:
            Path(replaced[0]).unlink(missing_ok=True)
        self._staged[target] = (tmp, metadata)
        return target

    def commit(self) -> None:
        """Make every staged file durable under its name, metadata first (see above)."""
        if not self._staged:
            return
        _sync_data([Path(tmp) for tmp, _ in self._staged.values()])
        for metadata in (True, False):
            moved = {t: tmp for t, (tmp, is_meta) in self._staged.items() if is_meta == metadata}
            for target, tmp in moved.items():
                os.replace(tmp, target)
            _sync_folders(self._folders({t.parent for t in moved}))
        self._staged.clear()

    def discard(self) -> None:
        """Remove the staged temporary files; nothing is renamed."""
        for tmp, _ in self._staged.values():
            Path(tmp).unlink(missing_ok=True)
        self._staged.clear()

    def _make(self, folder: Path) -> None:
        missing = [p for p in (folder, *folder.parents) if not p.is_dir()]
        folder.mkdir(parents=True, exist_ok=True)
        self._made.update((folder, *missing))
        if missing:  # the new folders' names live in their parents: fsynced on commit
            self._made.add(missing[-1].parent)

    def _folders(self, parents: set[Path]) -> set[Path]:
        """The folders to fsync for files renamed into ``parents``: those, and every folder
        above them made by this run (up to the archive's own parent)."""
        out = set(parents)
        for parent in parents:
            out.update(p for p in parent.parents if p in self._made)
        return out


def _sync_data(paths: list[Path]) -> None:
    if len(paths) > FEW and _SYNCFS is not None:
        devices: dict[int, Path] = {}
        for folder in {p.parent for p in paths}:
            devices.setdefault(os.stat(folder).st_dev, folder)
        for folder in devices.values():
            fd = os.open(folder, os.O_RDONLY)
            try:
                if _SYNCFS(fd) != 0:
                    err = ctypes.get_errno()
                    raise OSError(err, f"syncfs: {os.strerror(err)}", str(folder))
            finally:
                os.close(fd)
        return
    for path in paths:
        fd = os.open(path, os.O_RDWR)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _sync_folders(folders: set[Path]) -> None:
    if os.name != "posix":  # folders cannot be opened for fsync elsewhere
        return
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _syncfs():
    """``syncfs(2)`` where it reports write-back errors (Linux 5.8+), else None."""
    if platform.system() != "Linux":
        return None
    try:
        major, minor = (int(part) for part in platform.release().split(".")[:2])
        if (major, minor) < (5, 8):
            return None
        function = ctypes.CDLL(None, use_errno=True).syncfs
    except (ValueError, OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int]
    return function


_SYNCFS = _syncfs()
