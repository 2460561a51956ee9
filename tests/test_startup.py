"""Start-up and re-runs: the temporary Prefect server a plain `returnwatch run` starts (and
stops), when it must leave Prefect alone, the inputs fingerprint that lets a run with nothing
new stop after pull, and Great Expectations imported without what our suites never use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT, returnwatch, rows, writer_holding

from returnwatch.prefect_server import configured_elsewhere
from returnwatch.unchanged import inputs_fingerprint, standing_run, unchanged_since
from returnwatch.warehouse import WarehouseLocked, ensure_schema

NOTE = (
    "---\npublished: 2017-02-20\n---\n"
    "On 19 February 250 families returned to Residential District No. 1 in Sirte.\n"
)


def test_the_fingerprint_follows_the_overrides_and_the_suites(tmp_path):
    suites, overrides = tmp_path / "expectations", tmp_path / "overrides.csv"
    suites.mkdir()
    (suites / "figures.json").write_text("{}")
    absent = inputs_fingerprint(overrides, suites)
    overrides.write_text("action,figure_id,reason\n")
    empty = inputs_fingerprint(overrides, suites)
    assert empty != absent and inputs_fingerprint(overrides, suites) == empty
    overrides.write_text("action,figure_id,reason\nreject,f1,a misreading\n")
    assert inputs_fingerprint(overrides, suites) not in {absent, empty}
    edited = inputs_fingerprint(overrides, suites)
    (suites / "figures.json").write_text('{"expectations": []}')
    assert inputs_fingerprint(overrides, suites) != edited


def record_run(path: Path, run_id: str, status: str, passed, fingerprint, exports) -> None:
    con = duckdb.connect(str(path))
    try:
        con.execute(
            "insert into pipeline_runs (run_id, started_at, status, checks_passed, "
            "inputs_fingerprint, exports_dir) values (?, now()::timestamp, ?, ?, ?, ?)",
            [run_id, status, passed, fingerprint, str(exports)],
        )
    finally:
        con.close()


def test_a_run_may_stop_after_pull_only_after_a_good_run_of_the_same_inputs(tmp_path):
    warehouse, exports = tmp_path / "w.duckdb", tmp_path / "exports"
    assert unchanged_since(warehouse, "f1", exports) is None  # no warehouse yet
    ensure_schema(warehouse)
    assert unchanged_since(warehouse, "f1", exports) is None  # no run yet
    record_run(warehouse, "r1", "completed", True, "f1", exports)
    assert unchanged_since(warehouse, "f1", exports) is None  # its exports are gone
    exports.mkdir()
    (exports / "datapackage.json").write_text("{}")
    assert unchanged_since(warehouse, "f1", exports) == "r1"
    assert unchanged_since(warehouse, "f2", exports) is None  # overrides, suites or code changed
    assert unchanged_since(warehouse, "f1", tmp_path / "elsewhere") is None
    assert standing_run(warehouse, exports).run_id == "r1"  # whatever the fingerprint
    record_run(warehouse, "r2", "completed", False, "f1", exports)
    assert unchanged_since(warehouse, "f1", exports) is None  # the latest run failed its checks
    assert standing_run(warehouse, exports) is None  # so the next run is a full one
    record_run(warehouse, "r3", "running", None, "f1", exports)
    assert unchanged_since(warehouse, "f1", exports) is None  # ... or did not finish


def test_the_standing_run_is_not_waited_for_when_the_warehouse_is_held(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    ensure_schema(warehouse)
    with writer_holding(warehouse), pytest.raises(WarehouseLocked):
        standing_run(warehouse, tmp_path / "exports", wait=0)


def test_prefect_is_left_alone_when_it_may_be_pointed_at_a_server(tmp_path, monkeypatch):
    for name in ("PREFECT_API_URL", "PREFECT_PROFILES_PATH", "PREFECT_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "home"))
    assert not configured_elsewhere(tmp_path)
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "profiles.toml").write_text(
        'active = "local"\n[profiles.local]\nPREFECT_API_URL = "http://127.0.0.1:4200/api"\n'
    )
    assert configured_elsewhere(tmp_path)
    monkeypatch.setenv("PREFECT_PROFILE", "ephemeral")
    assert not configured_elsewhere(tmp_path)
    (tmp_path / "prefect.toml").write_text('[api]\nurl = "http://127.0.0.1:4200/api"\n')
    assert configured_elsewhere(tmp_path)
    (tmp_path / "prefect.toml").unlink()
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:4200/api")
    assert configured_elsewhere(tmp_path)


def servers_of(prefect_home: Path) -> list[int]:
    """Processes running with this PREFECT_HOME in their environment (their pids)."""
    found = []
    marker = f"PREFECT_HOME={prefect_home}".encode()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def test_a_plain_run_starts_its_own_temporary_server_and_stops_it(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "note.md").write_text(NOTE)
    home = tmp_path / "prefect-home"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(PREFECT_HOME=str(home), PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="240")
    command = [str(Path(sys.executable).with_name("returnwatch")), "run", "--inbox", str(inbox)]
    paths = ["--warehouse", str(tmp_path / "w.duckdb"), "--archive", str(tmp_path / "archive")]
    result = subprocess.run(
        [*command, *paths, "--exports", str(tmp_path / "exports")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 new documents, 1 figures loaded" in result.stdout
    assert "Starting temporary server" not in result.stderr  # Prefect did not start a second
    assert (home / "prefect.db").is_file()  # the run was recorded by the server it started
    assert servers_of(home) == []
    assert rows(tmp_path / "w.duckdb", "select area_id, households from return_events") == [
        ("ly-sirte-d1", 250)
    ]


@pytest.mark.prefect
def test_a_run_with_nothing_new_records_itself_and_keeps_the_exports(prefect_server, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "note.md").write_text(NOTE)
    args = ["run", "--inbox", str(inbox), "--warehouse", str(tmp_path / "w.duckdb")]
    args += ["--archive", str(tmp_path / "archive"), "--exports", str(tmp_path / "exports")]
    first = returnwatch(*args)
    exported = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "exports").iterdir()}
    second = returnwatch(*args)
    assert first.returncode == 0 and second.returncode == 0, second.stdout + second.stderr
    runs = rows(
        tmp_path / "w.duckdb",
        "select run_id, status, documents_new, checks_passed, inputs_fingerprint, message "
        "from pipeline_runs order by started_at",
    )
    (first_id, *_, fingerprint, _), second_run = runs
    assert second_run[1:5] == ("completed", 0, True, fingerprint)
    assert f"nothing new since run {first_id}" in second_run[5] and first_id in second.stdout
    checked = rows(tmp_path / "w.duckdb", "select distinct run_id from quality_results")
    assert checked == [(first_id,)]  # the checks ran once
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "exports").iterdir()} == exported

    (inbox / "later.md").write_text(NOTE.replace("250", "120").replace("19 Feb", "20 Feb"))
    third = returnwatch(*args)
    assert third.returncode == 0 and "1 new documents" in third.stdout, third.stderr
    assert len(rows(tmp_path / "w.duckdb", "select distinct run_id from quality_results")) == 2


def printed(probe: str) -> list[str]:
    """The words ``probe`` prints, run in a fresh Python process from the project."""
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=PROJECT, capture_output=True, text=True, check=True
    )
    return done.stdout.split()


def test_great_expectations_is_imported_without_scipy_stats_until_it_is_used():
    probe = (
        "import sys\n"
        "from returnwatch.quality._gx import import_gx\n"
        "import_gx()\n"
        "print(type(sys.modules['scipy.stats']).__name__)\n"
        "from scipy import stats\n"
        "print(round(float(stats.entropy([0.5, 0.5], [0.9, 0.1])), 3))\n"
    )
    assert printed(probe) == ["_LazyModule", "0.511"]


def test_great_expectations_is_imported_without_sqlalchemy_unless_it_was_already():
    """GX's SQL datasources are never used by the checks: a process that imports GX first
    (the check worker) does not import SQLAlchemy, which stays importable."""
    probe = (
        "import sys\n"
        "from returnwatch.quality._gx import import_gx\n"
        "gx = import_gx()\n"
        "print('sqlalchemy' in sys.modules)\n"
        "import sqlalchemy\n"
        "print(gx.__name__, sqlalchemy.__name__)\n"
    )
    assert printed(probe) == ["False", "great_expectations", "sqlalchemy"]
    first = "import sqlalchemy\n" + probe.replace("print('sqlalchemy' in sys.modules)\n", "")
    assert printed(first) == ["great_expectations", "sqlalchemy"]


def test_the_warehouse_names_come_without_pandas_and_stay_the_functions():
    probe = (
        "import sys\n"
        "from returnwatch.warehouse import WarehouseLocked, connect\n"
        "print('pandas' in sys.modules)\n"
        "import returnwatch.warehouse.derive, returnwatch.warehouse.connect\n"  # the submodules
        "from returnwatch.warehouse import derive, connect, load_tables\n"
        "import returnwatch.warehouse as w\n"
        "print(derive.__name__, connect.__name__, w.derive is derive, w.connect is connect)\n"
        "from returnwatch.warehouse import increments\n"  # a submodule that is no public name
        "print(type(increments).__name__, increments.__name__)\n"
    )
    assert printed(probe) == [
        "False", "derive", "connect", "True", "True", "module", "returnwatch.warehouse.increments"
    ]  # fmt: skip


def test_the_export_target_check_comes_without_pandas_and_the_writers():
    """`returnwatch run` asks export.target before any work, before its check worker starts:
    pandas and the export writers must wait for the flow."""
    probe = (
        "import sys\n"
        "from returnwatch.export.target import check_export_target\n"
        "print('pandas' in sys.modules, 'returnwatch.export.write' in sys.modules)\n"
        "from returnwatch.export import write_exports, export_refusal, PendingExport\n"
        "print(write_exports.__module__, export_refusal.__module__, PendingExport.__name__)\n"
    )
    assert printed(probe) == [
        "False", "False", "returnwatch.export.write", "returnwatch.export.gate", "PendingExport"
    ]  # fmt: skip


def test_the_libraries_a_run_imports_are_compiled_ahead():
    """scripts/bootstrap compiles them: under PYTHONDONTWRITEBYTECODE=1 every run would
    otherwise compile Prefect, pandas and GX again (seconds of CPU per process)."""
    import importlib.util

    for name in ("prefect.flows", "prefect.server.api.server", "pandas.core.frame",
                 "great_expectations.expectations.expectation", "returnwatch.cli"):  # fmt: skip
        source = importlib.util.find_spec(name).origin
        assert Path(importlib.util.cache_from_source(source)).is_file(), f"{name}: no .pyc"


def _heartbeat_threads() -> list:
    """Prefect's flow-run heartbeat threads alive now (their target runs ``heartbeat_loop``)."""
    import threading

    return [
        thread
        for thread in threading.enumerate()
        if any(getattr(arg, "__name__", "") == "heartbeat_loop" for arg in thread._args)
    ]


def test_a_one_off_run_sends_no_heartbeats_and_keeps_every_other_setting(prefect_server):
    from prefect import flow
    from prefect.settings import get_current_settings

    from returnwatch.prefect_settings import one_off_run

    @flow
    def heartbeats_seen() -> int:
        return len(_heartbeat_threads())

    before = get_current_settings()
    assert heartbeats_seen() == 1  # Prefect's default: the probe sees the thread
    with one_off_run():
        during = get_current_settings()
        assert heartbeats_seen() == 0
    assert during.flows.heartbeat_frequency is None
    assert before.flows.heartbeat_frequency is not None
    assert during.model_dump(exclude={"flows"}) == before.model_dump(exclude={"flows"})
    assert during.flows.model_dump(exclude={"heartbeat_frequency"}) == before.flows.model_dump(
        exclude={"heartbeat_frequency"}
    )
    assert get_current_settings() is before
