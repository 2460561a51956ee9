"""Set-up prepares Prefect's database, so the first run does not pay its migrations."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from conftest import PROJECT


def prepare(home: Path, **extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="240")
    env.update(extra)
    return subprocess.run(
        [sys.executable, "-m", "returnwatch.prefect_home"],
        cwd=PROJECT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def test_set_up_creates_prefects_database_once(tmp_path):
    home = tmp_path / "prefect-home"
    first = prepare(home)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "database created" in first.stdout
    database = home / "prefect.db"
    with sqlite3.connect(database) as con:  # migrated: Alembic recorded the head revision
        [(revision,)] = con.execute("select version_num from alembic_version").fetchall()
        assert con.execute("select count(*) from block_type").fetchone()[0] > 0
    assert revision
    stamp = database.stat().st_mtime_ns
    again = prepare(home)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "database is ready" in again.stdout
    assert database.stat().st_mtime_ns == stamp


def test_nothing_is_prepared_when_prefect_is_pointed_at_a_server(tmp_path):
    home = tmp_path / "prefect-home"
    result = prepare(home, PREFECT_API_URL="http://127.0.0.1:9/api")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "nothing to prepare" in result.stdout
    assert not (home / "prefect.db").exists()
