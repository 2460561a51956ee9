"""The check worker (a second process running the GX suites for ``returnwatch run``): the
same results as checks run in-process, and every failure of the worker a failed check, in
bounded time, with no process left behind."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from returnwatch.check_worker import WORKER_CHECK, CheckWorker
from returnwatch.quality import check_warehouse

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
