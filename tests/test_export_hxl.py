"""The HXL-tagged variants of a real run's exports, read back with libhxl by hashtag."""

import csv

import hxl
import pytest

from returnwatch.export.catalog import load_catalog

pytestmark = pytest.mark.prefect

CATALOG = load_catalog()


def dataset(path):
    return hxl.data(str(path), hxl.InputOptions(allow_local=True))


def plain_rows(path):
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_libhxl_reads_every_variant_with_the_catalogs_hashtags(exported_run):
    tmp, _ = exported_run
    for resource in CATALOG.resources:
        data = dataset(tmp / "exports" / resource.hxl_name)
        assert [c.display_tag for c in data.columns] == [c.hxl for c in resource.columns]
        assert data.headers == resource.column_names
        assert len(list(dataset(tmp / "exports" / resource.hxl_name))) == len(
            plain_rows(tmp / "exports" / resource.csv_name)
        )


def test_district_totals_are_found_by_hashtag(exported_run):
    tmp, _ = exported_run
    plain = {
        (r["district_id"], r["date"]): r
        for r in plain_rows(tmp / "exports" / "cumulative_returns_by_district.csv")
    }
    found = {}
    for row in dataset(tmp / "exports" / "cumulative_returns_by_district.hxl.csv"):
        key = (row.get("#loc+district+code"), row.get("#date"))
        found[key] = (
            row.get("#adm1+code"),
            row.get("#adm2+name"),
            row.get("#affected+returnees+hh+total"),
            row.get("#affected+returnees+ind+total"),
            row.get("#loc+district+name+i_ar"),
        )
    assert found == {
        key: (
            r["admin1_pcode"],
            r["admin2_name"],
            r["cumulative_households"],
            r["cumulative_individuals"],
            r["district_name_ar"],
        )
        for key, r in plain.items()
    }
    assert found[("ly-sirte-700", "2017-02-11")][:3] == ("LY02", "Sirt", "585")


def test_events_carry_households_individuals_source_and_url(exported_run):
    tmp, _ = exported_run
    data = dataset(tmp / "exports" / "return_events.hxl.csv")
    households = list(data.with_columns("#affected+returnees+hh").values)
    assert households and all(len(v) == 1 for v in households)  # one column, not the reported
    rows = list(dataset(tmp / "exports" / "return_events.hxl.csv"))
    urls = {r.get("#meta+url") for r in rows}
    assert "https://example.org/returns/formula" in urls
    assert all(r.get("#meta+source") for r in rows if r.get("#meta+url"))
    assert {r.get("#loc+name") for r in rows} >= {"Hay al-Gharbiya", "Residential District No. 1"}
