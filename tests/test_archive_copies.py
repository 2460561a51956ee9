"""The archive's record of a copy (same bytes as another input): written once by the pull,
read back by the rebuild; a record that cannot be read is a `failed` input naming it."""

from __future__ import annotations

from returnwatch.archive import archive_copy
from returnwatch.archive_copies import archived_copies, copy_path, copy_sources
from returnwatch.documents import Duplicate, Refused, duplicate_key

CONTENT_ID = "a" * 64


def copy(name: str = "copy.md") -> Duplicate:
    return Duplicate("mirror", name, duplicate_key("mirror", name, CONTENT_ID), CONTENT_ID, 12)


def test_a_recorded_copy_comes_back_as_it_was(tmp_path):
    archive_copy(tmp_path, copy("نشرة.md"))
    assert copy_sources(tmp_path) == ["mirror"]
    assert list(archived_copies(tmp_path, "mirror")) == [copy("نشرة.md")]


def test_a_record_that_cannot_be_read_is_a_failed_input_naming_its_file(tmp_path):
    archive_copy(tmp_path, copy())
    path = copy_path(tmp_path, copy())
    path.write_text('{"name": "copy.md", "duplicate_of": "not-a-hash", "size_bytes": 12}')
    (item,) = archived_copies(tmp_path, "mirror")
    assert isinstance(item, Refused) and item.status == "failed"
    assert str(path) in item.reason and "duplicate_of must be a sha256" in item.reason
