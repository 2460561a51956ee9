"""The check stage: GX suites from expectations/ run on tables read back from a real DuckDB file."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from returnwatch.quality import (
    CHECKED_TABLES,
    CheckResult,
    QualityReport,
    SuiteError,
    load_suites,
    run_checks,
)

EXPECTATIONS_DIR = Path(__file__).resolve().parents[1] / "expectations"
TABLES = CHECKED_TABLES
RUN_DATE = dt.date(2026, 11, 23)

# The seed's story (Sirte, February 2017) in the warehouse contract's columns.
GOOD_WAREHOUSE = """
create table documents (
    document_id varchar, source_id varchar, name varchar, url varchar, title varchar,
    publisher varchar, published_date date, media_type varchar, size_bytes bigint,
    archive_path varchar, status varchar, reason varchar, n_figures integer, run_id varchar,
    loaded_at timestamp);
insert into documents values
    (repeat('a', 64), 'samples', 'libya-analysis-2017-02.txt', null, 'Libya Analysis',
     'Libya Analysis', date '2017-02-20', 'text/plain', 5120, 'data/raw/samples/a.txt',
     'loaded', null, 3, 'run-1', timestamp '2026-11-01 10:00:00'),
    (repeat('b', 64), 'samples', 'empty.txt', null, null, null, null, 'text/plain', 0, null,
     'no_figures', 'no return figures', 0, 'run-1', timestamp '2026-11-01 10:00:00');

create table figures (
    figure_id varchar, document_id varchar, quantity bigint, quantity_high bigint,
    qualifier varchar, unit varchar, figure_type varchar, stage integer, round_code varchar,
    event_date date, date_precision varchar, location_text varchar, area_id varchar,
    resolve_method varchar, resolve_score double, announced_by varchar, excerpt varchar,
    span_start integer, span_end integer, method varchar, paired_figure_id varchar,
    run_id varchar, loaded_at timestamp);
insert into figures values
    ('f1', repeat('a', 64), 585, null, 'exact', 'households', 'flow', 1, null,
     date '2017-02-13', 'day', 'Hay al-Gharbiya', 'ly-sirte-700', 'alias', 1.0, 'BM',
     '585 families had returned', 100, 125, 'text', null, 'run-1',
     timestamp '2026-11-01 10:00:00'),
    ('f2', repeat('a', 64), 1025, null, 'exact', 'households', 'flow', 2, null,
     date '2017-02-13', 'day', 'Third Residential area', 'ly-sirte-3', 'fuzzy', 0.91, 'BM',
     '1025 families to the Third', 130, 160, 'text', null, 'run-1',
     timestamp '2026-11-01 10:00:00'),
    ('f3', repeat('a', 64), 1600, 1700, 'range', 'households', 'stock', null, null,
     date '2017-02-15', 'week', 'somewhere', null, 'unresolved', null, null,
     '1,600 to 1,700 families', 200, 230, 'text', null, 'run-1', timestamp '2026-11-01 10:00:00');

create table areas (
    area_id varchar, name varchar, name_ar varchar, kind varchar, parent_id varchar,
    country varchar, pcode varchar, admin_level integer, source varchar);
insert into areas values
    ('LY', 'Libya', 'ليبيا', 'country', null, 'LBY', 'LY', 0, 'cod-ab'),
    ('LY02', 'West', null, 'region', 'LY', 'LBY', 'LY02', 1, 'cod-ab'),
    ('LY0208', 'Sirt', 'سرت', 'mantika', 'LY02', 'LBY', 'LY0208', 2, 'cod-ab'),
    ('ly-sirte', 'Sirte', 'سرت', 'settlement', 'LY0208', 'LBY', null, null, 'returnwatch'),
    ('ly-sirte-700', '700 area', null, 'district', 'ly-sirte', 'LBY', null, null, 'returnwatch'),
    ('ly-sirte-3', 'Third District', null, 'district', 'ly-sirte', 'LBY', null, null,
     'returnwatch'),
    ('ly-sirte-gharbiya', 'Hay al-Gharbiya', null, 'neighbourhood', 'ly-sirte-700', 'LBY',
     null, null, 'returnwatch');

