"""The base tables checked by the check worker while the load derives (``early_check``):
the same quality_results as checking every suite after the load, a failed base-table
expectation reported as before (the last export kept), and a worker failure on the early
request the one failed check of a dead worker."""

import shutil
import time
from pathlib import Path

import duckdb
import pytest
from conftest import PROJECT, expectations_with, returnwatch, rows

from returnwatch.check_worker import WORKER_CHECK, CheckWorker
from returnwatch.early_check import read_base_frames
from returnwatch.quality import check_warehouse
from returnwatch.quality.batches import CHECK_SAMPLE_ROWS, read_batches, suite_columns
from returnwatch.quality.suites import load_suites
from returnwatch.warehouse.load import load_tables

EXPECTATIONS = PROJECT / "expectations"
HANDED = "Base tables handed to the check worker before the derive"
RESULTS = (
    "select suite, expectation, column_name, success, observed from quality_results order by all"
)


def _run(session: Path, tmp: Path, early: str, home: Path | None = None):
    env = {"RETURNWATCH_CHECK_EARLY": early}
    if home is not None:
        env["RETURNWATCH_HOME"] = str(home)
    result = returnwatch(
        "run", "--sources", str(session / "sources.toml"), "--warehouse", str(tmp / "w.duckdb"),
        "--archive", str(tmp / "archive"), "--exports", str(tmp / "exports"), env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.mark.prefect
def test_checking_early_stores_the_results_of_checking_after_the_load(exported_run, tmp_path):
    session, _ = exported_run
    early = _run(session, tmp_path / "early", "1")
    late = _run(session, tmp_path / "late", "0")
    assert HANDED in early.stdout + early.stderr
    assert HANDED not in late.stdout + late.stderr
    stored = rows(tmp_path / "early" / "w.duckdb", RESULTS)
    assert len(stored) == 89 and all(row[3] for row in stored)
    assert stored == rows(tmp_path / "late" / "w.duckdb", RESULTS)


@pytest.mark.prefect
def test_a_failed_base_table_expectation_is_reported_and_keeps_the_last_export(
    exported_run, tmp_path
):
    session, _ = exported_run
    shutil.copytree(session / "exports", tmp_path / "exports")
    before = {p.name: p.read_bytes() for p in sorted((tmp_path / "exports").iterdir())}
    home = tmp_path / "home"
    expectations_with(
        home, "figures", "quantity", 0, "test: no figure can pass (every quantity is above 0)"
    )
    result = _run(session, tmp_path, "1", home)
    assert HANDED in result.stdout + result.stderr
    assert "checks FAILED" in result.stdout and "last good export" in result.stdout
    assert "figures.quantity: expect_column_values_to_be_between" in result.stdout
    assert {p.name: p.read_bytes() for p in sorted((tmp_path / "exports").iterdir())} == before
    failed = rows(tmp_path / "w.duckdb", "select suite, column_name from quality_results "
                  "where not success")  # fmt: skip
    assert failed == [("figures", "quantity")]


BASE_SUITES = [s for s in load_suites(EXPECTATIONS) if s.table in {"documents", "figures", "areas"}]
BASE_COLUMNS = {s.table: suite_columns(s) for s in BASE_SUITES}


def _load_again(session: Path, tmp: Path, sample_rows: int = CHECK_SAMPLE_ROWS):
    """The session warehouse copied, its last run's figures loaded again as run "again"
    (new ids), with the base frames read inside the load: (warehouse, figures, frames)."""
    warehouse = tmp / "w.duckdb"
    shutil.copy(session / "w.duckdb", warehouse)
    con = duckdb.connect(str(warehouse), read_only=True)
    (run_id,) = con.execute("select max(run_id) from figures").fetchone()
    figures = con.execute("select * from figures where run_id = ?", [run_id]).df()
    con.close()
    seen = {}

    def hand_over(con):
        seen.update(read_base_frames(con, BASE_COLUMNS, "again", sample_rows=sample_rows))

    again = figures.assign(run_id="again", figure_id=figures["figure_id"] + "-again")
    load_tables(warehouse, {"figures": again}, after_insert=hand_over)
    return warehouse, figures, seen


def test_frames_read_inside_the_load_equal_those_read_after_the_commit(exported_run, tmp_path):
    """What the load hands over is what the worker would read from the committed file."""
    warehouse, figures, seen = _load_again(exported_run[0], tmp_path)
    committed = read_batches(warehouse, BASE_SUITES, "again", CHECK_SAMPLE_ROWS)
    assert set(seen) == {"documents", "figures", "areas"} and len(seen["figures"]) == len(figures)
    for table, frame in committed.items():
        sort = list(frame.columns[frame.notna().any()])
        expected = frame.sort_values(sort, ignore_index=True)
        assert seen[table].sort_values(sort, ignore_index=True).equals(expected), table


def test_a_table_above_the_sample_is_handed_over_as_a_sample_of_its_rows(exported_run, tmp_path):
    """Above the sample bound (50,000 rows in a run), the frames handed over are bounded
    samples of the run's own rows, each row as the load committed it."""
    bound = 10
    warehouse, figures, seen = _load_again(exported_run[0], tmp_path, sample_rows=bound)
    assert len(figures) > 2 * bound  # so the run's figures were sampled
    for table, key in [("figures", "figure_id"), ("areas", "area_id")]:
        sample = seen[table]
        with duckdb.connect(str(warehouse), read_only=True) as con:
            stored = con.execute(f"select * from {table}").df()
        assert 0 < len(sample) <= bound < len(stored), table
        if table == "figures":
            assert set(sample["run_id"]) == {"again"}
            stored = stored[stored["run_id"] == "again"]
        named = [name for name in sample.columns if name in BASE_COLUMNS[table]]
        matched = stored[stored[key].isin(sample[key])][named].sort_values(key, ignore_index=True)
        assert sample[named].sort_values(key, ignore_index=True).equals(matched), table


def test_an_early_request_to_a_dead_worker_is_the_failed_check_of_a_dead_worker(
    exported_run, tmp_path
):
    session, _ = exported_run
    frames = read_batches(session / "w.duckdb", load_suites(EXPECTATIONS))
    dead = CheckWorker(EXPECTATIONS)
    dead._process.kill()
    dead._process.wait()
    started = time.monotonic()
    dead.check_frames({"figures": frames["figures"]}, "run-1", timeout=60)
    assert dead.early_asked("run-1") and dead.early_report("other-run") is None
    dead.check_frames({"figures": frames["figures"]}, "run-1", timeout=60)
    report = dead.early_report("run-1")
    assert time.monotonic() - started < 10
    (failure,) = report.results
    assert failure.expectation == WORKER_CHECK and "check worker" in failure.observed
    dead.close()


def test_the_worker_checks_handed_frames_as_it_checks_the_warehouse(exported_run):
    session, _ = exported_run
    warehouse = session / "w.duckdb"
    tables = ["documents", "figures", "areas"]
    whole = check_warehouse(warehouse, EXPECTATIONS).frame()
    frames = read_batches(warehouse, load_suites(EXPECTATIONS))
    worker = CheckWorker(EXPECTATIONS)
    try:
        worker.check_frames({t: frames[t] for t in tables}, "r", tables=tables)
        early = worker.early_report("r").frame()
        rest = worker.check(warehouse, tables=[t for t in set(whole["suite"]) if t not in tables])
    finally:
        worker.close()
    assert early.equals(whole[whole["suite"].isin(tables)].reset_index(drop=True))
    assert rest.frame().equals(whole[~whole["suite"].isin(tables)].reset_index(drop=True))
