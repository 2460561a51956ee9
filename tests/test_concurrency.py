"""One writer at a time, with real processes: a second run waits a bounded time then fails
clearly, and a run killed (SIGKILL) while loading leaves the warehouse as it was."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
from conftest import returnwatch, rows

DOCUMENTS = Path(__file__).parent / "documents" / "warehouse"
PUBLIC = ("return_events", "cumulative_returns_by_area", "figures", "documents", "event_increments")


def start(*args: str, **env: str) -> subprocess.Popen:
    command = [str(Path(sys.executable).with_name("returnwatch")), *args]
    return subprocess.Popen(
        command,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_args(tmp_path: Path, inbox: Path) -> list[str]:
    w = tmp_path / "w"
    return [
        "run", "--inbox", str(inbox), "--warehouse", str(w / "returns.duckdb"),
        "--archive", str(w / "archive"), "--exports", str(w / "exports"),
    ]  # fmt: skip


def many_documents(folder: Path, n: int) -> Path:
    """``n`` reports, each published on its own day: a long load and derive."""
    folder.mkdir()
    for i in range(n):
        day = date(2019, 1, 1) + timedelta(days=i)
        (folder / f"report-{i:03}.md").write_text(
            f"---\npublished: {day.isoformat()}\n---\n\nThe council said that {100 + i} "
            f"families returned to al-Laithi on {day.day} {day:%B} {day.year}.\n"
        )
    return folder


def small_inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "small"
    inbox.mkdir(exist_ok=True)
    for name in ("2018-03-05-municipality-laithi-returns.md", "2018-03-06-blog-laithi-repost.md"):
        (inbox / name).write_bytes((DOCUMENTS / name).read_bytes())
    return inbox


def lock_is_held(lock: Path) -> bool:
    if not lock.exists():
        return False
    with lock.open("rb") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def writer_is_in(warehouse: Path) -> bool:
    """True while another process has the DuckDB file open for writing."""
    try:
        duckdb.connect(str(warehouse), read_only=True).close()
    except duckdb.IOException as err:
        return "lock" in str(err).lower()
    return False


def wait_for(condition, timeout: float = 240.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail("timed out waiting for the run to get there")
        time.sleep(0.05)


def state(warehouse: Path) -> dict[str, list]:
    return {name: rows(warehouse, f"select * from {name} order by all") for name in PUBLIC}


def test_a_second_run_waits_then_exits_2_with_advice(prefect_server, tmp_path, monkeypatch):
    monkeypatch.setenv("RETURNWATCH_LOCK_WAIT_SECONDS", "2")
    args = run_args(tmp_path, small_inbox(tmp_path))
    first = start(*args)
    wait_for(lambda: lock_is_held(tmp_path / "w" / "returns.duckdb.lock"))
    began = time.monotonic()
    second = returnwatch(*args)
    waited = time.monotonic() - began
    assert first.wait(timeout=300) == 0, first.stderr.read()
    assert second.returncode == 2
    assert f"another returnwatch run (process {first.pid})" in second.stderr
    assert "waited 2 s" in second.stderr and "RETURNWATCH_LOCK_WAIT_SECONDS" in second.stderr
    assert 2 <= waited < 60


def test_a_run_killed_while_loading_leaves_the_warehouse_as_it_was(prefect_server, tmp_path):
    warehouse = tmp_path / "w" / "returns.duckdb"
    done = returnwatch(*run_args(tmp_path, small_inbox(tmp_path)))
    assert done.returncode == 0, done.stderr
    before = state(warehouse)
    killed = start(*run_args(tmp_path, many_documents(tmp_path / "many", 120)))
    wait_for(lambda: writer_is_in(warehouse))
    # the writer is the load's one transaction (insert, derive, commit); its derive of 120
    # publication dates lasts seconds, so 0.2 s is inside it (0.5 s after 60 dates once
    # came after the commit on a quiet machine)
    time.sleep(0.2)
    killed.send_signal(signal.SIGKILL)
    assert killed.wait(timeout=60) == -signal.SIGKILL
    assert state(warehouse) == before
    assert not lock_is_held(warehouse.with_name("returns.duckdb.lock"))
    duckdb.connect(str(warehouse)).close()  # writable again: nothing half-done is left
