"""The warehouse on a real DuckDB file: idempotent loads, duplicates, aggregates,
stocks versus flows, and household conversion, read through the public views."""

from datetime import date, datetime

import duckdb
import pandas as pd
import pytest
from conftest import assert_row_counts, rows

from returnwatch.export import write_exports
from returnwatch.extract import Figure
from returnwatch.warehouse import derive, load_tables
from returnwatch.warehouse.derive import EVENT_COLUMNS
from returnwatch.warehouse.increments import compute_increments

NOW = datetime(2026, 11, 23)


def document(doc_id: str, published: date) -> dict:
    return {
        "document_id": doc_id * 64,
        "source_id": "test",
        "name": f"{doc_id}.md",
        "published_date": published,
        "status": "loaded",
        "n_figures": 1,
        "run_id": "r1",
        "loaded_at": NOW,
    }


def figure(doc_id: str, at: int, quantity: int, area: str, when: date, **extra) -> dict:
    made = Figure(
        document_id=doc_id * 64,
        file=f"{doc_id}.md",
        quantity=quantity,
        unit=extra.pop("unit", "households"),
        figure_type=extra.pop("figure_type", "flow"),
        qualifier=extra.pop("qualifier", "exact"),
        event_date=when,
        date_precision="day",
        area_id=area,
        resolve_method="alias",
        resolve_score=1.0,
        span_start=at,
        span_end=at + 5,
        method="test",
        **extra,
    )
    record = made.record()
    record.pop("file")
    return {**record, "run_id": "r1", "loaded_at": NOW}


def load(path, gazetteer, documents, figures):
    frames = {
        "areas": gazetteer.areas_frame(),
        "household_sizes": gazetteer.household_sizes_frame(),
        "documents": pd.DataFrame(documents),
        "figures": pd.DataFrame(figures),
    }
    added = load_tables(path, frames).added
    derive(path)
    return added


def cumulative(path, area_id: str, on: str) -> tuple:
    return rows(
        path,
        "select cumulative_households, cumulative_individuals from cumulative_returns_by_area "
        "where area_id = ? and date <= ? order by date desc limit 1",
        area_id,
        on,
    )[0]


SEED_DOCS = [document("a", date(2017, 2, 14)), document("b", date(2017, 2, 13))]
SEED_FIGURES = [
    figure("a", 10, 585, "ly-sirte-700-gharbiya", date(2017, 2, 13)),
    figure("a", 20, 1025, "ly-sirte-d3", date(2017, 2, 13)),
    figure("b", 10, 585, "ly-sirte-700", date(2017, 2, 11), figure_type="stock"),
    figure("b", 20, 1025, "ly-sirte-d3", date(2017, 2, 12), figure_type="stock"),
    figure("b", 30, 1600, "ly-sirte", date(2017, 2, 12), figure_type="stock", qualifier="min"),
]


def test_seed_reports_give_the_design_totals(warehouse, gazetteer):
    load(warehouse, gazetteer, SEED_DOCS, SEED_FIGURES)
    assert cumulative(warehouse, "ly-sirte-700", "2017-02-13")[0] == 585
    assert cumulative(warehouse, "ly-sirte-d3", "2017-02-13")[0] == 1025
    assert cumulative(warehouse, "ly-sirte", "2017-02-13")[0] == 1610
    districts = rows(
        warehouse,
        "select district_id, settlement, country, cumulative_households "
        "from cumulative_returns_by_district order by district_id",
    )
    assert districts == [
        ("ly-sirte-700", "Sirte", "LBY", 585),
        ("ly-sirte-d3", "Sirte", "LBY", 1025),
    ]


def test_duplicates_are_one_event_with_its_sources_and_the_earliest_date(warehouse, gazetteer):
    load(warehouse, gazetteer, SEED_DOCS, SEED_FIGURES)
    events = rows(
        warehouse,
        "select area_id, event_date, n_sources from return_events where area_id like 'ly-sirte%' "
        "order by area_id",
    )
    assert events == [
        ("ly-sirte-700-gharbiya", date(2017, 2, 11), 2),
        ("ly-sirte-d3", date(2017, 2, 12), 2),
    ]
    statuses = dict(rows(warehouse, "select figure_id, status from figure_status"))
    assert sorted(s.split(" ")[0] for s in statuses.values()) == [
        "aggregate",
        "duplicate",
        "duplicate",
        "event",
        "event",
    ]


