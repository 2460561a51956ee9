"""``dashboard.html``: one self-contained page (inline SVG and CSS, no network) over the exports."""

from __future__ import annotations

from datetime import datetime
from html import escape
from pathlib import Path
from string import Template

from returnwatch.export.chart import PALETTE, Series, step_chart
from returnwatch.export.csv_files import Table

TEMPLATE = Path(__file__).parent / "templates" / "dashboard.html"
TITLE = "returnwatch: returns of displaced people"
KIND_ORDER = ["country", "region", "mantika", "baladiya", "settlement", "district", "neighbourhood"]

# (column, heading, how to show it) for each table on the page.
DISTRICT_COLUMNS = [
    ("settlement", "Settlement", "text"),
    ("district_name", "District", "text"),
    ("district_name_ar", "الاسم", "ar"),
    ("date", "As of", "text"),
    ("cumulative_households", "Households", "num"),
    ("cumulative_individuals", "Individuals", "num"),
]
AREA_COLUMNS = [
    ("admin2_name", "Mantika", "text"),
    ("area_name", "Area", "text"),
    ("area_name_ar", "الاسم", "ar"),
    ("area_kind", "Kind", "text"),
    ("date", "As of", "text"),
    ("cumulative_households", "Households", "num"),
    ("cumulative_individuals", "Individuals", "num"),
]
QUARANTINE_COLUMNS = [
    ("stage", "Stage", "text"),
    ("check_name", "Check", "text"),
    ("reason", "Reason", "text"),
    ("value", "Value", "text"),
    ("document_name", "Document", "text"),
]
UNRESOLVED_COLUMNS = [
    ("location_text", "Place as written", "text"),
    ("quantity", "Number", "num"),
    ("unit", "Unit", "text"),
    ("event_date", "Date", "text"),
    ("document_name", "Document", "text"),
]
UNCOUNTED_COLUMNS = [
    ("reason", "Why", "text"),
    ("quantity", "Number", "num"),
    ("unit", "Unit", "text"),
    ("location_text", "Place as written", "text"),
    ("event_date", "Date", "text"),
    ("document_name", "Document", "text"),
]
SOURCE_COLUMNS = [
    ("published_date", "Published", "text"),
    ("publisher", "Publisher", "text"),
    ("title", "Title", "link"),
    ("n_figures", "Figures", "num"),
]


def write_dashboard(
    folder: Path,
    tables: dict[str, Table],
    generated: datetime,
    counts: dict[str, int] | None = None,
) -> Path:
    """Render the page from the same rows the CSVs hold (``tables``: at least each district's
    and area's latest rows; ``district_series``, when given, the rows the chart draws;
    ``counts``, the full length of the review lists when ``tables`` hold only their start)."""
    districts = tables["cumulative_returns_by_district"].records()
    series = tables["district_series"].records() if "district_series" in tables else districts
    counts = counts or {}
    areas = tables["cumulative_returns_by_area"].records()
    quarantine = tables["quarantine"].records()
    unresolved = tables["unresolved_places"].records()
    uncounted = tables["uncounted_figures"].records()
    dates = [r["date"] for r in areas]
    page = Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        title=escape(TITLE),
        generated=escape(generated.isoformat(timespec="minutes") + " UTC"),
        as_of=max(dates).isoformat() if dates else "none yet",
        chart=_chart(series),
        districts=_table(_latest(districts, "district_id"), DISTRICT_COLUMNS, "district_id"),
        areas=_table(_by_hierarchy(_latest(areas, "area_id")), AREA_COLUMNS, "area_id"),
        n_quarantine=counts.get("quarantine", len(quarantine)),
        quarantine=_table(quarantine, QUARANTINE_COLUMNS, "quarantine_id"),
        n_unresolved=counts.get("unresolved_places", len(unresolved)),
        unresolved=_table(unresolved, UNRESOLVED_COLUMNS, "figure_id"),
        n_uncounted=counts.get("uncounted_figures", len(uncounted)),
        uncounted=_table(uncounted, UNCOUNTED_COLUMNS, "figure_id"),
        sources=_table(tables["sources"].records(), SOURCE_COLUMNS, "document_id"),
    )
    path = folder / "dashboard.html"
    path.write_text(page, encoding="utf-8")
    return path


def _chart(districts: list[dict]) -> str:
    if not districts:
        return '<p class="empty">No district has returns yet.</p>'
    by_key: dict[str, Series] = {}
    for row in districts:
        key = row["district_id"]
        if key not in by_key:
            label = f"{row['district_name']} ({row['settlement']})"
            by_key[key] = Series(key, label, PALETTE[len(by_key) % len(PALETTE)])
        by_key[key].points.append((row["date"], row["cumulative_households"]))
    series = list(by_key.values())
    legend = "".join(
        f'<li data-key="{escape(s.key)}"><span class="swatch" style="background:{s.colour}">'
        f"</span><bdi>{escape(s.label)}</bdi></li>"
        for s in series
    )
    chart = step_chart(series, "Cumulative returns by district over time, households")
    return f'{chart}\n<ul class="legend">{legend}</ul>'


def _latest(records: list[dict], key: str) -> list[dict]:
    """The last row of each key (records are sorted by key, then date)."""
    latest: dict[str, dict] = {}
    for record in records:
        latest[record[key]] = record
    return list(latest.values())


def _by_hierarchy(records: list[dict]) -> list[dict]:
    """Country, then each region, mantika and what lies below it, from large to small."""

    def key(r: dict) -> tuple:
        rank = KIND_ORDER.index(r["area_kind"]) if r["area_kind"] in KIND_ORDER else len(KIND_ORDER)
        return (
            r["country"] or "",
            r["admin1_pcode"] or "",
            r["admin2_pcode"] or "",
            r["settlement"] or "",
            rank,
            r["area_name"] or "",
            r["area_id"],
        )

    return sorted(records, key=key)


def _table(records: list[dict], columns: list[tuple[str, str, str]], key: str) -> str:
    if not records:
        return '<p class="empty">None.</p>'
    head = "".join(
        f'<th class="num">{escape(h)}</th>' if kind == "num" else f"<th>{escape(h)}</th>"
        for _, h, kind in columns
    )
    body = [
        f'<tr data-key="{escape(str(r[key]))}">'
        + "".join(_cell(r, name, kind) for name, _, kind in columns)
        + "</tr>"
        for r in records
    ]
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _cell(record: dict, name: str, kind: str) -> str:
    value = record[name]
    if kind == "link" and value is None:
        value = record.get("name")  # a document without a title is known by its file name
    attrs = f'data-column="{name}"'
    if value is None:
        return f"<td {attrs}></td>"
    if kind == "num":
        return f'<td class="num" {attrs}>{value:,}</td>'
    if kind == "ar":
        return f'<td {attrs}><span lang="ar" dir="rtl">{escape(str(value))}</span></td>'
    if kind == "link":
        url = record.get("url") or ""
        text = f"<bdi>{escape(str(value))}</bdi>"
        if url.startswith(("https://", "http://")):
            text = f'<a href="{escape(url)}" rel="noopener noreferrer">{text}</a>'
        return f"<td {attrs}>{text}</td>"
    return f"<td {attrs}><bdi>{escape(str(value))}</bdi></td>"
