"""`returnwatch status`: what the warehouse holds, read-only, compared with SQL on the file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT, returnwatch, rows

from returnwatch.warehouse.run_lock import run_lock


def status_json(warehouse: Path, exports: Path) -> dict:
    result = returnwatch(
        "status", "--warehouse", str(warehouse), "--exports", str(exports), "--format", "json"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def totals_by_sql(warehouse: Path) -> dict:
    def one(sql: str):
        return rows(warehouse, sql)[0][0]

    first, last = rows(warehouse, "select min(event_date), max(event_date) from return_events")[0]
    return {
        "figures": one("select count(*) from figures"),
        "return_events": one("select count(*) from return_events"),
        "quarantine_rows": one("select count(*) from quarantine"),
        "quarantine_notes": one("select count(*) from quarantine where check_name = 'total_row'"),
        "unresolved_places": one("select count(*) from figures where area_id is null"),
        "areas": one("select count(*) from areas"),
        "first_event_date": first.isoformat(),
        "last_event_date": last.isoformat(),
        "latest_published_date": one("select max(published_date) from documents").isoformat(),
        "as_known_on_snapshots": one("select count(*) from snapshots"),
        "figures_not_counted": one("select count(*) from figure_reasons where not counts"),
    }


@pytest.mark.prefect
def test_status_reports_what_the_warehouse_holds(exported_run):
    folder = exported_run[0]
    warehouse, exports = folder / "w.duckdb", folder / "exports"
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    found = status_json(warehouse, exports)
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before

    assert found["totals"] == totals_by_sql(warehouse)
    by_status = dict(rows(warehouse, "select status, count(*) from documents group by status"))
    assert {k: v for k, v in found["documents"].items() if v} == by_status
    assert list(found["documents"]) == ["loaded", "no_figures", "duplicate", "rejected", "failed"]
    (run,) = rows(
        warehouse,
        "select run_id, status, documents_new, figures_loaded, rows_quarantined, checks_passed, "
        "message from pipeline_runs",
    )
    (shown,) = found["runs"]
    assert tuple(shown[key] for key in (
        "run_id", "status", "documents_new", "figures_loaded", "rows_quarantined",
        "checks_passed", "message",
    )) == run  # fmt: skip
    assert shown["started_at"] <= shown["finished_at"]
    package = json.loads((exports / "datapackage.json").read_text())
    assert found["exports"] == {
        "folder": str(exports),
        "datapackage": True,
        "created": package["created"],
        "run_id": run[0],
        "run_id_from": "datapackage",
        "current": True,
        "up_to_date": True,
    }
    assert found["run_lock"] == {"held": False, "process": None}


@pytest.mark.prefect
def test_status_table_names_each_part(exported_run):
    folder = exported_run[0]
    result = returnwatch("status", "--warehouse", str(folder / "w.duckdb"))
    assert result.returncode == 0, result.stderr
    run_id = rows(folder / "w.duckdb", "select run_id from pipeline_runs")[0][0]
    for heading in ("latest runs of", "documents", "totals", "exports", "run lock", run_id):
        assert heading in result.stdout


@pytest.mark.prefect
def test_status_shows_the_run_lock_and_an_exports_folder_without_export(exported_run, tmp_path):
    warehouse = tmp_path / "w.duckdb"
    shutil.copy(exported_run[0] / "w.duckdb", warehouse)
    with run_lock(warehouse):
        found = status_json(warehouse, tmp_path / "no-exports")
        checked = returnwatch("check", "--warehouse", str(warehouse))
    assert found["run_lock"] == {"held": True, "process": str(os.getpid())}
    assert found["exports"] == {
        "folder": str(tmp_path / "no-exports"),
        "datapackage": False,
        "created": None,
        "run_id": None,
        "run_id_from": None,
        "current": False,
        "up_to_date": False,
    }
    assert checked.returncode == 0, checked.stderr
    assert f"a run (process {os.getpid()}) is writing to {warehouse}" in checked.stderr
    assert status_json(warehouse, tmp_path / "no-exports")["run_lock"]["held"] is False


def test_status_without_a_warehouse_exits_2_and_says_to_run(tmp_path):
    result = returnwatch("status", "--warehouse", str(tmp_path / "none.duckdb"))
    assert result.returncode == 2
    assert f"{tmp_path / 'none.duckdb'}: no warehouse here yet" in result.stderr
    assert "run `returnwatch run` first" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.prefect
@pytest.mark.parametrize("command", ["status", "check"])
def test_status_and_check_import_no_prefect(exported_run, command):
    probe = (
        "import sys\n"
        "from returnwatch.cli import app\n"
        f"app([{command!r}, '--warehouse', {str(exported_run[0] / 'w.duckdb')!r}, "
        "'--format', 'json'], standalone_mode=False)\n"
        "print('prefect' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=PROJECT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.split()[-1] == "False"
