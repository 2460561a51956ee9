"""docs/warehouse.md lists every table, view, macro and column of the warehouse's public
interface, with its type; this fails when the page and a real warehouse disagree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import rows
from test_warehouse_rules import CORRECTION, FIRST, GANFOUDA_DOCS, load

PAGE = Path(__file__).resolve().parents[1] / "docs" / "warehouse.md"
HEADING = re.compile(r"^### `(\w+)(?:\((\w+)\))?` \((table|view|table macro)\)$")
ROW = re.compile(r"^\| `(\w+)` \| ([A-Z\[\]]+) \|$")


def documented() -> dict[str, dict]:
    """``name -> {kind, columns: [(column, type)]}`` from the page's interface section."""
    objects: dict[str, dict] = {}
    current = None
    for line in PAGE.read_text(encoding="utf-8").split("## Public interface", 1)[1].splitlines():
        if heading := HEADING.match(line):
            current = objects.setdefault(
                heading.group(1), {"kind": heading.group(3), "columns": []}
            )
        elif (row := ROW.match(line)) and current is not None:
            current["columns"].append((row.group(1), row.group(2)))
    return objects


@pytest.fixture(scope="module")
def built(tmp_path_factory, gazetteer) -> Path:
    path = tmp_path_factory.mktemp("docs") / "returns.duckdb"
    load(path, gazetteer, GANFOUDA_DOCS, [FIRST, CORRECTION])
    return path


def actual(path: Path) -> dict[str, dict]:
    objects = {}
    for name, kind in rows(
        path,
        "select table_name, table_type from information_schema.tables "
        "where table_name not like 'stg\\_%' escape '\\'",
    ):
        columns = rows(
            path,
            "select column_name, data_type from information_schema.columns "
            "where table_name = ? order by ordinal_position",
            name,
        )
        objects[name] = {"kind": "table" if kind == "BASE TABLE" else "view", "columns": columns}
    return objects


def macros(path: Path) -> set[str]:
    found = rows(
        path,
        "select function_name from duckdb_functions() "
        "where function_type = 'table_macro' and not internal "
        "and function_name not like 'stg\\_%' escape '\\'",
    )
    return {name for (name,) in found}


def test_every_table_and_view_is_documented_with_its_columns_and_types(built):
    pages = {k: v for k, v in documented().items() if v["kind"] != "table macro"}
    assert pages == actual(built)


def test_every_table_macro_is_documented_and_gives_its_views_columns(built):
    documented_macros = {k for k, v in documented().items() if v["kind"] == "table macro"}
    assert documented_macros == macros(built)
    for name in documented_macros:
        view = name.removesuffix("_as_known_on")
        described = rows(built, f"describe select * from {name}(date '2018-03-21')")
        assert [(c, t) for c, t, *_ in described] == rows(
            built,
            "select column_name, data_type from information_schema.columns "
            "where table_name = ? order by ordinal_position",
            view,
        )


def test_the_page_parser_sees_the_contract_names():
    names = documented()
    contract = {"documents", "figures", "areas", "quarantine", "pipeline_runs", "quality_results"}
    contract |= {"return_events", "cumulative_returns_by_area", "cumulative_returns_by_district"}
    assert contract <= names.keys()
    assert all(entry["columns"] for entry in names.values() if entry["kind"] != "table macro")