def test_loading_the_same_batch_twice_changes_nothing(warehouse, gazetteer):
    first = load(warehouse, gazetteer, SEED_DOCS, SEED_FIGURES)
    snapshot = rows(warehouse, "select * from cumulative_returns_by_area order by all")
    again = load(warehouse, gazetteer, SEED_DOCS, SEED_FIGURES)
    assert first["figures"] == 5 and again["figures"] == 0 and again["documents"] == 0
    assert rows(warehouse, "select * from cumulative_returns_by_area order by all") == snapshot
    assert_row_counts(warehouse, {"documents": 2, "figures": 5})


def test_equal_keys_within_one_batch_keep_one_row(warehouse, gazetteer):
    twice = [SEED_FIGURES[0], {**SEED_FIGURES[0], "quantity": 999}]
    load(warehouse, gazetteer, SEED_DOCS[:1], twice)
    assert rows(warehouse, "select quantity from figures") == [(585,)]


def test_households_convert_to_individuals_with_the_sourced_size(warehouse, gazetteer):
    load(warehouse, gazetteer, SEED_DOCS[:1], SEED_FIGURES[:1])
    ((households, individuals, size, estimated),) = rows(
        warehouse,
        "select households, individuals, household_size, individuals_is_estimate from return_events",
    )
    expected_size = gazetteer.household_size("LBY", 2017).size
    assert (households, size, estimated) == (585, expected_size, True)
    assert individuals == int(585 * expected_size + 0.5)


def events(*rows_):
    return pd.DataFrame(rows_, columns=EVENT_COLUMNS[: len(rows_[0])])


@pytest.fixture
def closure():
    pairs = [("c", "c", 0), ("p", "p", 0), ("c", "p", 1)]
    return pd.DataFrame(pairs, columns=["area_id", "ancestor_id", "depth"])


def test_a_stock_replaces_the_running_total_and_flows_add_on_top(closure):
    result = compute_increments(
        events(
            ("f1", "c", date(2017, 1, 1), "flow", "exact", 100, None),
            ("s1", "p", date(2017, 1, 5), "stock", "exact", 500, None),
            ("f2", "c", date(2017, 1, 9), "flow", "exact", 50, None),
            ("s2", "p", date(2017, 1, 10), "stock", "exact", 520, None),
        ),
        closure,
    )
    assert dict(zip(result["event_id"], result["households"], strict=True)) == {
        "f1": 100,
        "s1": 400,
        "f2": 50,
        "s2": -30,
    }


def test_a_minimum_stock_never_lowers_the_total(closure):
    result = compute_increments(
        events(
            ("f1", "c", date(2017, 1, 1), "flow", "exact", 1610, None),
            ("s1", "p", date(2017, 1, 2), "stock", "min", 1600, None),
        ),
        closure,
    )
    assert list(result["households"]) == [1610, 0]


def test_a_warehouse_of_the_older_shape_is_upgraded_by_the_next_derive(warehouse, gazetteer):
    load(warehouse, gazetteer, SEED_DOCS, SEED_FIGURES)
    con = duckdb.connect(str(warehouse))
    try:  # event_increments without snapshots, and staging steps as views
        con.execute("drop table event_increments")
        con.execute("create table event_increments (event_id varchar primary key, area_id varchar)")
        con.execute("create view stg_events as select 1 as x")
    finally:
        con.close()
    derive(warehouse)
    assert cumulative(warehouse, "ly-sirte", "2017-02-13")[0] == 1610


def test_a_warehouse_with_stg_events_stored_loses_it_at_the_next_derive(warehouse, gazetteer):
    """stg_events was stored before it was a temp table of the derive: the stale table goes."""
    load(warehouse, gazetteer, SEED_DOCS, SEED_FIGURES)
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("create table stg_events as select 1 as x")
        con.execute("update snapshots set fingerprint = 'older SQL'")  # as an older version's
    finally:
        con.close()
    derive(warehouse)
    assert (
        rows(warehouse, "select table_name from duckdb_tables() where table_name = 'stg_events'")
        == []
    )
    assert cumulative(warehouse, "ly-sirte", "2017-02-13")[0] == 1610


