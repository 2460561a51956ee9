import os
from pathlib import Path

import pytest

from returnwatch.archive import archive, archive_path
from returnwatch.documents import Document, Refused
from returnwatch.pull import pull_new
from returnwatch.sources import SourcesFileError, folder_source, load_sources, pull


def write_sources(tmp_path: Path, text: str) -> Path:
    (tmp_path / "inbox").mkdir(exist_ok=True)
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_project_sources_file_reads_the_samples():
    from conftest import PROJECT, SAMPLES

    (source,) = load_sources(PROJECT / "sources.toml")
    assert (source.id, source.kind, source.path) == ("samples", "folder", SAMPLES.resolve())


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[sources]]\nid = "Bad Id"\nkind = "folder"\npath = "inbox"\n', "id must be"),
        ('[[sources]]\nid = "a"\nkind = "ftp"\npath = "inbox"\n', "kind 'ftp'"),
        ('[[sources]]\nid = "a"\nkind = "folder"\npath = "nowhere"\n', "not a folder"),
        ('[[sources]]\nid = "a"\nkind = "folder"\npath = "inbox"\n' * 2, "used twice"),
        ("[[sources]\n", "not valid TOML"),
        ("title = 'x'\n", "at least one [[sources]]"),
    ],
)
def test_bad_sources_file_is_refused_with_where_and_what(tmp_path, text, message):
    path = write_sources(tmp_path, text)
    with pytest.raises(SourcesFileError, match=r".*") as err:
        load_sources(path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_folder_pull_skips_readme_and_refuses_symlinks_that_leave(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "README.md").write_text("about this folder")
    (inbox / "a note.md").write_text("585 families returned")
    (tmp_path / "secret.txt").write_text("outside")
    os.symlink(tmp_path / "secret.txt", inbox / "link.txt")
    config = folder_source(inbox)
    config = config.__class__(config.id, config.kind, config.path, ("README*", ".*"))
    items = list(pull(config))
    assert [i.name for i in items if isinstance(i, Document)] == ["a note.md"]
    (refused,) = [i for i in items if isinstance(i, Refused)]
    assert refused.name == "link.txt" and "leads out" in refused.reason


def test_archive_is_content_addressed_and_write_once(tmp_path):
    document = Document("inbox", "../../etc/passwd.md", b"585 families")
    stored = archive(tmp_path, document)
    assert stored == tmp_path / "inbox" / f"{document.document_id}.md"
    assert stored.read_bytes() == b"585 families"
    mtime = stored.stat().st_mtime_ns
    assert archive(tmp_path, document) == stored and stored.stat().st_mtime_ns == mtime
    odd = Document("inbox", "evil.m d;rm", b"x")
    assert archive_path(tmp_path, odd).suffix == ".bin"


def test_pull_new_skips_documents_already_known_and_records_copies(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "one.md").write_text("one")
    (inbox / "copy-of-one.md").write_text("one")
    (inbox / "two.md").write_text("two")
    first = pull_new([folder_source(inbox)], tmp_path / "archive", set())
    assert len(first.documents) == 2 and first.known == 0
    (copy,) = first.duplicates
    assert copy.name == "one.md" and copy.duplicate_of == first.documents[0].document_id
    again = pull_new(
        [folder_source(inbox)], tmp_path / "archive", {d.document_id for d in first.documents}
    )
    assert again.documents == [] and again.known == 3
