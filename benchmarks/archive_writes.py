"""Archive 10,000 small new documents into a fresh archive: each made durable on its own
(``archive()`` without a batch: an fsync per file, a folder fsync per commit) against a
run's worth made durable together (``ArchiveWrites``: one syncfs, then the renames and
the folder fsyncs), as ``pull_new`` does.

    .venv/bin/python benchmarks/archive_writes.py [--documents N] [--workdir DIR]

The workdir must be on the disk the archive lives on (a tmpfs makes every fsync free).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from returnwatch.archive import archive
from returnwatch.archive_writes import ArchiveWrites
from returnwatch.documents import Document


def documents(count: int) -> list[Document]:
    out = []
    for i in range(count):
        text = f"The council said {i} families returned to Sirte on 12 February 2017.\n"
        item = Document("inbox", f"statement-{i}.md", text.encode())
        assert item.document_id  # hashed before the clock starts
        out.append(item)
    return out


def each_alone(folder: Path, items: list[Document]) -> None:
    for item in items:
        archive(folder, item)


def one_batch(folder: Path, items: list[Document]) -> None:
    with ArchiveWrites(folder) as writes:
        for item in items:
            archive(folder, item, writes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    items = documents(args.documents)
    work = Path(tempfile.mkdtemp(prefix="archive-writes-", dir=args.workdir))
    try:
        for name, write in (("each_alone", each_alone), ("one_batch", one_batch)) * 2:
            folder = work / f"{name}-{time.monotonic_ns()}"
            start = time.perf_counter()
            write(folder, items)
            seconds = time.perf_counter() - start
            per = seconds / len(items) * 1000
            print(f"{name:<10} {len(items)} documents  {seconds:7.2f} s  {per:.3f} ms/document")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
