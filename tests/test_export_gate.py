"""The last good export stays: when the checks fail (a real run with a stricter suite), when
`returnwatch export` finds failed checks stored, and when the disk fills while exporting
(a real 1 MiB tmpfs, filled up, under `returnwatch export` and under `returnwatch run`)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import expectations_with, returnwatch, rows

pytestmark = pytest.mark.prefect


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def copied(exported_run, tmp_path):
    """The session run's warehouse and exports, copied so this test may change them."""
    tmp, _ = exported_run
    shutil.copy(tmp / "w.duckdb", tmp_path / "w.duckdb")
    shutil.copytree(tmp / "exports", tmp_path / "exports")
    return tmp, tmp_path


def strict_expectations(home: Path) -> None:
    """The project's suites plus one the data fails: no event above 1,000 households."""
    expectations_with(
        home, "return_events", "households", 1000, "test: a bound the samples break (1025 families)"
    )


@pytest.mark.parametrize("while_checking", ["1", "0"])  # exports written during the checks
def test_failed_checks_keep_the_last_good_export_and_say_why(copied, while_checking):
    session, tmp = copied
    before = snapshot(tmp / "exports")
    strict_expectations(tmp / "home")
    result = returnwatch(
        "run", "--sources", str(session / "sources.toml"), "--warehouse", str(tmp / "w.duckdb"),
        "--archive", str(tmp / "archive"), "--exports", str(tmp / "exports"),
        env={"RETURNWATCH_HOME": str(tmp / "home"),
             "RETURNWATCH_EXPORT_WHILE_CHECKING": while_checking},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "checks FAILED" in result.stdout
    assert "last good export" in result.stdout
    assert "return_events.households: expect_column_values_to_be_between" in result.stdout
    assert snapshot(tmp / "exports") == before
    # the exports written while the checks ran were dropped, not left beside the folder
    assert sorted(p.name for p in tmp.iterdir() if p.name.startswith(".exports")) == []
    latest = rows(
        tmp / "w.duckdb",
        "select checks_passed, message from pipeline_runs order by started_at desc limit 1",
    )
    assert latest[0][0] is False and "last good export" in latest[0][1]

    again = returnwatch(
        "export", "--warehouse", str(tmp / "w.duckdb"), "--exports", str(tmp / "exports")
    )
    assert again.returncode == 2
    assert "failed its quality checks" in again.stderr
    assert "return_events.households: expect_column_values_to_be_between" in again.stderr
    assert snapshot(tmp / "exports") == before


def test_export_refuses_a_warehouse_whose_last_run_did_not_finish(copied):
    import duckdb

    _, tmp = copied
    con = duckdb.connect(str(tmp / "w.duckdb"))
    con.execute(
        "insert into pipeline_runs (run_id, started_at, status) "
        "values ('crashed-run', now()::timestamp + interval 1 hour, 'running')"
    )
    con.close()
    result = returnwatch(
        "export", "--warehouse", str(tmp / "w.duckdb"), "--exports", str(tmp / "exports")
    )
    assert result.returncode == 2
    assert "crashed-run did not complete" in result.stderr


def test_export_refuses_a_file_that_is_not_a_returnwatch_warehouse(tmp_path):
    import duckdb

    stranger = tmp_path / "other.duckdb"
    con = duckdb.connect(str(stranger))
    con.execute("create table notes (body varchar)")
    con.close()
    result = returnwatch("export", "--warehouse", str(stranger), "--exports", str(tmp_path / "x"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "has no pipeline_runs, quality_results: not a returnwatch warehouse" in result.stderr
    assert not (tmp_path / "x").exists()


@pytest.fixture
def tiny_disk(tmp_path):
    """A 1 MiB tmpfs (needs root and permission to mount); unmounted afterwards."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill_with_last_export(disk: Path, exports: Path) -> dict[str, bytes]:
    """Copy the last good export onto ``disk``, then fill it, leaving half of what a new
    export needs; returns the export's bytes."""
    shutil.copytree(exports, disk / "exports")
    before = snapshot(disk / "exports")
    needed = sum(len(b) for b in before.values())
    stats = os.statvfs(disk)
    with (disk / "filler").open("wb") as filler:
        filler.write(b"\0" * (stats.f_bavail * stats.f_frsize - needed // 2))
    return before


def test_a_full_disk_keeps_the_last_good_export(copied, tiny_disk):
    _, tmp = copied
    exports = tiny_disk / "exports"
    before = fill_with_last_export(tiny_disk, tmp / "exports")

    result = returnwatch("export", "--warehouse", str(tmp / "w.duckdb"), "--exports", str(exports))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "No space left on device" in result.stderr
    assert "the last good export was kept" in result.stderr
    assert snapshot(exports) == before
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["exports", "filler"]

    (tiny_disk / "filler").unlink()  # with room again, the same command succeeds
    result = returnwatch("export", "--warehouse", str(tmp / "w.duckdb"), "--exports", str(exports))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["exports"]


def test_a_run_that_fills_the_disk_keeps_the_last_good_export_and_says_so(copied, tiny_disk):
    session, tmp = copied
    exports = tiny_disk / "exports"
    before = fill_with_last_export(tiny_disk, tmp / "exports")
    result = returnwatch(
        "run", "--sources", str(session / "sources.toml"), "--warehouse", str(tmp / "w.duckdb"),
        "--archive", str(tmp / "archive"), "--exports", str(exports),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "checks passed; export FAILED" in result.stdout
    assert "No space left on device" in result.stdout and "last good export" in result.stdout
    assert snapshot(exports) == before
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["exports", "filler"]
