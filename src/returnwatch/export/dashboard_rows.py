"""The rows the dashboard and datapackage.json show, bounded whatever the warehouse's size:
each district's and area's latest totals, the chart's few largest districts, and the first
rows of the review lists (with their full counts)."""

from __future__ import annotations

import duckdb

from returnwatch.export.catalog import load_catalog
from returnwatch.export.csv_files import (
    CHART_SERIES,
    DASHBOARD_ROWS,
    Table,
    read_rows,
)

LATEST = "select * from {export} as export qualify row_number() over (partition by {key} order by date desc) = 1"
# These two order their rows themselves, so they read the export without its sort.
LATEST_QUERIES = {
    "cumulative_returns_by_district": LATEST.replace("{key}", "district_id")
    + " order by country, settlement, district_id",
    "cumulative_returns_by_area": LATEST.replace("{key}", "area_id") + " order by country, area_id",
}
# These show the export's first rows, in its order.
QUERIES = {
    "quarantine": f"select * from {{export}} as export limit {DASHBOARD_ROWS}",
    "unresolved_places": f"select * from {{export}} as export limit {DASHBOARD_ROWS}",
    "uncounted_figures": f"select * from {{export}} as export limit {DASHBOARD_ROWS}",
    "sources": "select * from {export} as export",
}
SERIES = f"""
with export as (select * from {{export}}),
largest as (
    select district_id from export
    qualify row_number() over (partition by district_id order by date desc) = 1
    order by cumulative_households desc nulls last, district_id
    limit {CHART_SERIES}
)
select * from export
where district_id in (select district_id from largest)
order by country, settlement, district_id, date
"""


def dashboard_tables(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, Table], dict[str, int]]:
    """Rows for the page (and the package's sources), and the full row count of each list."""
    resources = {r.name: r for r in load_catalog().resources}
    tables = {
        name: read_rows(con, resources[name], query, ordered=False)
        for name, query in LATEST_QUERIES.items()
    }
    tables |= {name: read_rows(con, resources[name], query) for name, query in QUERIES.items()}
    tables["district_series"] = read_rows(
        con, resources["cumulative_returns_by_district"], SERIES, ordered=False
    )
    count = "select count(*) from {export}"
    counts = {
        name: read_rows(con, resources[name], count, ordered=False).rows[0][0]
        for name in ("quarantine", "unresolved_places", "uncounted_figures")
    }
    return tables, counts
