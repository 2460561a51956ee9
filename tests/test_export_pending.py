"""Exports written while the run checks the warehouse (``start_exports``): the same files as
``write_exports``, the warehouse free for writing once they are published, and nothing left
behind when they are dropped."""

import shutil

import pytest

from returnwatch.export import start_exports, write_exports
from returnwatch.warehouse.connect import connect

pytestmark = pytest.mark.prefect


def files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def csvs(folder):
    return {name: data for name, data in files(folder).items() if name.endswith(".csv")}


@pytest.fixture
def copied(exported_run, tmp_path):
    tmp, _ = exported_run
    shutil.copy(tmp / "w.duckdb", tmp_path / "w.duckdb")
    shutil.copytree(tmp / "exports", tmp_path / "last")
    return tmp_path


def test_a_published_pending_export_is_what_write_exports_writes(copied):
    write_exports(copied / "w.duckdb", copied / "direct")
    pending = start_exports(copied / "w.duckdb", copied / "last")
    written = pending.publish()
    con = connect(copied / "w.duckdb")  # published: the run writes its quality results now
    con.execute("insert into pipeline_runs (run_id, started_at, status) values ('x', now(), 'x')")
    con.close()
    assert [p.name for p in written] == sorted(files(copied / "direct"))
    assert csvs(copied / "last") == csvs(copied / "direct")
    pending.discard()  # nothing once published
    assert csvs(copied / "last") == csvs(copied / "direct")
    assert sorted(p.name for p in copied.iterdir()) == ["direct", "last", "w.duckdb"]


def test_a_discarded_pending_export_leaves_the_last_export_and_nothing_else(copied):
    before = files(copied / "last")
    pending = start_exports(copied / "w.duckdb", copied / "last")
    pending.discard()
    assert files(copied / "last") == before
    assert sorted(p.name for p in copied.iterdir()) == ["last", "w.duckdb"]
    with pytest.raises(RuntimeError, match="already published or discarded"):
        pending.publish()


def test_a_failed_pending_export_raises_when_published_and_keeps_the_last(copied):
    before = files(copied / "last")
    (copied / "w.duckdb").unlink()  # nothing to export from
    pending = start_exports(copied / "w.duckdb", copied / "last")
    with pytest.raises(FileNotFoundError, match="no warehouse here yet"):
        pending.publish()
    assert files(copied / "last") == before
    assert sorted(p.name for p in copied.iterdir()) == ["last"]
