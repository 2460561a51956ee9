"""``datapackage.json``: a Frictionless data package describing every exported CSV."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from returnwatch.export.catalog import Resource, load_catalog
from returnwatch.export.csv_files import Table
from returnwatch.export.exported_run import PACKAGE_KEY, ExportedRun, package_property


def write_datapackage(
    folder: Path, tables: dict[str, Table], created: datetime, run: ExportedRun | None
) -> Path:
    """Describe each CSV and its HXL variant; the package's sources are the documents used,
    its ``returnwatch`` property the run whose warehouse it holds (None: no completed run)."""
    catalog = load_catalog()
    package = {
        "profile": "tabular-data-package",
        **{k: v for k, v in catalog.package.items() if k != "licenses"},
        "created": created.isoformat(timespec="seconds") + "Z",
        PACKAGE_KEY: package_property(run),
        "licenses": catalog.package["licenses"],
        "sources": _sources(tables.get("sources")),
        "resources": [],
    }
    for resource in catalog.resources:
        package["resources"].append(_resource(resource, hxl=False))
        package["resources"].append(_resource(resource, hxl=True))
    path = folder / "datapackage.json"
    path.write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def _resource(resource: Resource, hxl: bool) -> dict:
    described = {
        "name": resource.name + ("-hxl" if hxl else ""),
        "path": resource.hxl_name if hxl else resource.csv_name,
        "title": resource.title + (" (HXL-tagged)" if hxl else ""),
        "description": resource.description
        + (" The second row holds HXL hashtags (hxlstandard.org)." if hxl else ""),
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {
            "fields": [_field(c) for c in resource.columns],
            "primaryKey": list(resource.primary_key),
        },
    }
    if hxl:
        described["dialect"] = {"headerRows": [1], "commentRows": [2]}
    return described


def _field(column) -> dict:
    field = {"name": column.name, "type": column.type, "description": column.description}
    if column.unit:
        field["description"] += f" Unit: {column.unit}."
        field["unit"] = column.unit
    field["hxl"] = column.hxl
    if column.type == "boolean":
        field["trueValues"], field["falseValues"] = ["true"], ["false"]
    return field


def _sources(table: Table | None) -> list[dict]:
    """One Frictionless source per document that gave figures: title, link, publisher."""
    if table is None:
        return []
    out = []
    for record in table.records():
        source = {"title": record["title"] or record["name"]}
        if record["url"]:
            source["path"] = record["url"]
        if record["publisher"]:
            source["publisher"] = record["publisher"]
        out.append(source)
    return out
