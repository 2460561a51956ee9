"""Duplicate matching (staging/040_stg_figure_events.sql) against a plain reference: every
pair of figures tested against the rule, groups by union-find, each group named after its
most telling figure. On random small graphs (040 alone, over staging tables made here) and
on random small warehouses (the real load and derive)."""

from __future__ import annotations

import random
import tempfile
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_warehouse_semantics import document, figure

from returnwatch.config import DUPLICATE_WINDOW_DAYS, SQL_DIR
from returnwatch.warehouse import derive, load_tables
from returnwatch.warehouse.sql_files import render

MATCHING = SQL_DIR / "staging" / "040_stg_figure_events.sql"
FIGURE_EVENTS = (  # each figure's event (stg_figure_events stores it only for duplicates)
    "select figure_id, coalesce(duplicate_of, figure_id) as event_id from stg_figure_events"
)
FAR_FUTURE = date(9999, 12, 31)
PRECISION_RANK = {"day": 0, "week": 1, "month": 2}


def _and(*values: bool | None) -> bool | None:
    """SQL's AND over true, false and null."""
    if any(value is False for value in values):
        return False
    return None if any(value is None for value in values) else True


def _equal(a, b) -> bool | None:
    return None if a is None or b is None else a == b


def _same(a, b) -> bool:
    return a is not None and a == b


def _announcer(text: str | None) -> str | None:
    return None if text is None else text.strip(" ").lower()


