"""Exit codes of `returnwatch run`: 0 when the run completed (rejected data included), 1 with
--strict when anything was rejected, 2 when the system failed (e.g. a bad sources file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import returnwatch, rows
from test_export_artifacts import artifacts

GOOD = "---\npublished: 2017-02-20\n---\nOn 13 February, 585 families returned to the Third District of Sirte.\n"


def _inbox(tmp: Path, *, broken: bool) -> Path:
    inbox = tmp / "inbox"
    inbox.mkdir()
    (inbox / "good.md").write_text(GOOD, encoding="utf-8")
    if broken:
        (inbox / "scan.txt").write_bytes(b"%PDF-1.7\n binary")
        (inbox / "negative.csv").write_text(
            "Admin 2 pcode,Date reported,Returnee households\n"
            "#adm2+code,#date+reported,#affected+returnees+hh\nLY0208,2017-06-08,-5\n"
        )
    return inbox


def _run(tmp: Path, inbox: Path, *extra: str):
    return returnwatch(
        "run", "--inbox", str(inbox), "--warehouse", str(tmp / "w.duckdb"),
        "--archive", str(tmp / "archive"), "--exports", str(tmp / "exports"), *extra,
    )  # fmt: skip


@pytest.mark.prefect
def test_strict_fails_a_run_with_rejections_but_keeps_what_it_loaded(prefect_server, tmp_path):
    result = _run(tmp_path, _inbox(tmp_path, broken=True), "--strict")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "--strict: 2 rejections" in result.stderr and "Traceback" not in result.stderr
    statuses = dict(rows(tmp_path / "w.duckdb", "select name, status from documents"))
    assert statuses == {"good.md": "loaded", "scan.txt": "rejected", "negative.csv": "no_figures"}


@pytest.mark.prefect
def test_strict_passes_a_clean_run(prefect_server, tmp_path):
    result = _run(tmp_path, _inbox(tmp_path, broken=False), "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 inputs: loaded 1, no_figures 0, duplicate 0, rejected 0, failed 0" in result.stdout


DTM = (
    "Admin 2 name,Admin 2 pcode,Date reported,Round,HH,IND,Source\n"
    "#adm2+name,#adm2+code,#date+reported,#round+code,#affected+returnees+hh,"
    "#affected+returnees+ind,#meta+source\n"
    "Sirt,LY0208,2017-06-08,R11,100,500,DTM\nMisrata,LY0214,2017-06-08,R11,50,250,DTM\n"
)


def _status_totals(tmp: Path) -> dict:
    shown = returnwatch("status", "--warehouse", str(tmp / "w.duckdb"), "--format", "json")
    assert shown.returncode == 0, shown.stderr
    return json.loads(shown.stdout)["totals"]


@pytest.mark.prefect
def test_strict_passes_a_dtm_table_ending_in_a_total_row(prefect_server, tmp_path):
    """A DTM table's "Total" row is expected: set aside (its quarantine row kept and
    counted among the run's rows), named on the counts line, and no rejection."""
    inbox = _inbox(tmp_path, broken=False)
    (inbox / "dtm.csv").write_text(DTM + "Total,,2017-06-08,R11,150,750,DTM\n")
    result = _run(tmp_path, inbox, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "failed 0, already recorded 0; 1 total row set aside" in result.stdout
    warehouse = tmp_path / "w.duckdb"
    assert rows(warehouse, "select check_name, value from quarantine") == [("total_row", "Total")]
    assert rows(warehouse, "select rows_quarantined from pipeline_runs") == [(1,)]
    totals = _status_totals(tmp_path)
    assert (totals["quarantine_rows"], totals["quarantine_notes"]) == (1, 1)
    (report,) = [a.data for a in artifacts("returnwatch-run-summary") if str(tmp_path) in a.data]
    assert "1 quarantined (1 total row set aside, not a rejection)." in report


@pytest.mark.prefect
def test_strict_counts_a_quarantined_figure_beside_a_total_row(prefect_server, tmp_path):
    inbox = _inbox(tmp_path, broken=False)
    (inbox / "dtm.csv").write_text(
        DTM + "Ejdabia,LY0105,2017-06-08,R11,-5,,DTM\nTotal,,2017-06-08,R11,150,750,DTM\n"
    )
    result = _run(tmp_path, inbox, "--strict")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "--strict: 1 rejections" in result.stderr
    assert "; 1 total row set aside" in result.stdout
    assert rows(tmp_path / "w.duckdb", "select rows_quarantined from pipeline_runs") == [(2,)]


def test_a_bad_sources_file_is_a_system_failure_with_exit_code_2(tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text('[[sources]]\nid = "Bad Id"\nkind = "folder"\npath = "."\n')
    result = returnwatch("run", "--sources", str(sources), "--warehouse", str(tmp_path / "w"))
    assert result.returncode == 2
    assert "id must be lowercase" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "w").exists()


def test_an_inbox_that_is_not_a_folder_exits_2(tmp_path):
    result = returnwatch("run", "--inbox", str(tmp_path / "missing"))
    assert result.returncode == 2 and "--inbox must be a folder" in result.stderr


def test_paths_of_the_wrong_kind_exit_2_before_any_work(tmp_path):
    inbox = _inbox(tmp_path, broken=False)
    (tmp_path / "a-file").write_text("x")
    where = ["--warehouse", str(tmp_path / "w.duckdb"), "--exports", str(tmp_path / "exports")]
    sources_folder = returnwatch("run", "--sources", str(inbox), *where)
    archive_file = returnwatch(
        "run", "--inbox", str(inbox), "--archive", str(tmp_path / "a-file"), *where
    )
    said = {
        sources_folder: f"{inbox} is a folder; pass --sources the sources file (TOML), or --inbox",
        archive_file: f"{tmp_path / 'a-file'}: --archive must be a folder",
    }
    for result, message in said.items():
        assert result.returncode == 2 and message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "w.duckdb").exists() and not (tmp_path / "exports").exists()


