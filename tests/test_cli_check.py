"""`returnwatch check`: the suites on the warehouse as it stands, read-only, exit 0/1/2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT, returnwatch, writer_holding

from returnwatch.warehouse import ensure_schema

SUITES = {
    path.stem: json.loads(path.read_text()) for path in (PROJECT / "expectations").glob("*.json")
}


def folder_state(folder: Path) -> dict[str, bytes]:
    """Every file of ``folder`` (the warehouse and anything beside it) with its bytes."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def broken_copy(exported_run, tmp_path: Path, statement: str) -> Path:
    """A copy of the exported run's warehouse with ``statement`` applied to it."""
    copy = tmp_path / "w.duckdb"
    shutil.copy(exported_run[0] / "w.duckdb", copy)
    con = duckdb.connect(str(copy))
    try:
        con.execute(statement)
    finally:
        con.close()
    return copy


@pytest.mark.prefect
def test_check_passes_a_good_warehouse_and_leaves_every_byte_as_it_was(exported_run):
    folder = exported_run[0]
    before = folder_state(folder)
    table = returnwatch("check", "--warehouse", str(folder / "w.duckdb"))
    as_json = returnwatch("check", "--warehouse", str(folder / "w.duckdb"), "--format", "json")
    assert table.returncode == 0, table.stdout + table.stderr
    assert as_json.returncode == 0, as_json.stderr
    assert folder_state(folder) == before
    expected = sum(len(suite["expectations"]) for suite in SUITES.values())
    assert f"all {expected} expectations passed" in table.stdout
    assert all(name in table.stdout for name in SUITES)
    found = json.loads(as_json.stdout)
    assert found["passed"] is True and found["failures"] == []
    assert {s["suite"]: (s["expectations"], s["failed"]) for s in found["suites"]} == {
        name: (len(suite["expectations"]), 0) for name, suite in SUITES.items()
    }


@pytest.mark.prefect
def test_check_exits_1_and_names_a_figure_that_breaks_its_suite(exported_run, tmp_path):
    broken = broken_copy(
        exported_run,
        tmp_path,
        "update figures set quantity = -5 where figure_id = (select min(figure_id) from figures)",
    )
    table = returnwatch("check", "--warehouse", str(broken))
    as_json = returnwatch("check", "--warehouse", str(broken), "--format", "json")
    assert table.returncode == 1 and as_json.returncode == 1, table.stdout + table.stderr
    assert "FAILED figures.quantity: expect_column_values_to_be_between" in table.stdout
    assert "1 unexpected of" in table.stdout and "e.g. -5 (x1)" in table.stdout
    found = json.loads(as_json.stdout)
    assert found["passed"] is False
    assert [(f["suite"], f["expectation"], f["column_name"]) for f in found["failures"]] == [
        ("figures", "expect_column_values_to_be_between", "quantity")
    ]
    assert "-5" in found["failures"][0]["observed"]
    figures = next(s for s in found["suites"] if s["suite"] == "figures")
    assert figures == {
        "suite": "figures",
        "expectations": len(SUITES["figures"]["expectations"]),
        "failed": 1,
    }


def test_check_exits_2_when_there_is_nothing_to_check(tmp_path):
    missing = returnwatch("check", "--warehouse", str(tmp_path / "none.duckdb"))
    assert missing.returncode == 2
    assert f"{tmp_path / 'none.duckdb'}: no warehouse here yet" in missing.stderr
    assert "run `returnwatch run` first" in missing.stderr and "Traceback" not in missing.stderr
    assert not (tmp_path / "none.duckdb").exists()

    no_run = tmp_path / "schema-only.duckdb"
    ensure_schema(no_run)
    result = returnwatch("check", "--warehouse", str(no_run))
    assert result.returncode == 2 and "has no pipeline run yet" in result.stderr

    stranger = tmp_path / "other.duckdb"
    duckdb.connect(str(stranger)).close()
    result = returnwatch("check", "--warehouse", str(stranger))
    assert result.returncode == 2 and "has no pipeline_runs: not a returnwatch warehouse" in (
        result.stderr
    )

    suites = tmp_path / "no-suites"
    result = returnwatch("check", "--warehouse", str(no_run), "--expectations", str(suites))
    assert result.returncode == 2 and f"{suites}: no such folder of expectation suites" in (
        result.stderr
    )
    result = returnwatch("check", "--format", "csv")
    assert result.returncode == 2 and "--format must be table or json" in result.stderr


@pytest.mark.prefect
def test_check_exits_2_when_a_derive_never_ran(exported_run, tmp_path):
    broken = broken_copy(exported_run, tmp_path, "drop view cumulative_returns_by_district")
    result = returnwatch("check", "--warehouse", str(broken))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "has no cumulative_returns_by_district" in result.stderr


@pytest.mark.prefect
def test_check_exits_2_while_a_writer_holds_the_file(exported_run, tmp_path):
    copy = tmp_path / "w.duckdb"
    shutil.copy(exported_run[0] / "w.duckdb", copy)
    with writer_holding(copy):
        result = returnwatch("check", "--warehouse", str(copy))
    assert result.returncode == 2
    assert f"{copy} is in use by another process" in result.stderr
    assert "Traceback" not in result.stderr