create table return_events (
    event_id varchar, figure_id varchar, area_id varchar, area_name varchar, area_kind varchar,
    parent_id varchar, district_id varchar, district_name varchar, settlement varchar,
    country varchar, event_date date, date_precision varchar, figure_type varchar,
    qualifier varchar, reported_quantity bigint, reported_unit varchar, households bigint,
    individuals bigint, households_is_estimate boolean, individuals_is_estimate boolean,
    household_size double, n_sources integer, document_ids varchar[], announced_by varchar,
    excerpt varchar, stage integer, first_published date);
insert into return_events values
    ('e1', 'f1', 'ly-sirte-700', '700 area', 'district', 'ly-sirte', 'ly-sirte-700', '700 area',
     'Sirte', 'LBY', date '2017-02-13', 'day', 'flow', 'exact', 585, 'households', 585, 3510,
     false, true, 6.0, 1, [repeat('a', 64)], 'BM', '585 families', 1, date '2017-02-20'),
    ('e2', 'f2', 'ly-sirte-3', 'Third District', 'district', 'ly-sirte', 'ly-sirte-3',
     'Third District', 'Sirte', 'LBY', date '2017-02-13', 'day', 'flow', 'exact', 1025,
     'households', 1025, 6150, false, true, 6.0, 2, [repeat('a', 64)], 'BM', '1025 families',
     2, date '2017-02-20');

create table cumulative_returns_by_area (
    area_id varchar, area_name varchar, area_kind varchar, parent_id varchar,
    settlement varchar, country varchar, date date, households bigint, individuals bigint,
    cumulative_households bigint, cumulative_individuals bigint);
insert into cumulative_returns_by_area values
    ('ly-sirte-700', '700 area', 'district', 'ly-sirte', 'Sirte', 'LBY', date '2017-02-13',
     585, 3510, 585, 3510),
    ('ly-sirte-3', 'Third District', 'district', 'ly-sirte', 'Sirte', 'LBY', date '2017-02-13',
     1025, 6150, 1025, 6150),
    ('ly-sirte', 'Sirte', 'settlement', 'LY0208', 'Sirte', 'LBY', date '2017-02-13',
     1610, 9660, 1610, 9660);

create table cumulative_returns_by_district (
    district_id varchar, district_name varchar, settlement varchar, country varchar,
    date date, households bigint, individuals bigint, cumulative_households bigint,
    cumulative_individuals bigint);
insert into cumulative_returns_by_district values
    ('ly-sirte-700', '700 area', 'Sirte', 'LBY', date '2017-02-13', 585, 3510, 585, 3510),
    ('ly-sirte-3', 'Third District', 'Sirte', 'LBY', date '2017-02-13', 1025, 6150, 1025, 6150);