def test_a_gazetteer_folder_without_its_files_exits_2_before_any_work(tmp_path):
    (tmp_path / "places").mkdir()
    result = _run(tmp_path, _inbox(tmp_path, broken=False), "--gazetteer", str(tmp_path / "places"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{tmp_path / 'places' / 'areas.csv'}: file not found" in result.stderr
    assert not (tmp_path / "w.duckdb").exists() and not (tmp_path / "archive").exists()


@pytest.mark.parametrize("name", ["notes.duckdb", "notes.csv", "notes.parquet"])
def test_a_warehouse_that_is_not_a_duckdb_file_exits_2_and_is_left_alone(tmp_path, name):
    # DuckDB opens an existing .csv, .parquet or .json as an in-memory database over it
    notes = tmp_path / name
    notes.write_text("my notes, not a database\n")
    (tmp_path / "archive" / "inbox").mkdir(parents=True)
    where = ["--warehouse", str(notes)]
    commands = [
        ["run", "--inbox", str(_inbox(tmp_path, broken=False)), *where,
         "--archive", str(tmp_path / "archive"), "--exports", str(tmp_path / "exports")],
        ["sql", "select 1", *where],
        ["status", *where],
        ["check", *where],
        ["export", *where, "--exports", str(tmp_path / "exports")],
        ["rebuild", *where, "--archive", str(tmp_path / "archive"),
         "--exports", str(tmp_path / "exports")],
    ]  # fmt: skip
    for command in commands:
        result = returnwatch(*command)
        assert result.returncode == 2, (command, result.stderr)
        assert "Traceback" not in result.stderr
        assert f"{notes} is not a DuckDB database file" in result.stderr, command
    assert notes.read_text() == "my notes, not a database\n"
    assert not (tmp_path / "exports").exists()


def test_rebuild_does_not_replace_a_duckdb_file_that_is_not_a_warehouse(tmp_path):
    import duckdb

    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("create table notes as select 'keep me' as body")
    con.close()
    (tmp_path / "archive" / "inbox").mkdir(parents=True)
    result = returnwatch(
        "rebuild", "--warehouse", str(other), "--archive", str(tmp_path / "archive"),
        "--exports", str(tmp_path / "exports"),
    )  # fmt: skip
    assert result.returncode == 2 and "has no pipeline_runs" in result.stderr
    assert rows(other, "select body from notes") == [("keep me",)]
