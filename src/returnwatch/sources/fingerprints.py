"""The sha256 of folder files, remembered by what ``stat()`` says of them, so that a re-run
skips a large file it already loaded without reading it (hashing 60 MB costs ~0.1 s, parsing
it seconds; a ``stat()`` costs microseconds).

A fingerprint is trusted only when the file's size, modification time (ns) and inode are
unchanged and the file had not been modified in the two seconds before it was hashed (as
git does for its index: a file written again within the clock's resolution could keep its
mtime). Kept in a JSON file beside the archive; losing it only costs one more read.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

SETTLED_NS = 2_000_000_000


class Fingerprints:
    """Path -> (size, mtime_ns, inode, sha256, hashed_at_ns) of files read before."""

    def __init__(self, file: Path | None) -> None:
        self.file = file
        self._entries: dict[str, list] = {}
        self._changed = False
        if file is not None and file.is_file():
            try:
                self._entries = json.loads(file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self._entries = {}  # a damaged cache is only a cache: read files again

    def sha256(self, path: Path, info: os.stat_result) -> str | None:
        """The content hash recorded for this file, if it cannot have changed since."""
        entry = self._entries.get(str(path))
        if not entry or len(entry) != 5:
            return None
        size, mtime_ns, inode, sha, hashed_at = entry
        unchanged = (size, mtime_ns, inode) == (info.st_size, info.st_mtime_ns, info.st_ino)
        settled = info.st_mtime_ns < hashed_at - SETTLED_NS
        return sha if unchanged and settled else None

    def remember(self, path: Path, info: os.stat_result, sha256: str) -> None:
        entry = [info.st_size, info.st_mtime_ns, info.st_ino, sha256, time.time_ns()]
        if self._entries.get(str(path), [None])[:4] != entry[:4]:
            self._entries[str(path)] = entry
            self._changed = True

    def save(self) -> None:
        if self.file is None or not self._changed:
            return
        self.file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.file.with_name(self.file.name + ".tmp")
        tmp.write_text(json.dumps(self._entries), encoding="utf-8")
        os.replace(tmp, self.file)
        self._changed = False
