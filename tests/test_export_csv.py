"""The dashboard CSVs of a real run: files, column order, ISO dates, Arabic, sort order, and
cells that would run as spreadsheet formulas neutralised (OWASP CSV injection)."""

import csv
from datetime import date

import pytest
from conftest import returnwatch, rows

from returnwatch.export.catalog import load_catalog
from returnwatch.export.cells import cell, neutralise

pytestmark = pytest.mark.prefect

CATALOG = load_catalog()


def read(path):
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_every_export_is_written(exported_run):
    tmp, result = exported_run
    names = sorted(p.name for p in (tmp / "exports").iterdir())
    expected = {r.csv_name for r in CATALOG.resources} | {r.hxl_name for r in CATALOG.resources}
    assert names == sorted(expected | {"datapackage.json", "dashboard.html"})
    assert f"{len(names)} files written" in result.stdout
    assert not [p for p in tmp.iterdir() if p.name.startswith(".exports")]  # no staging left


def test_columns_are_the_catalogs_in_order(exported_run):
    tmp, _ = exported_run
    for resource in CATALOG.resources:
        with (tmp / "exports" / resource.csv_name).open(encoding="utf-8", newline="") as f:
            assert next(csv.reader(f)) == resource.column_names, resource.name
    header = (tmp / "exports" / "cumulative_returns_by_district.csv").read_text().splitlines()[0]
    assert header.startswith(
        "country,admin1_pcode,admin1_name,admin2_pcode,admin2_name,district_id"
    )


def test_district_totals_match_the_warehouse_with_iso_dates_and_arabic(exported_run):
    tmp, _ = exported_run
    exported = read(tmp / "exports" / "cumulative_returns_by_district.csv")
    warehouse = rows(
        tmp / "w.duckdb",
        "select district_id, date, cumulative_households from cumulative_returns_by_district",
    )
    as_text = {(d, day.isoformat(), str(n)) for d, day, n in warehouse}
    assert {(r["district_id"], r["date"], r["cumulative_households"]) for r in exported} == as_text
    for r in exported:
        assert date.fromisoformat(r["date"])
    by_id = {r["district_id"]: r for r in exported}
    assert by_id["ly-sirte-700"]["district_name_ar"] == "حي 700"
    assert by_id["ly-sirte-d3"]["district_name_ar"] == "الحي السكني رقم 3"
    assert by_id["ly-sirte-700"]["admin2_pcode"] == "LY0208"
    assert "سرت" in (tmp / "exports" / "cumulative_returns_by_area.csv").read_text(encoding="utf-8")


def test_rows_are_sorted_by_their_key(exported_run):
    tmp, _ = exported_run
    by_area = read(tmp / "exports" / "cumulative_returns_by_area.csv")
    keys = [(r["country"], r["area_id"], r["date"]) for r in by_area]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    events = read(tmp / "exports" / "return_events.csv")
    keys = [(r["event_date"], r["area_id"], r["event_id"]) for r in events]
    assert keys == sorted(keys)


def test_exporting_again_gives_the_same_bytes(exported_run, tmp_path):
    tmp, _ = exported_run
    again = returnwatch(
        "export", "--warehouse", str(tmp / "w.duckdb"), "--exports", str(tmp_path / "again")
    )
    assert again.returncode == 0, again.stderr
    for resource in CATALOG.resources:
        for name in (resource.csv_name, resource.hxl_name):
            first = (tmp / "exports" / name).read_bytes()
            assert (tmp_path / "again" / name).read_bytes() == first, name


def test_formula_looking_title_publisher_and_place_are_neutralised(exported_run):
    tmp, _ = exported_run
    sources = {r["url"]: r for r in read(tmp / "exports" / "sources.csv")}
    formula = sources["https://example.org/returns/formula"]
    assert formula["title"] == '\'=HYPERLINK("http://attacker.example","Sirte update")'
    assert formula["publisher"] == "'@Returns Desk"
    unresolved = read(tmp / "exports" / "unresolved_places.csv")
    assert "'=cmd|' /C calc'!A0" in [r["location_text"] for r in unresolved]
    events = read(tmp / "exports" / "return_events.csv")
    titles = {r["source_titles"] for r in events}
    assert '\'=HYPERLINK("http://attacker.example","Sirte update")' in titles
    for path in (tmp / "exports").glob("*.csv"):
        header_rows = 2 if path.name.endswith(".hxl.csv") else 1
        with path.open(encoding="utf-8", newline="") as f:
            for line in list(csv.reader(f))[header_rows:]:
                risky = [c for c in line if c and c[0] in "=+-@\t\r" and not _number(c)]
                assert risky == [], (path.name, risky)


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+2", "'=1+2"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\r=x", "'\r=x"),
        ("-12", "-12"),
        ("+3.5", "+3.5"),
        ("-1e3", "-1e3"),
        ("Sirte", "Sirte"),
        ("a=b", "a=b"),
        ("حي 700", "حي 700"),
    ],
)
def test_neutralise_follows_owasp(value, written):
    assert neutralise(value) == written


def test_the_sql_neutraliser_agrees_with_neutralise():
    """The CSVs are neutralised by sql/setup/csv_text.sql; it must give cells.py's answer."""
    import duckdb
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from returnwatch.export.csv_files import SQL_DIR

    con = duckdb.connect()
    con.execute((SQL_DIR / "setup" / "csv_text.sql").read_text(encoding="utf-8"))
    risky = st.sampled_from(["=", "+", "-", "@", "\t", "\r", "", "1", ".", "e", "é", " "])
    texts = st.lists(risky, max_size=6).map("".join) | st.text(max_size=8)

    @settings(max_examples=200, deadline=None)
    @given(texts)
    def agree(text):
        assert con.execute("select csv_text(?)", [text]).fetchone()[0] == neutralise(text)

    agree()
    assert con.execute("select csv_text(null)").fetchone()[0] is None


def test_cells_are_iso_and_plain():
    from datetime import datetime

    assert cell(date(2017, 2, 13)) == "2017-02-13"
    assert cell(datetime(2026, 11, 23, 21, 5, 7)) == "2026-11-23T21:05:07"
    assert [cell(True), cell(False), cell(None), cell(-5), cell(6.0)] == [
        "true", "false", "", "-5", "6.0",
    ]  # fmt: skip


def test_event_sources_list_each_events_documents_in_published_order(exported_run):
    """Sources are aggregated per distinct list of documents; each event still gets its own."""
    tmp, _ = exported_run
    documents = {
        document_id: (published, title, publisher, url)
        for document_id, published, title, publisher, url in rows(
            tmp / "w.duckdb",
            "select document_id, published_date, title, publisher, url from documents",
        )
    }
    events = rows(tmp / "w.duckdb", "select event_id, document_ids from return_events")
    exported = {r["event_id"]: r for r in read(tmp / "exports" / "return_events.csv")}
    assert len(exported) == len(events)
    assert any(len(ids) > 1 for _, ids in events), "the samples should give a multi-source event"
    for event_id, ids in events:
        row = exported[event_id]
        used = sorted(
            (d for d in ids if d in documents),
            key=lambda d: (documents[d][0] is None, documents[d][0] or date.min, d),
        )
        for column, index in (("source_titles", 1), ("source_publishers", 2), ("source_urls", 3)):
            parts = [documents[d][index] for d in used if documents[d][index] is not None]
            assert row[column] == neutralise(" | ".join(parts)), (event_id, column)
        assert row["document_ids"] == ";".join(sorted(ids)), event_id
