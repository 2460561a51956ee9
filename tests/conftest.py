"""Shared fixtures: the project's own sample data, real DuckDB files in tmp_path, and one
Prefect temporary server for the whole session (it takes ~13 s to start)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

PROJECT = Path(__file__).resolve().parents[1]
SAMPLES = PROJECT / "data" / "raw" / "samples"


@pytest.fixture(scope="session")
def prefect_server():
    """One temporary Prefect server (SQLite) shared by every test that runs a flow, in this
    process and in the ``returnwatch`` processes the tests start (through PREFECT_API_URL)."""
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        os.environ["PREFECT_API_URL"] = PREFECT_API_URL.value()
        try:
            yield PREFECT_API_URL.value()
        finally:
            del os.environ["PREFECT_API_URL"]


def returnwatch(
    *args: str, cwd: Path = PROJECT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run the installed ``returnwatch`` command as a user would (``env`` adds variables)."""
    command = [str(Path(sys.executable).with_name("returnwatch")), *args]
    return subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, **(env or {})},
    )


@contextmanager
def writer_holding(warehouse: Path) -> Iterator[None]:
    """Another process with ``warehouse`` open for writing (DuckDB's file lock) meanwhile."""
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, time; con = duckdb.connect({str(warehouse)!r}); "
         "print('held', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        yield
    finally:
        holder.kill()
        holder.wait()


EXPORT_FIXTURES = Path(__file__).resolve().parent / "data" / "export"


@pytest.fixture(scope="session")
def exported_run(prefect_server, tmp_path_factory):
    """One real run over the samples plus documents whose title, publisher and place name
    look like spreadsheet formulas; returns its folder (w.duckdb, exports/) and the result."""
    tmp = tmp_path_factory.mktemp("exported-run")
    (tmp / "sources.toml").write_text(
        f'[[sources]]\nid = "samples"\nkind = "folder"\npath = "{SAMPLES.as_posix()}"\n'
        'exclude = ["README*", ".*"]\n\n'
        f'[[sources]]\nid = "formulas"\nkind = "folder"\npath = "{EXPORT_FIXTURES.as_posix()}"\n'
    )
    result = returnwatch(
        "run", "--sources", str(tmp / "sources.toml"), "--warehouse", str(tmp / "w.duckdb"),
        "--archive", str(tmp / "archive"), "--exports", str(tmp / "exports"),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return tmp, result


@pytest.fixture(scope="session")
def gazetteer():
    from returnwatch.gazetteer import Gazetteer

    return Gazetteer.load()


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return tmp_path / "warehouse" / "returns.duckdb"


def rows(path: Path, sql: str, *params) -> list[tuple]:
    """Query a warehouse file read-only."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def assert_row_counts(path: Path, expected: dict[str, int]) -> None:
    actual = {table: rows(path, f"select count(*) from {table}")[0][0] for table in expected}
    assert actual == expected


def expectations_with(home: Path, table: str, column: str, max_value: int, note: str) -> Path:
    """A copy of the project's suites in ``home/expectations`` with one more expectation
    on ``table``: ``column``'s values at most ``max_value`` (one the data breaks)."""
    folder = home / "expectations"
    shutil.copytree(PROJECT / "expectations", folder)
    suite_file = folder / f"{table}.json"
    suite = json.loads(suite_file.read_text())
    suite["expectations"].append(
        {
            "type": "expect_column_values_to_be_between",
            "kwargs": {"column": column, "max_value": max_value},
            "meta": {"notes": note},
        }
    )
    suite_file.write_text(json.dumps(suite))
    return folder