def test_a_warehouse_with_event_parts_as_a_view_is_derived_again(warehouse, gazetteer):
    """stg_event_parts was a view before it was stored: the next derive replaces it."""
    load(warehouse, gazetteer, SEED_DOCS, SEED_FIGURES)
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("drop table stg_event_parts")
        con.execute("create view stg_event_parts as select 1 as x")
        con.execute("update snapshots set fingerprint = 'older SQL'")  # as an older version's
    finally:
        con.close()
    derive(warehouse)
    assert cumulative(warehouse, "ly-sirte", "2017-02-13")[0] == 1610
    assert rows(
        warehouse,
        "select table_type from information_schema.tables where table_name = 'stg_event_parts'",
    ) == [("BASE TABLE",)]


def test_a_warehouse_derived_before_the_export_columns_is_derived_again_by_the_export(
    warehouse, gazetteer, tmp_path
):
    load(warehouse, gazetteer, SEED_DOCS, SEED_FIGURES)
    write_exports(warehouse, tmp_path / "now")
    con = duckdb.connect(str(warehouse))
    try:  # stg_return_events as older versions made it: without the export's lookups
        con.execute("drop view return_events")
        con.execute("drop table stg_event_sources")
        for column in ("source_no", "area_no"):
            con.execute(f"alter table stg_return_events drop column {column}")
        con.execute("create view return_events as select * from stg_return_events")
        con.execute("update snapshots set fingerprint = 'older SQL'")  # as an older version's
    finally:
        con.close()
    write_exports(warehouse, tmp_path / "upgraded")
    for name in ("return_events.csv", "cumulative_returns_by_area.csv"):
        assert (tmp_path / "upgraded" / name).read_text() == (tmp_path / "now" / name).read_text()
    assert "source_no" in str(rows(warehouse, "describe stg_return_events"))


def test_a_figures_table_with_a_primary_key_is_copied_into_the_unkeyed_shape(warehouse, gazetteer):
    load(warehouse, gazetteer, SEED_DOCS, SEED_FIGURES[:1])
    con = duckdb.connect(str(warehouse))
    try:  # figures as warehouses made before the key was dropped have it
        others = con.execute(
            "select column_name, column_type from (describe figures) where column_name <> 'figure_id'"
        ).fetchall()
        con.execute("alter table figures rename to figures_then")
        con.execute(
            "create table figures (figure_id varchar primary key, "
            + ", ".join(f"{name} {kind}" for name, kind in others)
            + ")"
        )
        con.execute("insert into figures by name select * from figures_then")
        con.execute("drop table figures_then")
    finally:
        con.close()
    assert load(warehouse, gazetteer, SEED_DOCS, SEED_FIGURES)["figures"] == len(SEED_FIGURES) - 1
    assert load(warehouse, gazetteer, SEED_DOCS, SEED_FIGURES)["figures"] == 0
    keys = rows(
        warehouse,
        "select count(*) from duckdb_constraints() "
        "where table_name = 'figures' and constraint_type = 'PRIMARY KEY'",
    )
    assert keys == [(0,)]
    assert rows(warehouse, "select count(*), count(distinct figure_id) from figures") == [
        (len(SEED_FIGURES), len(SEED_FIGURES))
    ]


def test_each_return_takes_the_household_size_of_its_own_year(warehouse, gazetteer):
    """Sizes are looked up per country and year (stg_returns' `years`), a correction's year
    being that of the return it corrects; a year before every known size has none."""
    docs = [document("a", date(2011, 1, 5)), document("b", date(2011, 2, 1))]
    figures = [
        figure("a", 10, 300, "ly-sirte-700", date(2000, 6, 1)),
        figure("a", 20, 400, "ly-sirte-d3", date(2010, 6, 1)),
        figure("a", 30, 500, "ly-sirte-700-gharbiya", date(1990, 6, 1)),
        # "revised from 300 to 320": stands from 2000, the corrected return's date
        figure("b", 10, 320, "ly-sirte-700", date(2011, 1, 20), corrects_quantity=300),
    ]
    load(warehouse, gazetteer, docs, figures)
    found = rows(
        warehouse,
        "select reported_quantity, year(event_date), household_size, individuals "
        "from return_events order by reported_quantity",
    )
    size_2000 = gazetteer.household_size("LBY", 2000).size
    size_2010 = gazetteer.household_size("LBY", 2010).size
    assert size_2000 != size_2010
    assert found == [
        (320, 2000, size_2000, int(320 * size_2000 + 0.5)),
        (400, 2010, size_2010, int(400 * size_2010 + 0.5)),
        (500, 1990, None, None),
    ]
