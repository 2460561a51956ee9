"""A run's archive files are made durable together, before the warehouse refers to them:
staged under dot names (which nothing reads), their data synced, then renamed into place,
metadata first; an interrupted pull leaves no name in the archive."""

from __future__ import annotations

import os
import time
from datetime import date

import pytest
from conftest import returnwatch

from returnwatch.archive import archive, archive_path
from returnwatch.archive_metadata import metadata_path
from returnwatch.archive_writes import ArchiveWrites
from returnwatch.documents import Document
from returnwatch.pull import pull_new
from returnwatch.sources.config import folder_source

STATEMENT = Document("inbox", "statement.md", b"The council said 120 families returned.\n")


def names(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_staged_files_have_no_name_in_the_archive_until_the_commit(tmp_path):
    bytes_at = archive_path(tmp_path, STATEMENT)
    sidecar = metadata_path(tmp_path, "inbox", STATEMENT.document_id)
    with ArchiveWrites(tmp_path) as writes:
        assert archive(tmp_path, STATEMENT, writes) == bytes_at
        assert not bytes_at.exists() and not sidecar.exists()
        assert all(name.split("/")[-1].startswith(".incoming-") for name in names(tmp_path))
        assert writes.exists(bytes_at)  # write-once holds within the run
    assert bytes_at.read_bytes() == STATEMENT.content and sidecar.exists()
    assert not [n for n in names(tmp_path) if ".incoming-" in n]


def test_an_interrupted_pull_leaves_no_name_and_no_temporary_file(tmp_path):
    with pytest.raises(KeyboardInterrupt), ArchiveWrites(tmp_path) as writes:
        archive(tmp_path, STATEMENT, writes)
        raise KeyboardInterrupt
    assert names(tmp_path) == []


def test_a_corrected_sidecar_replaces_the_old_one_only_on_commit(tmp_path):
    archive(tmp_path, STATEMENT.with_metadata(published_given=date(2017, 2, 14)))
    sidecar = metadata_path(tmp_path, "inbox", STATEMENT.document_id)
    with ArchiveWrites(tmp_path) as writes:
        archive(tmp_path, STATEMENT.with_metadata(published_given=date(2017, 2, 20)), writes)
        assert '"2017-02-14"' in sidecar.read_text()
    assert '"2017-02-20"' in sidecar.read_text()


def test_a_pull_returns_with_every_archive_file_in_place(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for number in range(40):  # more than a few: synced with one syncfs where there is one
        (inbox / f"{number}.md").write_text(f"The council said {number} families returned.\n")
    (inbox / "copy.md").write_text("The council said 7 families returned.\n")
    archive_dir = tmp_path / "archive"
    pulled = pull_new([folder_source(inbox)], archive_dir, set())
    assert len(pulled.documents) == 40 and len(pulled.duplicates) == 1
    assert all(path.exists() for path in pulled.archived.values())
    stored = names(archive_dir)
    assert not [n for n in stored if ".incoming-" in n]
    assert len([n for n in stored if n.startswith(".documents/")]) == 40
    assert len([n for n in stored if n.startswith(".copies/")]) == 1


def test_a_run_removes_the_staged_files_a_killed_run_left_a_day_ago(prefect_server, tmp_path):

    inbox, archive_dir = tmp_path / "inbox", tmp_path / "archive"
    inbox.mkdir()
    (inbox / "statement.md").write_bytes(STATEMENT.content)
    (tmp_path / "sources.toml").write_text(
        f'[[sources]]\nid = "inbox"\nkind = "folder"\npath = "{inbox.as_posix()}"\n'
    )
    left = {}
    for name, folder in (
        ("stale", "inbox"),
        ("stale-sidecar", ".documents/inbox"),
        ("fresh", "inbox"),
    ):
        (archive_dir / folder).mkdir(parents=True, exist_ok=True)
        left[name] = archive_dir / folder / f".incoming-{name}"
        left[name].write_bytes(b"half a document")
    day_and_a_half_ago = time.time() - 36 * 3600
    for name in ("stale", "stale-sidecar"):
        os.utime(left[name], (day_and_a_half_ago, day_and_a_half_ago))

    def run():
        result = returnwatch(
            "run", "--sources", str(tmp_path / "sources.toml"),
            "--warehouse", str(tmp_path / "w.duckdb"), "--archive", str(archive_dir),
            "--exports", str(tmp_path / "exports"),
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr

    run()
    assert not left["stale"].exists() and not left["stale-sidecar"].exists()
    assert left["fresh"].read_bytes() == b"half a document"  # maybe a running run's
    assert archive_path(archive_dir, STATEMENT).read_bytes() == STATEMENT.content

    # A no-op run within the hour does not walk the archive again; one after it does.
    left["stale"].write_bytes(b"half a document")
    os.utime(left["stale"], (day_and_a_half_ago, day_and_a_half_ago))
    run()
    assert left["stale"].exists()
    two_hours_ago = time.time() - 2 * 3600
    os.utime(archive_dir / ".swept", (two_hours_ago, two_hours_ago))
    run()
    assert not left["stale"].exists() and left["fresh"].exists()