"""


def read_frames(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """Read each contract table back the way the pipeline does."""
    return {table: con.sql(f"select * from {table}").df() for table in TABLES}


def warehouse_frames(path: Path, *changes: str) -> dict[str, pd.DataFrame]:
    """Build the good warehouse in a DuckDB file, apply SQL changes, and read it back."""
    with duckdb.connect(str(path)) as con:
        con.execute(GOOD_WAREHOUSE)
        for change in changes:
            con.execute(change)
        return read_frames(con)


def check(frames: dict[str, pd.DataFrame], expectations_dir: Path = EXPECTATIONS_DIR):
    return run_checks(frames, expectations_dir, run_date=RUN_DATE)


def only_suite(tmp_path: Path, table: str) -> Path:
    """A folder with one suite: suites see only their own table, so the others add time only."""
    folder = tmp_path / f"only_{table}"
    folder.mkdir()
    shutil.copy(EXPECTATIONS_DIR / f"{table}.json", folder)
    return folder


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "returns.duckdb"


@pytest.fixture(scope="module")
def good_report(tmp_path_factory: pytest.TempPathFactory) -> QualityReport:
    return check(warehouse_frames(tmp_path_factory.mktemp("good") / "returns.duckdb"))


def test_good_warehouse_passes(good_report: QualityReport) -> None:
    report = good_report

    assert isinstance(report, QualityReport)
    assert report.passed, report.summary()
    assert report.failures() == []
    assert {result.suite for result in report.results} == set(TABLES)
    assert report.summary() == f"all {len(report.results)} expectations passed"
    frame = report.frame()
    assert list(frame.columns) == ["suite", "expectation", "column_name", "success", "observed"]
    assert len(frame) == len(report.results)
    assert not frame.duplicated(["suite", "expectation"]).any()
    assert frame["success"].dtype == bool


def test_results_follow_the_suite_file(good_report: QualityReport) -> None:
    figures = [result for result in good_report.results if result.suite == "figures"]
    suite = json.loads((EXPECTATIONS_DIR / "figures.json").read_text())

    assert [r.expectation.split("#")[0] for r in figures] == [
        entry["type"] for entry in suite["expectations"]
    ]
    not_null = [r for r in figures if r.expectation.startswith("expect_column_values_to_not_be")]
    assert not_null[0].expectation == "expect_column_values_to_not_be_null"
    assert not_null[1].expectation == "expect_column_values_to_not_be_null#2"
    pair = next(r for r in figures if r.expectation.startswith("expect_column_pair"))
    assert pair.column_name == "quantity_high,quantity"


BAD_DATA = {
    "duplicate figure key": (
        "insert into figures select * from figures where figure_id = 'f1'",
        "figures",
        "figure_id",
        "expect_column_values_to_be_unique",
    ),
    "unit goats": (
        "update figures set unit = 'goats' where figure_id = 'f2'",
        "figures",
        "unit",
        "expect_column_values_to_be_in_set",
    ),
    "negative quantity": (
        "update figures set quantity = -5 where figure_id = 'f1'",
        "figures",
        "quantity",
        "expect_column_values_to_be_between",
    ),
    "quantity_high below quantity": (
        "update figures set quantity_high = 1500 where figure_id = 'f3'",
        "figures",
        "quantity_high,quantity",
        "expect_column_pair_values_a_to_be_greater_than_b",
    ),
    "event after the run date": (
        "update return_events set event_date = date '2026-11-24' where event_id = 'e1'",
        "return_events",
        "event_date",
        "expect_column_values_to_be_between",
    ),
    "event in the year 9999": (
        "update return_events set event_date = date '9999-12-31' where event_id = 'e2'",
        "return_events",
        "event_date",
        "expect_column_values_to_be_between",
    ),
    "event before 1990": (
        "update figures set event_date = date '1989-12-31' where figure_id = 'f1'",
        "figures",
        "event_date",
        "expect_column_values_to_be_between",
    ),
    "document id not a sha256": (
        "update documents set document_id = 'ABC' where status = 'no_figures'",
        "documents",
        "document_id",
        "expect_column_values_to_match_regex",
    ),
    "unknown document status": (
        "update documents set status = 'done' where status = 'loaded'",
        "documents",
        "status",
        "expect_column_values_to_be_in_set",
    ),
    "event without sources": (
        "update return_events set n_sources = 0 where event_id = 'e2'",
        "return_events",
        "n_sources",
        "expect_column_values_to_be_between",
    ),
    "duplicate area and date": (
        "insert into cumulative_returns_by_area select * from cumulative_returns_by_area "
        "where area_id = 'ly-sirte'",
        "cumulative_returns_by_area",
        "area_id,date",
        "expect_compound_columns_to_be_unique",
    ),
    "duplicate district and date": (
        "insert into cumulative_returns_by_district select * from "
        "cumulative_returns_by_district where district_id = 'ly-sirte-3'",
        "cumulative_returns_by_district",
        "district_id,date",
        "expect_compound_columns_to_be_unique",
    ),
    "duplicate area id": (
        "insert into areas select * from areas where area_id = 'ly-sirte'",
        "areas",
        "area_id",
        "expect_column_values_to_be_unique",
    ),
    "lower-case country": (
        "update areas set country = 'lby' where area_id = 'LY'",
        "areas",
        "country",
        "expect_column_values_to_match_regex",
    ),
    "renamed contract column": (
        "alter table areas rename column kind to area_kind",
        "areas",
        "",
        "expect_table_columns_to_match_set",
    ),
}


@pytest.mark.parametrize("change, suite, column, expectation", BAD_DATA.values(), ids=BAD_DATA)
def test_bad_data_fails_in_the_right_place(
    db_path: Path, tmp_path: Path, change: str, suite: str, column: str, expectation: str
) -> None:
    report = check(warehouse_frames(db_path, change), only_suite(tmp_path, suite))

    assert not report.passed
    failures = report.failures()
    assert {(f.suite, f.column_name, f.expectation.split("#")[0]) for f in failures} >= {
        (suite, column, expectation)
    }, report.summary()
    assert all(line.startswith(f"FAILED {suite}") for line in report.summary().splitlines())


def test_observed_names_the_bad_values(db_path: Path, tmp_path: Path) -> None:
    frames = warehouse_frames(db_path, "update figures set unit = 'goats'")
    report = check(frames, only_suite(tmp_path, "figures"))

    (failure,) = report.failures()
    assert failure == CheckResult(
        suite="figures",
        expectation="expect_column_values_to_be_in_set#2",
        column_name="unit",
        success=False,
        observed="3 unexpected of 3, e.g. goats (x3)",
    )
    assert report.summary() == (
        "FAILED figures.unit: expect_column_values_to_be_in_set#2 "
        "(observed: 3 unexpected of 3, e.g. goats (x3))"
    )


def test_missing_table_is_a_failure_not_a_skip(db_path: Path) -> None:
    frames = warehouse_frames(db_path)
    del frames["areas"]

    report = check(frames)

    assert not report.passed
    (failure,) = report.failures()
    assert (failure.suite, failure.expectation, failure.column_name) == (
        "areas",
        "table_present",
        "",
    )
    assert "areas" in failure.observed
    assert {result.suite for result in report.results} == set(TABLES)


def test_dates_from_arrow_compare_too(db_path: Path) -> None:
    """Frames whose dates are datetime.date objects are checked, not reported as errors."""
    with duckdb.connect(str(db_path)) as con:
        con.execute(GOOD_WAREHOUSE)
        frames = {
            table: con.sql(f"select * from {table}").arrow().read_all().to_pandas()
            for table in TABLES
        }
    assert isinstance(frames["figures"]["event_date"].dropna().iloc[0], dt.date)

    report = check(frames)

    assert report.passed, report.summary()


def broken_copy(tmp_path: Path, table: str, text: str) -> Path:
    folder = tmp_path / "expectations"
    shutil.copytree(EXPECTATIONS_DIR, folder)
    (folder / f"{table}.json").write_text(text, encoding="utf-8")
    return folder


def suite_text(table: str, **changes: object) -> str:
    data = json.loads((EXPECTATIONS_DIR / f"{table}.json").read_text())
    data.update(changes)
    return json.dumps(data)


UNKNOWN_TYPE = [{"type": "expect_column_values_to_be_goats", "kwargs": {"column": "unit"}}]
BAD_KWARGS = [{"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "unit"}}]
BROKEN_SUITES = {
    "invalid json": ('{"name": "figures", "expectations": [', "invalid JSON"),
    "unknown expectation type": (
        suite_text("figures", expectations=UNKNOWN_TYPE),
        "expect_column_values_to_be_goats not found",
    ),
    "missing kwargs": (suite_text("figures", expectations=BAD_KWARGS), "value_set"),
    "name is not the table": (suite_text("figures", name="figure"), "must equal the file name"),
    "unknown suite key": (suite_text("figures", expectation=[]), "unknown suite keys"),
}


@pytest.mark.parametrize("text, message", BROKEN_SUITES.values(), ids=BROKEN_SUITES)
def test_broken_suite_file_names_the_file(
    db_path: Path, tmp_path: Path, text: str, message: str
) -> None:
    folder = broken_copy(tmp_path, "figures", text)

    with pytest.raises(SuiteError, match=r"figures\.json") as error:
        check(warehouse_frames(db_path), folder)

    assert message in str(error.value)
    assert "fix" in str(error.value)


def test_empty_expectations_folder_is_an_error(db_path: Path, tmp_path: Path) -> None:
    (tmp_path / "none").mkdir()
    with pytest.raises(SuiteError, match="no suite files"):
        check(warehouse_frames(db_path), tmp_path / "none")


def test_every_suite_file_loads_and_names_a_warehouse_table() -> None:
    suites = load_suites(EXPECTATIONS_DIR)

    assert sorted(suite.table for suite in suites) == sorted(TABLES)
    for suite in suites:
        assert suite.gx_suite.name == suite.table == suite.path.stem
        raw = json.loads(suite.path.read_text())
        assert len(suite.gx_suite.expectations) == len(raw["expectations"])
        assert all(entry["meta"]["notes"] for entry in raw["expectations"]), suite.path


def test_importing_the_package_does_not_import_gx() -> None:
    code = "import sys, returnwatch.quality; print('great_expectations' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


BIG_WAREHOUSE = """
create table big_documents as select lower(lpad(to_hex(i), 64, '0')) as document_id,
    's' as source_id, 'n' as name, null::varchar as url, 't' as title, 'p' as publisher,
    date '2017-01-01' + (i % 3000)::integer as published_date, 'text/plain' as media_type,
    i::bigint as size_bytes, 'x' as archive_path, 'loaded' as status, null::varchar as reason,
    1 as n_figures, 'run-1' as run_id, timestamp '2026-11-01 10:00:00' as loaded_at
    from range({n}) r(i);
