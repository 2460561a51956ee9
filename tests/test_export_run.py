"""datapackage.json names the run whose warehouse it holds (its ``returnwatch`` property), and
`returnwatch status` reads it there to say whether an export is current: real runs, real
exports, real DuckDB files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import returnwatch, rows

pytestmark = pytest.mark.prefect


def package(exports: Path) -> dict:
    return json.loads((exports / "datapackage.json").read_text(encoding="utf-8"))


def recorded(exports: Path) -> dict:
    return package(exports)["returnwatch"]


def status_exports(warehouse: Path, exports: Path) -> dict:
    result = returnwatch(
        "status", "--warehouse", str(warehouse), "--exports", str(exports), "--format", "json"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)["exports"]


def stamp(value) -> str:
    return value.replace(microsecond=0).isoformat() + "Z"


def report(inbox: Path, day: int, families: int) -> None:
    (inbox / f"report-{day:02}.md").write_text(
        f"---\npublished: 2019-01-{day:02}\n---\n\nThe council said that {families} families "
        f"returned to al-Laithi on {day} January 2019.\n",
        encoding="utf-8",
    )


def run(folder: Path, inbox: Path, exports: Path) -> str:
    """One `returnwatch run` into ``folder/w.duckdb``; the id of the run it recorded."""
    result = returnwatch(
        "run", "--inbox", str(inbox), "--warehouse", str(folder / "w.duckdb"),
        "--archive", str(folder / "archive"), "--exports", str(exports),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return rows(folder / "w.duckdb", "select max_by(run_id, started_at) from pipeline_runs")[0][0]


def test_a_run_names_itself_in_its_datapackage(exported_run):
    folder = exported_run[0]
    ((run_id, started_at),) = rows(
        folder / "w.duckdb", "select run_id, started_at from pipeline_runs"
    )
    assert recorded(folder / "exports") == {
        "run_id": run_id,
        "run_started_at": stamp(started_at),
        "run_finished_at": None,  # the run finishes after its export
    }


def test_each_run_names_its_own_and_status_tells_current_from_stale(prefect_server, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    report(inbox, 5, 120)
    first = run(tmp_path, inbox, tmp_path / "A")
    report(inbox, 9, 80)  # a new document: the second run changes the warehouse
    second = run(tmp_path, inbox, tmp_path / "B")
    assert first != second
    assert recorded(tmp_path / "A")["run_id"] == first
    assert recorded(tmp_path / "B")["run_id"] == second

    warehouse = tmp_path / "w.duckdb"
    stale, fresh = (
        status_exports(warehouse, tmp_path / "A"),
        status_exports(warehouse, tmp_path / "B"),
    )
    assert (stale["run_id"], stale["run_id_from"], stale["current"]) == (
        first, "datapackage", False
    )  # fmt: skip
    assert (fresh["run_id"], fresh["run_id_from"], fresh["current"]) == (
        second, "datapackage", True
    )  # fmt: skip
    assert stale["created"] == package(tmp_path / "A")["created"]

    exported = returnwatch(
        "export", "--warehouse", str(warehouse), "--exports", str(tmp_path / "A")
    )
    assert exported.returncode == 0, exported.stderr
    ((started_at, finished_at),) = rows(
        warehouse, "select started_at, finished_at from pipeline_runs where run_id = ?", second
    )
    assert recorded(tmp_path / "A") == {
        "run_id": second,
        "run_started_at": stamp(started_at),
        "run_finished_at": stamp(finished_at),
    }
    assert status_exports(warehouse, tmp_path / "A")["current"] is True


def test_a_run_with_nothing_new_leaves_exports_current(prefect_server, tmp_path):
    """It checks and changes nothing, so the export still holds the warehouse's data; an
    export made after it names the run whose data that is."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    report(inbox, 5, 120)
    first = run(tmp_path, inbox, tmp_path / "A")
    again = run(tmp_path, inbox, tmp_path / "A")
    assert again != first
    assert rows(
        tmp_path / "w.duckdb", "select count(*) from quality_results where run_id = ?", again
    ) == [(0,)]
    assert recorded(tmp_path / "A")["run_id"] == first
    assert status_exports(tmp_path / "w.duckdb", tmp_path / "A")["current"] is True

    exported = returnwatch(
        "export", "--warehouse", str(tmp_path / "w.duckdb"), "--exports", str(tmp_path / "C")
    )
    assert exported.returncode == 0, exported.stderr
    assert recorded(tmp_path / "C")["run_id"] == first


def without_run(exports: Path) -> None:
    """``exports`` as returnwatch wrote it before datapackage.json named the run."""
    described = package(exports)
    described.pop("returnwatch", None)
    (exports / "datapackage.json").write_text(json.dumps(described, indent=2), encoding="utf-8")


def test_a_package_from_before_still_works_in_status_and_as_a_target(prefect_server, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    report(inbox, 5, 120)
    run_id = run(tmp_path, inbox, tmp_path / "old")
    warehouse = tmp_path / "w.duckdb"
    without_run(tmp_path / "old")
    shutil.copytree(tmp_path / "old", tmp_path / "moved")

    # inferred as before: the latest run that checked the warehouse and exported to the folder
    old = status_exports(warehouse, tmp_path / "old")
    assert (old["run_id"], old["run_id_from"], old["current"]) == (run_id, "pipeline_runs", True)
    moved = status_exports(warehouse, tmp_path / "moved")  # no run exported there
    assert (moved["run_id"], moved["run_id_from"], moved["current"]) == (None, None, False)
    assert moved["datapackage"] is True and moved["created"] == package(tmp_path / "old")["created"]

    for folder in ("old", "moved"):  # still an export: written over, not refused
        exported = returnwatch(
            "export", "--warehouse", str(warehouse), "--exports", str(tmp_path / folder)
        )
        assert exported.returncode == 0, exported.stderr
        assert recorded(tmp_path / folder)["run_id"] == run_id
        assert status_exports(warehouse, tmp_path / folder)["current"] is True
