"""The check worker (a second process running the GX suites for ``returnwatch run``): the
same results as checks run in-process, and every failure of the worker a failed check, in
bounded time, with no process left behind."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from returnwatch.check_worker import (
    WORKER_CHECK,
    CheckWorker,
    CpuClock,
    core_free,
    split_suites,
)
from returnwatch.quality import check_warehouse, load_suites
from returnwatch.quality.gx_checks import prepare_checks

PROJECT = Path(__file__).resolve().parents[1]
EXPECTATIONS = PROJECT / "expectations"


def _gone(pid: int, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        status = Path(f"/proc/{pid}/status")
        if status.exists() and "\nState:\tZ" in status.read_text():
            return True  # exited, not yet reaped by its new parent
        time.sleep(0.1)
    return False


@pytest.fixture(scope="module")
def worker():
    with pytest.MonkeyPatch.context() as patch:  # its helper checks half, however busy
        patch.setenv("RETURNWATCH_CHECK_WORKER_PARALLEL", "1")
        started = CheckWorker(EXPECTATIONS)
    yield started
    started.close()


def test_the_worker_reports_what_checks_in_this_process_report(worker, exported_run):
    tmp, _ = exported_run
    here = check_warehouse(tmp / "w.duckdb", EXPECTATIONS)
    there = worker.check(tmp / "w.duckdb")
    assert here.passed and len(here.results) > 50
    pd.testing.assert_frame_equal(there.frame(), here.frame())


def test_an_error_in_the_worker_is_a_failed_check_and_the_worker_goes_on(
    worker, exported_run, tmp_path
):
    report = worker.check(tmp_path / "missing.duckdb")
    assert not report.passed
    (failure,) = report.results
    assert failure.expectation == WORKER_CHECK
    assert "missing.duckdb" in failure.observed and "FileNotFoundError" in failure.observed
    tmp, _ = exported_run
    assert worker.check(tmp / "w.duckdb").passed  # the next request is answered


def test_a_worker_that_died_is_a_failed_check_not_a_hang(tmp_path):
    dead = CheckWorker(EXPECTATIONS)
    dead._process.kill()
    dead._process.wait()
    started = time.monotonic()
    report = dead.check(tmp_path / "w.duckdb", timeout=60)
    assert time.monotonic() - started < 10
    assert not report.passed
    assert report.results[0].expectation == WORKER_CHECK
    assert "check worker" in report.results[0].observed
    dead.close()


def test_a_worker_that_does_not_answer_in_time_is_stopped(tmp_path):
    slow = CheckWorker(EXPECTATIONS)  # still importing GX: no answer within 0.5 s
    report = slow.check(tmp_path / "w.duckdb", timeout=0.5)
    assert not report.passed
    assert "no answer within 0.5 s" in report.results[0].observed
    assert _gone(slow.pid, within=10) or slow._process.poll() is not None
    slow.close()


def test_the_worker_leaves_when_its_run_ends_without_closing_it():
    # a run that dies (os._exit, no atexit handlers): the worker reads the end of its stdin
    code = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from returnwatch.check_worker import CheckWorker\n"
        f"w = CheckWorker(Path({str(EXPECTATIONS)!r}))\n"
        "print(w.pid, flush=True)\n"
        "os._exit(0)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=PROJECT
    )
    pid = int(run.stdout.split()[0])
    assert _gone(pid, within=120), f"check worker {pid} outlived its run"


def test_at_the_runs_exit_the_worker_is_killed_not_waited_for():
    """``stop`` is the run's exit handler: the run does not wait for a worker to leave (one
    still importing GX, as here, would read its stdin's end only seconds later)."""
    started = CheckWorker(EXPECTATIONS)
    started.stop()
    assert started._process.returncode is None  # not waited for
    assert started._process.wait(timeout=10) == -signal.SIGKILL