def reference_events(
    returns: list[dict], ancestors: dict[str, set[str]], depth: dict[str, int], same: list
) -> dict[str, str]:
    """figure_id -> event_id as the rule says, pair by pair."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def join(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    for a in returns:
        for b in returns:
            if a["figure_id"] == b["figure_id"] or b["area_id"] not in ancestors[a["area_id"]]:
                continue
            if a["event_date"] is None or b["event_date"] is None:
                continue
            if abs((a["event_date"] - b["event_date"]).days) > DUPLICATE_WINDOW_DAYS:
                continue
            if not (
                _same(a["households_reported"], b["households_reported"])
                or _same(a["individuals_reported"], b["individuals_reported"])
                or (
                    _same(a["unit"], b["unit"])
                    and _same(a["stage"], b["stage"])
                    and _same(_announcer(a["announced_by"]), _announcer(b["announced_by"]))
                )
            ):
                continue
            one_report_two_days = _and(
                a["document_id"] == b["document_id"],
                _equal(a["date_precision"], "day"),
                _equal(b["date_precision"], "day"),
                a["event_date"] != b["event_date"],
            )
            if one_report_two_days is False:  # `where not (...)` keeps only a false
                join(a["figure_id"], b["figure_id"])
    for one, other in same:
        join(one, other)

    by_id = {r["figure_id"]: r for r in returns}

    def telling(figure_id: str) -> tuple:
        r = by_id[figure_id]
        return (
            -depth[r["area_id"]],
            PRECISION_RANK.get(r["date_precision"], 3),
            r["published_date"] or FAR_FUTURE,
            figure_id,
        )

    groups: dict[str, list[str]] = {}
    for node in parent:
        groups.setdefault(find(node), []).append(node)
    events = {figure_id: figure_id for figure_id in by_id}
    for members in groups.values():
        named = [m for m in members if m in by_id and by_id[m]["area_id"] in depth]
        if named:
            event = min(named, key=telling)
            for member in members:
                if member in by_id:
                    events[member] = event
    return events


# --- 040 alone, over staging tables made here ------------------------------------------

# g > p > (a1, a2), g > q: a1 and a2 are siblings, each matches p and g but not the other
AREAS = {"g": None, "p": "g", "q": "g", "a1": "p", "a2": "p"}


def _lineage(area: str) -> list[str]:
    line = [area]
    while AREAS[line[-1]] is not None:
        line.append(AREAS[line[-1]])
    return line


ANCESTORS = {area: set(_lineage(area)) for area in AREAS}
DEPTH = {area: len(_lineage(area)) - 1 for area in AREAS}
DAY0 = date(2020, 1, 1)

returns_strategy = st.lists(
    st.fixed_dictionaries(
        {
            "area_id": st.sampled_from(sorted(AREAS)),
            "day": st.one_of(st.none(), st.integers(0, 30)),
            "document_id": st.sampled_from(["d1", "d2", "d3"]),
            "date_precision": st.sampled_from(["day", "day", "week", "month", None]),
            "published": st.one_of(st.none(), st.integers(0, 40)),
            "households_reported": st.one_of(st.none(), st.sampled_from([100, 200])),
            "individuals_reported": st.one_of(st.none(), st.sampled_from([600, 1200])),
            "unit": st.sampled_from(["households", "individuals"]),
            "stage": st.one_of(st.none(), st.sampled_from([1, 2])),
            "announced_by": st.sampled_from([None, "DTM", " dtm", "Ops Room"]),
        }
    ),
    max_size=14,
)


def _staging(
    returns: list[dict], overrides: list[tuple[str, str, str]]
) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    frame = pd.DataFrame(
        returns,
        columns=[
            "figure_id",
            "area_id",
            "event_date",
            "document_id",
            "date_precision",
            "published_date",
            "households_reported",
            "individuals_reported",
            "unit",
            "stage",
            "announced_by",
        ],
    )
    con.register("given_returns", frame)
    con.execute(
        "create table stg_returns as select figure_id, area_id, event_date::date as event_date, "
        "document_id, date_precision, published_date::date as published_date, "
        "households_reported::bigint as households_reported, "
        "individuals_reported::bigint as individuals_reported, unit, stage::integer as stage, "
        "announced_by, null::varchar[] as supersedes, null::varchar as override_notes, "
        "null::varchar as part_of_figure_id from given_returns"
    )
    con.execute(  # a document without returns too: the warehouse may hold such
        "create table documents as select distinct document_id from given_returns "
        "union all select 'no returns'"
    )
    con.execute(
        "create table stg_area_closure(area_id varchar, ancestor_id varchar, depth integer)"
    )
    con.execute("create table stg_area_context(area_id varchar, depth integer)")
    con.executemany(
        "insert into stg_area_closure values (?, ?, ?)",
        [[area, ancestor, up] for area in AREAS for up, ancestor in enumerate(_lineage(area))],
    )
    con.executemany("insert into stg_area_context values (?, ?)", [[a, DEPTH[a]] for a in AREAS])
    con.execute(
        "create table stg_overrides(figure_id varchar, other_figure_id varchar, action varchar)"
    )
    if overrides:
        con.executemany("insert into stg_overrides values (?, ?, ?)", [list(r) for r in overrides])
    return con


def _matched(returns: list[dict], overrides: list[tuple[str, str, str]]) -> dict[str, str]:
    con = _staging(returns, overrides)
    try:
        con.execute(render(MATCHING))
        return dict(con.execute(FIGURE_EVENTS).fetchall())
    finally:
        con.close()


def _expected(returns: list[dict], overrides: list[tuple[str, str, str]]) -> dict[str, str]:
    same = [(one, other) for one, other, action in overrides if action == "same_event"]
    return reference_events(returns, ANCESTORS, DEPTH, same)


def _returns(drawn: list[dict]) -> list[dict]:
    made = []
    for i, row in enumerate(drawn):
        row = dict(row)
        day, published = row.pop("day"), row.pop("published")
        row["figure_id"] = f"f{i:02d}"
        row["event_date"] = None if day is None else DAY0 + timedelta(days=day)
        row["published_date"] = None if published is None else DAY0 + timedelta(days=published)
        made.append(row)
    return made


@settings(max_examples=60, deadline=None)
@given(
    drawn=returns_strategy,
    links=st.lists(
        st.tuples(
            st.integers(0, 15), st.integers(0, 15), st.sampled_from(["same_event", "reject"])
        ),
        max_size=4,
    ),
)
def test_matching_groups_and_names_as_the_pairwise_rule_does(drawn, links):
    returns = _returns(drawn)
    # an override may name a figure that is not a return (rejected, or not loaded): it
    # still links the two figures it stands between
    overrides = [(f"f{one:02d}", f"f{other:02d}", action) for one, other, action in links]
    assert _matched(returns, overrides) == _expected(returns, overrides)


def _stock(i: int, area: str, day: int, **extra) -> dict:
    row = {
        "figure_id": f"f{i:03d}",
        "area_id": area,
        "event_date": DAY0 + timedelta(days=day),
        "document_id": f"d{i:03d}",
        "date_precision": "day",
        "published_date": None,
        "households_reported": 100,
        "individuals_reported": None,
        "unit": "households",
        "stage": None,
        "announced_by": None,
    }
    return {**row, **extra}


def test_a_long_chain_is_one_event_named_after_its_most_telling_figure():
    # 80 reports 5 days apart: each matches only its neighbours, the group is 80 wide
    chain = [_stock(i, "a1", 5 * i) for i in range(80)]
    chain[57]["area_id"] = "a2"  # breaks nothing: a2's neighbours are in a1, not above it
    chain[41]["area_id"] = "p"  # above a1: still matches its neighbours
    chain[60]["published_date"] = DAY0
    events = _matched(chain, [])
    assert events == _expected(chain, [])
    assert len(set(events.values())) == 3  # 0-56, 57 alone (a2 beside a1), 58-79
    assert events["f000"] == "f000" and events["f056"] == "f000"
    assert events["f057"] == "f057" and events["f079"] == "f060"


@pytest.mark.parametrize("order", ["along", "against", "at random"])
def test_a_chain_of_thousands_is_found_whatever_the_order_its_figures_are_numbered_in(order):
    # 3,000 daily-series reports 5 days apart, each matching only its neighbours, with one
    # gap wider than the window after the 2,000th: two events. A figure's number in 040 is
    # its place in stg_returns, so storing the chain along it, against it or shuffled
    # numbers it that way: along it, labels used to walk one figure a step (3,000 steps).
    chain = [_stock(i, "a1", 5 * i + (10 if i >= 2000 else 0)) for i in range(3000)]
    for i, row in enumerate(chain):
        row["published_date"] = DAY0 + timedelta(days=5 * i + 1)
    chain[1500]["published_date"] = DAY0 - timedelta(days=1)  # the first event's name
    chain[2718]["published_date"] = DAY0 - timedelta(days=1)  # the second's
    if order == "against":
        chain.reverse()
    elif order == "at random":
        random.Random(8).shuffle(chain)
    events = _matched(chain, [])
    assert len(events) == 3000
    first = {events[f"f{i:03d}"] for i in range(2000)}
    second = {events[f"f{i:03d}"] for i in range(2000, 3000)}
    assert first == {"f1500"} and second == {"f2718"}


def test_siblings_match_only_through_a_figure_in_an_area_above_both():
    pair = [_stock(0, "a1", 0), _stock(1, "a2", 0)]
    assert _matched(pair, []) == {"f000": "f000", "f001": "f001"}
    parent = [*pair, _stock(2, "p", 3)]
    assert (
        _matched(parent, [])
        == _expected(parent, [])
        == dict.fromkeys(["f000", "f001", "f002"], "f000")
    )


def test_a_large_clique_is_one_event_and_one_document_on_two_days_stays_two():
    clique = [_stock(i, "a1", i % 7, document_id=f"d{i % 3}") for i in range(60)]
    assert _matched(clique, []) == _expected(clique, [])
    assert set(_matched(clique, []).values()) == {"f000"}
    one_report = [_stock(0, "a1", 0, document_id="d"), _stock(1, "a1", 4, document_id="d")]
    assert _matched(one_report, []) == {"f000": "f000", "f001": "f001"}
    linked = [*one_report, _stock(2, "a1", 2)]  # another document ties both days together
    assert set(_matched(linked, []).values()) == {"f000"}


def test_an_override_chains_two_groups_through_a_figure_that_is_not_a_return():
    groups = [_stock(0, "a1", 0), _stock(1, "a1", 1), _stock(2, "q", 20), _stock(3, "q", 21)]
    overrides = [("f001", "gone", "same_event"), ("f003", "gone", "same_event")]
    assert _matched(groups, overrides) == _expected(groups, overrides)
    assert set(_matched(groups, overrides).values()) == {"f000"}


# --- the real load and derive ----------------------------------------------------------

PLACES = [
    "ly-benghazi",
    "ly-benghazi-laithi",
    "ly-benghazi-ganfouda",
    "ly-sirte",
    "ly-sirte-d3",
    "ly-sirte-dollar",
]

warehouse_strategy = st.lists(
    st.fixed_dictionaries(
        {
            "doc": st.sampled_from("abc"),
            "quantity": st.sampled_from([150, 900]),
            "unit": st.sampled_from(["households", "individuals"]),
            "area": st.sampled_from(PLACES),
            "day": st.integers(0, 20),
            "month_only": st.booleans(),
            "announced_by": st.sampled_from([None, "DTM", "dtm "]),
            "stage": st.sampled_from([None, 2]),
        }
    ),
    min_size=1,
    max_size=10,
)


def _warehouse_reference(path: Path) -> dict[str, str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        columns = (
            "figure_id, area_id, event_date, document_id, date_precision, published_date, "
            "households_reported, individuals_reported, unit, stage, announced_by"
        )
        found = con.execute(f"select {columns} from stg_returns")
        names = [column[0] for column in found.description]
        returns = [dict(zip(names, row, strict=True)) for row in found.fetchall()]
        ancestors: dict[str, set[str]] = {}
        for area, ancestor in con.execute(
            "select area_id, ancestor_id from stg_area_closure"
        ).fetchall():
            ancestors.setdefault(area, set()).add(ancestor)
        depth = dict(con.execute("select area_id, depth from stg_area_context").fetchall())
        same = con.execute(
            "select figure_id, other_figure_id from stg_overrides where action = 'same_event'"
        ).fetchall()
        return reference_events(returns, ancestors, depth, same)
    finally:
        con.close()


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    drawn=warehouse_strategy,
    link=st.one_of(st.none(), st.tuples(st.integers(0, 9), st.integers(0, 9))),
)
def test_a_derived_warehouse_groups_figures_as_the_pairwise_rule_does(gazetteer, drawn, link):
    start = date(2018, 3, 1)
    figures, documents = [], {}
    for i, row in enumerate(drawn):
        when = start + timedelta(days=row["day"])
        made = figure(
            row["doc"],
            10 * i,
            row["quantity"],
            row["area"],
            when,
            unit=row["unit"],
            announced_by=row["announced_by"],
            stage=row["stage"],
        )
        if row["month_only"]:
            made["date_precision"] = "month"
        figures.append(made)
        documents[row["doc"]] = document(
            row["doc"], start + timedelta(days=21 + "abc".index(row["doc"]))
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "warehouse.duckdb"
        overrides = Path(folder) / "overrides.csv"
        lines = "action,figure_id,value,other_figure_id,reason,decided_on,analyst\n"
        if link is not None and max(link) < len(figures) and link[0] != link[1]:
            one, other = (figures[i]["figure_id"] for i in link)
            lines += f"same_event,{one},,{other},the analyst says so,,\n"
        overrides.write_text(lines)
        load_tables(
            path,
            {
                "areas": gazetteer.areas_frame(),
                "household_sizes": gazetteer.household_sizes_frame(),
                "documents": pd.DataFrame(list(documents.values())),
                "figures": pd.DataFrame(figures),
            },
        )
        derive(path, overrides)
        con = duckdb.connect(str(path), read_only=True)
        try:
            found = dict(con.execute(FIGURE_EVENTS).fetchall())
        finally:
            con.close()
        assert found == _warehouse_reference(path)
        assert set(found) == {f["figure_id"] for f in figures}
