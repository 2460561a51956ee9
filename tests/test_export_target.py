"""An export replaces its folder whole, so it is written only into a new or empty folder or
one an earlier export wrote: a file or a folder of other files given as --exports is
refused, and left exactly as it was."""

import shutil

import pytest
from conftest import returnwatch

from returnwatch.export import start_exports, write_exports
from returnwatch.export.target import ExportTargetRefused

pytestmark = pytest.mark.prefect


@pytest.fixture
def warehouse(exported_run, tmp_path):
    tmp, _ = exported_run
    shutil.copy(tmp / "w.duckdb", tmp_path / "w.duckdb")
    return tmp_path / "w.duckdb"


def _folder_of_other_files(path):
    path.mkdir()
    (path / "precious.txt").write_text("a year of notes\n")
    (path / "datapackage.json").write_text('{"name": "someone-elses-package"}')
    return {p.name: p.read_bytes() for p in path.iterdir()}


def test_a_folder_of_other_files_is_refused_and_kept(warehouse, tmp_path):
    before = _folder_of_other_files(tmp_path / "documents")
    with pytest.raises(ExportTargetRefused, match=r"not a returnwatch export .*precious\.txt"):
        write_exports(warehouse, tmp_path / "documents")
    assert {p.name: p.read_bytes() for p in (tmp_path / "documents").iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["documents", "w.duckdb"]  # no staging


def test_a_file_is_refused_and_kept(warehouse, tmp_path):
    (tmp_path / "exports").write_text("not a folder")
    with pytest.raises(ExportTargetRefused, match="is a file, not a folder"):
        write_exports(warehouse, tmp_path / "exports")
    assert (tmp_path / "exports").read_text() == "not a folder"


def test_an_empty_folder_and_an_earlier_export_are_written_to(warehouse, tmp_path):
    (tmp_path / "empty").mkdir()
    written = write_exports(warehouse, tmp_path / "empty")
    assert "datapackage.json" in {p.name for p in written}
    assert write_exports(warehouse, tmp_path / "empty") == written  # its own earlier export


def test_files_put_in_the_folder_while_the_export_is_written_stop_the_swap(warehouse, tmp_path):
    pending = start_exports(warehouse, tmp_path / "exports")  # the folder is new: accepted
    before = _folder_of_other_files(tmp_path / "exports")
    with pytest.raises(ExportTargetRefused):
        pending.publish()
    assert {p.name: p.read_bytes() for p in (tmp_path / "exports").iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exports", "w.duckdb"]


def test_the_commands_refuse_such_a_folder_before_any_work(warehouse, tmp_path):
    before = _folder_of_other_files(tmp_path / "documents")
    exported = returnwatch(
        "export", "--warehouse", str(warehouse), "--exports", str(tmp_path / "documents")
    )
    run = returnwatch(
        "run", "--inbox", str(tmp_path / "documents"), "--warehouse", str(tmp_path / "new.duckdb"),
        "--archive", str(tmp_path / "archive"), "--exports", str(tmp_path / "documents"),
    )  # fmt: skip
    for result in (exported, run):
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert "not a returnwatch export (datapackage.json, precious.txt)" in result.stderr
    assert not (tmp_path / "new.duckdb").exists() and not (tmp_path / "archive").exists()
    assert {p.name: p.read_bytes() for p in (tmp_path / "documents").iterdir()} == before
