"""Progress bars: drawn on a terminal (a real pseudo-terminal here), absent from pipes and
from a real run whose output is captured."""

import os
import pty
import subprocess
import sys

import pytest

SCRIPT = """
import time
from returnwatch.progress import track
for _ in track(range(3), "Extracting figures"):
    time.sleep(0.05)
print("done")
"""


def run_with_stderr(stderr) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT], stdout=subprocess.PIPE, stderr=stderr,
        timeout=60, check=True, env={**os.environ, "TERM": "xterm-256color"},
    )  # fmt: skip


def test_a_terminal_gets_a_progress_bar():
    leader, follower = pty.openpty()
    try:
        result = run_with_stderr(follower)
        os.close(follower)
        drawn = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        os.close(leader)
    assert result.stdout == b"done\n"
    text = drawn.decode("utf-8", "replace")
    assert "Extracting figures" in text and "3/3" in text


def test_a_pipe_gets_none():
    result = run_with_stderr(subprocess.PIPE)
    assert result.stdout == b"done\n" and result.stderr == b""


@pytest.mark.prefect
def test_a_captured_run_prints_no_progress_bars(exported_run):
    _, result = exported_run
    output = result.stdout + result.stderr
    assert "Extracting figures" not in output and "Pulling sources" not in output
    assert "━" not in output
