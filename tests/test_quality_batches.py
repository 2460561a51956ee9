"""What the check stage reads: each suite's table with its real columns, only the columns its
expectations name filled, at most a bounded sample of rows, and only this run's figures."""

from __future__ import annotations

from pathlib import Path

from conftest import rows
from test_warehouse_semantics import SEED_DOCS, SEED_FIGURES, figure, load

from returnwatch.quality import check_warehouse, load_suites
from returnwatch.quality.batches import read_batches, suite_columns

EXPECTATIONS = Path(__file__).resolve().parents[1] / "expectations"


def test_batches_have_the_tables_columns_and_at_most_the_sample(warehouse, gazetteer):
    load(warehouse, gazetteer, SEED_DOCS, SEED_FIGURES)
    suites = {suite.table: suite for suite in load_suites(EXPECTATIONS)}
    frames = read_batches(warehouse, list(suites.values()), sample_rows=2)
    for table, frame in frames.items():
        columns = rows(
            warehouse,
            "select column_name from information_schema.columns where table_name = ? "
            "order by ordinal_position",
            table,
        )
        assert list(frame.columns) == [name for (name,) in columns], table
        assert len(frame) <= 2, table
        named = suite_columns(suites[table])
        unnamed = [c for c in frame.columns if c not in named]
        assert all(frame[c].isna().all() for c in unnamed), table
    (n_areas,) = rows(warehouse, "select count(*) from areas")[0]
    assert n_areas > 2  # so the areas frame above was a sample


def test_figures_are_those_of_the_run_given(warehouse, gazetteer):
    later = {**figure("a", 40, 300, "ly-sirte-d3", SEED_FIGURES[0]["event_date"]), "run_id": "r2"}
    load(warehouse, gazetteer, SEED_DOCS, [*SEED_FIGURES, later])
    suites = [s for s in load_suites(EXPECTATIONS) if s.table == "figures"]
    frames = read_batches(warehouse, suites, run_id="r2")
    assert list(frames["figures"]["figure_id"]) == [later["figure_id"]]


def test_the_seed_warehouse_passes_its_checks(warehouse, gazetteer):
    load(warehouse, gazetteer, SEED_DOCS, SEED_FIGURES)
    report = check_warehouse(warehouse, EXPECTATIONS, run_id="r1")
    assert report.passed, report.summary()