create table big_figures as select 'f' || i as figure_id,
    lower(lpad(to_hex(i), 64, '0')) as document_id,
    i::bigint as quantity, case when i % 2 = 0 then i + 10 end::bigint as quantity_high,
    'exact' as qualifier, 'households' as unit, 'flow' as figure_type, 1 as stage,
    null::varchar as round_code, date '2017-01-01' + (i % 3000)::integer as event_date,
    'day' as date_precision, 'x' as location_text, 'a' || (i % 100) as area_id,
    'alias' as resolve_method, 0.5 as resolve_score, 'BM' as announced_by, 'e' as excerpt,
    10 as span_start, 20 as span_end, 'text' as method, null::varchar as paired_figure_id,
    'run-1' as run_id, timestamp '2026-11-01 10:00:00' as loaded_at from range({n}) r(i);
create table big_areas as select 'a' || i as area_id, 'A' || i as name, null::varchar as name_ar,
    'district' as kind, 'LY0208' as parent_id, 'LBY' as country, null::varchar as pcode,
    null::integer as admin_level, 'x' as source from range({n}) r(i);
create table big_return_events as select 'e' || i as event_id, 'f' || i as figure_id,
    'a' || (i % 100) as area_id, 'A' as area_name, 'district' as area_kind,
    'ly-sirte' as parent_id, 'a' || (i % 100) as district_id, 'A' as district_name,
    'Sirte' as settlement, 'LBY' as country, date '2017-01-01' + (i % 3000)::integer as event_date,
    'day' as date_precision, 'flow' as figure_type, 'exact' as qualifier,
    i::bigint as reported_quantity, 'households' as reported_unit, i::bigint as households,
    (i * 6)::bigint as individuals, false as households_is_estimate,
    true as individuals_is_estimate, 6.0 as household_size, 1 as n_sources,
    ['d'] as document_ids, 'BM' as announced_by, 'e' as excerpt, 1 as stage,
    date '2017-01-01' + (i % 3000)::integer as first_published from range({n}) r(i);