def _helpers(pid: int) -> list[int]:
    """The worker's child processes (its forked helper)."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in children.read_text().split()] if children.exists() else []


def test_the_suites_are_split_in_two_groups_of_about_as_many_expectations():
    suites = load_suites(EXPECTATIONS)
    groups = split_suites(suites)
    tables = [suite.table for suite in suites]
    assert sorted(groups[0] + groups[1]) == sorted(tables)  # each suite once
    for group in groups:
        assert group == sorted(group, key=tables.index)  # in suite order
    sizes = {suite.table: len(suite.gx_suite.expectations) for suite in suites}
    totals = [sum(sizes[table] for table in group) for group in groups]
    assert abs(totals[0] - totals[1]) <= max(sizes.values())


def test_checking_some_tables_gives_those_tables_results_of_a_whole_check(exported_run):
    tmp, _ = exported_run
    whole = check_warehouse(tmp / "w.duckdb", EXPECTATIONS).frame()
    some = check_warehouse(tmp / "w.duckdb", EXPECTATIONS, tables=["figures", "areas"]).frame()
    expected = whole[whole["suite"].isin(["figures", "areas"])].reset_index(drop=True)
    assert set(some["suite"]) == {"figures", "areas"}
    pd.testing.assert_frame_equal(some, expected)


def test_checks_set_up_ahead_report_what_checks_set_up_at_once_report(exported_run):
    """The worker sets up its first check while the run loads (``prepare_checks``)."""
    tmp, _ = exported_run
    whole = check_warehouse(tmp / "w.duckdb", EXPECTATIONS).frame()
    prepared = prepare_checks(EXPECTATIONS)
    ahead = check_warehouse(tmp / "w.duckdb", EXPECTATIONS, prepared=prepared).frame()
    pd.testing.assert_frame_equal(ahead, whole)
    assert prepared.used and not prepared.serves(EXPECTATIONS, None)  # taken
    again = check_warehouse(tmp / "w.duckdb", EXPECTATIONS, prepared=prepared).frame()
    pd.testing.assert_frame_equal(again, whole)  # set up anew
    tables = ["figures", "areas"]
    some = check_warehouse(
        tmp / "w.duckdb", EXPECTATIONS, tables=tables, prepared=prepare_checks(EXPECTATIONS)
    ).frame()
    pd.testing.assert_frame_equal(some, whole[whole["suite"].isin(tables)].reset_index(drop=True))


def test_a_suite_edited_after_the_set_up_is_checked_as_edited(exported_run, tmp_path):
    tmp, _ = exported_run
    folder = tmp_path / "expectations"
    shutil.copytree(EXPECTATIONS, folder)
    prepared = prepare_checks(folder)
    suite = json.loads((folder / "areas.json").read_text())
    suite["expectations"].pop()
    (folder / "areas.json").write_text(json.dumps(suite))
    report = check_warehouse(tmp / "w.duckdb", folder, prepared=prepared).frame()
    areas = report[report["suite"] == "areas"]
    assert len(areas) == len(suite["expectations"])
    assert not prepared.used  # not these: the file changed since


def test_a_helper_that_died_leaves_its_suites_to_the_worker(exported_run, monkeypatch):
    monkeypatch.setenv("RETURNWATCH_CHECK_WORKER_PARALLEL", "1")
    tmp, _ = exported_run
    here = check_warehouse(tmp / "w.duckdb", EXPECTATIONS)
    started = CheckWorker(EXPECTATIONS)
    try:
        assert started.check(tmp / "w.duckdb").passed  # GX imported, the helper forked
        (helper,) = _helpers(started.pid)
        os.kill(helper, 9)
        assert _gone(helper, within=10)
        for _ in range(2):  # the check the helper died for, then one with no helper at all
            there = started.check(tmp / "w.duckdb")
            pd.testing.assert_frame_equal(there.frame(), here.frame())
    finally:
        started.close()


def test_the_helper_leaves_with_its_worker(exported_run):
    tmp, _ = exported_run
    started = CheckWorker(EXPECTATIONS)
    assert started.check(tmp / "w.duckdb").passed
    (helper,) = _helpers(started.pid)
    started._process.kill()  # no goodbye: killed
    started._process.wait()
    assert _gone(helper, within=10), f"helper {helper} outlived its check worker"
    started.close()


def test_the_helper_is_used_only_while_the_rest_of_the_machine_leaves_a_core_idle():
    # others: cores other processes used while the run went on; the worker takes one
    assert core_free(others=0.0, cores=2) and core_free(others=0.4, cores=2)
    assert not core_free(others=0.7, cores=2) and not core_free(others=1.9, cores=2)
    assert core_free(others=2.3, cores=4) and not core_free(others=0.0, cores=1)
    # nothing known of the others (no /proc): the last minute's load average decides
    assert core_free(load=0.3, cores=2) and core_free(load=1.0, cores=2)
    assert not core_free(load=1.6, cores=2) and not core_free(load=6.0, cores=2)
    assert core_free(load=2.5, cores=4) and not core_free(load=0.5, cores=1)


BURN = "import sys, time\nt = time.process_time()\nwhile time.process_time() - t < 0.6: pass\nsys.stdin.read()"


@pytest.mark.skipif(not Path("/proc/stat").exists(), reason="the clock reads Linux's /proc")
def test_the_clock_counts_other_processes_and_not_the_runs_own():
    """The same busy process, seen over the same time by two clocks: one counts it among the
    others, the one that has it as its helper does not."""
    burner = subprocess.Popen([sys.executable, "-c", BURN], stdin=subprocess.PIPE)
    try:
        own, other = CpuClock(), CpuClock()
        own.helper_pid = burner.pid
        own.restart()
        started = time.monotonic()
        deadline = started + 30
        while _ticks(burner.pid) < 0.6 * os.sysconf("SC_CLK_TCK") and time.monotonic() < deadline:
            time.sleep(0.05)
        seen_by_other, seen_by_own = other.others(), own.others()
        elapsed = time.monotonic() - started
        other.restart()  # too short a time since: judged since the clock was made
        again = other.others()
    finally:
        burner.stdin.close()
        burner.wait()
    assert seen_by_other is not None and seen_by_own is not None
    # the burner's ~0.6 s of CPU is among the others for one clock only
    assert (seen_by_other - seen_by_own) * elapsed == pytest.approx(0.6, abs=0.15)
    assert again == pytest.approx(seen_by_other, abs=0.25)


def _ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def test_with_the_helper_off_the_worker_checks_alone(exported_run, monkeypatch):
    monkeypatch.setenv("RETURNWATCH_CHECK_WORKER_PARALLEL", "0")
    tmp, _ = exported_run
    alone = CheckWorker(EXPECTATIONS)
    try:
        report = alone.check(tmp / "w.duckdb")
        assert report.passed and _helpers(alone.pid) == []
    finally:
        alone.close()
