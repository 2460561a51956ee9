"""A warehouse with no returns yet still exports: header-only CSVs, a valid package, and a
dashboard that says there is nothing to show (no Prefect, a real DuckDB file)."""

import csv

from frictionless import validate

from returnwatch.export import write_exports
from returnwatch.export.catalog import load_catalog
from returnwatch.warehouse import derive, ensure_schema


def test_an_empty_warehouse_exports_headers_a_valid_package_and_an_empty_dashboard(warehouse):
    ensure_schema(warehouse)
    derive(warehouse)
    exports = warehouse.parent / "exports"
    write_exports(warehouse, exports)
    for resource in load_catalog().resources:
        with (exports / resource.csv_name).open(encoding="utf-8", newline="") as f:
            assert list(csv.reader(f)) == [resource.column_names]
    report = validate(str(exports / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    page = (exports / "dashboard.html").read_text(encoding="utf-8")
    assert "No district has returns yet." in page and "<svg" not in page