create table big_cumulative_returns_by_area as select 'a' || (i % 100) as area_id, 'A' as area_name,
    'district' as area_kind, 'ly-sirte' as parent_id, 'Sirte' as settlement, 'LBY' as country,
    date '2000-01-01' + (i // 100)::integer as date, 1::bigint as households,
    6::bigint as individuals, i::bigint as cumulative_households,
    (6 * i)::bigint as cumulative_individuals from range({n}) r(i);
create table big_cumulative_returns_by_district as select 'a' || (i % 100) as district_id,
    'A' as district_name, 'Sirte' as settlement, 'LBY' as country,
    date '2000-01-01' + (i // 100)::integer as date, 1::bigint as households,
    6::bigint as individuals, i::bigint as cumulative_households,
    (6 * i)::bigint as cumulative_individuals from range({n}) r(i);
"""


def test_ten_thousand_rows_per_table_check_quickly(db_path: Path) -> None:
    with duckdb.connect(str(db_path)) as con:
        con.execute(BIG_WAREHOUSE.format(n=10_000))
        frames = {table: con.sql(f"select * from big_{table}").df() for table in TABLES}
    check(frames)  # the first call pays GX's import

    started = time.perf_counter()
    report = check(frames)
    elapsed = time.perf_counter() - started

    assert report.passed, report.summary()
    assert sum(len(frame) for frame in frames.values()) == 60_000
    print(f"run_checks on 6 x 10k rows: {elapsed:.2f} s")
    assert elapsed < 20
