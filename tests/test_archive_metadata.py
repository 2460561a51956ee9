"""The archive keeps, beside each document's bytes, what its source said about it (a sidecar
under ``<archive>/.documents/``), written once; ``returnwatch rebuild`` replays documents
with it, and an archive without sidecars as before."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from returnwatch.archive import archive
from returnwatch.archive_metadata import metadata_path
from returnwatch.documents import Document, Refused
from returnwatch.pull import pull_new
from returnwatch.sources import SourcesFileError, load_sources, pull
from returnwatch.sources.config import folder_source
from returnwatch.warehouse.rebuild import archive_sources

PAGE = Document(
    "news",
    "http://127.0.0.1/news/sirte?id=7",
    b"<p>40 families returned to Sirte on Tuesday.</p>",
    url="http://127.0.0.1/news/sirte?id=7",
    title="Families return to Sirte",
    publisher="Libya returns news",
    published=date(2017, 2, 16),
    read_on=date(2026, 11, 24),
    declared_suffix=".html",
)


def sidecar(archive_dir: Path, document: Document) -> dict:
    path = metadata_path(archive_dir, document.source_id, document.document_id)
    return json.loads(path.read_text(encoding="utf-8"))


def replayed(archive_dir: Path) -> list[Document | Refused]:
    return [item for source in archive_sources(archive_dir) for item in pull(source)]


def test_a_new_document_is_archived_with_its_metadata(tmp_path):
    stored = archive(tmp_path, PAGE)
    assert stored == tmp_path / "news" / f"{PAGE.document_id}.html"
    assert sidecar(tmp_path, PAGE) == {
        "name": "http://127.0.0.1/news/sirte?id=7",
        "url": "http://127.0.0.1/news/sirte?id=7",
        "title": "Families return to Sirte",
        "publisher": "Libya returns news",
        "published": "2017-02-16",
        "read_on": "2026-11-24",
        "published_given": None,
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == [".documents", "news"]
    assert [s.id for s in archive_sources(tmp_path)] == ["news"]  # the dot folder is not replayed


def test_the_metadata_is_written_once_and_only_with_new_bytes(tmp_path):
    archive(tmp_path, PAGE)
    path = metadata_path(tmp_path, PAGE.source_id, PAGE.document_id)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    later = PAGE.with_metadata(title="Another title", published=None, read_on=date(2027, 1, 1))
    archive(tmp_path, later)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    old = Document("inbox", "old.md", b"archived before sidecars were kept")
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / f"{old.document_id}.md").write_bytes(old.content)
    archive(tmp_path, old)  # bytes already there: no sidecar made up after the fact
    assert not metadata_path(tmp_path, "inbox", old.document_id).exists()


def test_a_pull_marks_each_new_document_read_today_and_keeps_that_beside_it(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "undated.md").write_text("30 families returned yesterday to Tawergha.")
    pulled = pull_new([folder_source(inbox)], tmp_path / "archive", set())
    (document,) = pulled.documents
    assert document.read_on == date.today() and document.published is None
    assert sidecar(tmp_path / "archive", document) == {
        "name": "undated.md",
        "url": None,
        "title": None,
        "publisher": None,
        "published": None,
        "read_on": date.today().isoformat(),
        "published_given": None,
    }
    again = pull_new([folder_source(inbox)], tmp_path / "archive", set(), read_on=date(2030, 1, 1))
    assert again.documents[0].read_on == date(2030, 1, 1)
    assert sidecar(tmp_path / "archive", document)["read_on"] == date.today().isoformat()


def test_a_date_given_to_the_run_is_kept_beside_the_document_and_replayed(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "given.md").write_text("120 families returned yesterday to Tawergha.")
    given = date(2017, 2, 14)
    pulled = pull_new([folder_source(inbox)], tmp_path / "archive", set(), published_given=given)
    (document,) = pulled.documents
    assert document.published_given == given and document.published is None
    assert sidecar(tmp_path / "archive", document)["published_given"] == "2017-02-14"
    (replay,) = replayed(tmp_path / "archive")
    assert replay.published_given == given and replay.published is None


def test_a_sidecar_written_before_published_given_was_kept_replays_as_before(tmp_path):
    archive(tmp_path, PAGE)
    path = metadata_path(tmp_path, PAGE.source_id, PAGE.document_id)
    record = json.loads(path.read_text(encoding="utf-8"))
    del record["published_given"]
    path.write_text(json.dumps(record), encoding="utf-8")
    (document,) = replayed(tmp_path)
    assert document == PAGE and document.published_given is None


def test_a_published_given_that_is_not_a_date_is_a_failed_row_that_names_the_file(tmp_path):
    archive(tmp_path, PAGE)
    path = metadata_path(tmp_path, PAGE.source_id, PAGE.document_id)
    path.write_text('{"name": "x", "published_given": "14/02/2017"}')
    (refused,) = replayed(tmp_path)
    assert isinstance(refused, Refused) and refused.status == "failed"
    assert str(path) in refused.reason and "delete it" in refused.reason
    assert "published_given must be a date (YYYY-MM-DD) or null, not '14/02/2017'" in refused.reason


def test_a_replayed_document_carries_its_metadata_and_is_read_as_archived(tmp_path):
    archive(tmp_path, PAGE)
    (document,) = replayed(tmp_path)
    assert document == PAGE  # name, url, title, publisher, published, read_on, how it is read
    assert document.suffix == ".html"


def test_a_document_archived_without_metadata_replays_as_before(tmp_path):
    archive(tmp_path, PAGE)
    metadata_path(tmp_path, PAGE.source_id, PAGE.document_id).unlink()
    (document,) = replayed(tmp_path)
    assert (document.name, document.url, document.title, document.publisher) == (
        f"{PAGE.document_id}.html", None, None, None,
    )  # fmt: skip
    assert document.published is None and document.read_on is None


def test_a_name_whose_suffix_the_archive_could_not_keep_is_replayed_as_it_was(tmp_path):
    odd = Document("inbox", "notes", b"no suffix", read_on=date(2026, 11, 24))
    archive(tmp_path, odd)
    (document,) = replayed(tmp_path)
    assert document == odd and document.suffix == ""


def test_unreadable_metadata_is_a_failed_row_that_names_the_file(tmp_path):
    archive(tmp_path, PAGE)
    path = metadata_path(tmp_path, PAGE.source_id, PAGE.document_id)
    path.write_text('{"name": "x", "published": "16/02/2017"}')
    (refused,) = replayed(tmp_path)
    assert isinstance(refused, Refused) and refused.status == "failed"
    assert str(path) in refused.reason and "delete it" in refused.reason
    assert refused.document_id == PAGE.document_id


def test_the_archive_kind_is_not_one_of_the_sources_file(tmp_path):
    (tmp_path / "a").mkdir()
    path = tmp_path / "sources.toml"
    path.write_text('[[sources]]\nid = "a"\nkind = "archive"\npath = "a"\n')
    with pytest.raises(SourcesFileError, match="kind 'archive' is not one of"):
        load_sources(path)


def test_bytes_archived_again_with_another_published_date_record_the_correction(tmp_path):
    archive(tmp_path, PAGE.with_metadata(published_given=date(2017, 2, 14)))
    first = sidecar(tmp_path, PAGE)
    archive(tmp_path, PAGE.with_metadata(name="again.html", published_given=date(2017, 2, 20)))
    assert sidecar(tmp_path, PAGE) == {**first, "published_given": "2017-02-20"}
    archive(tmp_path, PAGE.with_metadata(name="later.html"))  # no date given: no correction
    assert sidecar(tmp_path, PAGE)["published_given"] == "2017-02-20"
    (document,) = replayed(tmp_path)
    assert document.published_given == date(2017, 2, 20) and document.name == PAGE.name


def test_a_correction_reaches_a_sidecar_written_before_published_given_was_kept(tmp_path):
    archive(tmp_path, PAGE)
    path = metadata_path(tmp_path, PAGE.source_id, PAGE.document_id)
    record = sidecar(tmp_path, PAGE)
    del record["published_given"]
    path.write_text(json.dumps(record))
    archive(tmp_path, PAGE.with_metadata(published_given=date(2017, 2, 20)))
    assert sidecar(tmp_path, PAGE) == {**record, "published_given": "2017-02-20"}
