"""One writing run at a time: an advisory lock on ``<warehouse>.lock`` for a run's whole length.

DuckDB's own file lock is held only while a connection is open, and a run opens and closes
several; without this lock a second run could slip in between two stages of the first.
The operating system releases the lock when its process ends, even by SIGKILL.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from returnwatch.config import WAREHOUSE_LOCK_WAIT_SECONDS
from returnwatch.warehouse.connect import WarehouseLocked


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


@contextmanager
def run_lock(warehouse: Path, wait: float = WAREHOUSE_LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the warehouse's run lock, waiting up to ``wait`` seconds for another run to end."""
    path = lock_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(fd, path, wait)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _acquire(fd: int, path: Path, wait: float) -> None:
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                holder = Path(path).read_text(encoding="utf-8").strip() or "unknown"
                raise WarehouseLocked(
                    f"another returnwatch run (process {holder}) is writing to "
                    f"{path.with_suffix('')}; waited {wait:g} s. Let it finish and run again, "
                    "or raise RETURNWATCH_LOCK_WAIT_SECONDS."
                ) from None
            time.sleep(0.2)


def lock_holder(warehouse: Path) -> str | None:
    """The process id (as the lock file says it) of the run holding the warehouse's run
    lock now, or None; only looks (takes a shared lock for an instant), never creates the file."""
    path = lock_path(warehouse)
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
    finally:
        os.close(fd)  # also releases the shared lock when it was taken
    return None
