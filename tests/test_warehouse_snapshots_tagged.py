"""Earlier known dates computed together in one tagged pass (every input copied per date,
ids tagged with it) give the snapshots that computing each date alone gives: the increments,
the as-known-on views, and the staging tables left for everything known."""

import shutil
from datetime import date

import duckdb
import pandas as pd
from test_warehouse_semantics import document, figure

from returnwatch.warehouse import derive, load_tables
from returnwatch.warehouse.snapshots import _passes, refresh_snapshots

STORED = "known_on, event_id, area_id, event_date, households, individuals"
STAGING = ("stg_figure_events", "stg_event_members", "stg_event_parts", "stg_aggregate_figures")


def _sortable(row: tuple) -> tuple:
    return tuple((value is None, value) for value in row)


def _warehouse(path, gazetteer, tmp_path):
    """Documents published on five dates (one with no published date: known on its load
    date), with a duplicate across dates, a correction, parts and their total, a stock,
    a pair of units, and overrides decided on dates between them, and undated."""
    docs = [
        document("a", date(2018, 3, 5)),
        document("b", date(2018, 3, 9)),
        document("c", date(2018, 3, 14)),
        document("d", date(2018, 3, 20)),
        document("e", None),  # known on its load date
    ]
    wrong = figure("a", 10, 450, "ly-sirte-d3", date(2018, 3, 1))
    repeated = figure("a", 20, 300, "ly-benghazi-laithi", date(2018, 3, 2))
    total = figure("b", 10, 900, "ly-sirte", date(2018, 3, 6))
    parts = [
        figure(
            "b", 20, 400, "ly-sirte-700", date(2018, 3, 6), part_of_figure_id=total["figure_id"]
        ),
        figure("b", 30, 500, "ly-sirte-d3", date(2018, 3, 6), part_of_figure_id=total["figure_id"]),
    ]
    repost = figure("b", 40, 300, "ly-benghazi-laithi", date(2018, 3, 4))  # a duplicate
    stock = figure("c", 10, 1600, "ly-benghazi", date(2018, 3, 12), figure_type="stock")
    correction = figure("c", 20, 443, "ly-sirte-d3", date(2018, 3, 2), corrects_quantity=450)
    households = figure("d", 10, 150, "ly-benghazi-sabri", date(2018, 3, 18))
    individuals = figure(
        "d", 20, 900, "ly-benghazi-sabri", date(2018, 3, 18),
        unit="individuals", paired_figure_id=households["figure_id"],
    )  # fmt: skip
    households["paired_figure_id"] = individuals["figure_id"]
    same = figure("d", 30, 120, "ly-sirte-700", date(2018, 3, 17))
    other = figure("e", 10, 125, "ly-sirte-700-gharbiya", date(2018, 3, 15))
    moved = figure("e", 20, 75, "ly-benghazi-ganfouda", date(2018, 3, 19))
    figures = [wrong, repeated, total, *parts, repost, stock, correction, households]
    figures += [individuals, same, other, moved]
    overrides = tmp_path / "overrides.csv"
    overrides.write_text(
        "action,figure_id,value,other_figure_id,reason,decided_on,analyst\n"
        f"same_event,{same['figure_id']},,{other['figure_id']},one return,2018-03-21,\n"
        f"set_area,{moved['figure_id']},ly-benghazi-sabri,,misplaced,2018-03-12,\n"
        f"set_quantity,{stock['figure_id']},1500,,typo,2018-03-16,\n"
        f"reject,{repeated['figure_id']},,,not a return,2018-03-08,\n"
        f"set_type,{total['figure_id']},flow,,always so,,\n"
    )
    frames = {
        "areas": gazetteer.areas_frame(),
        "household_sizes": gazetteer.household_sizes_frame(),
        "documents": pd.DataFrame(docs),
        "figures": pd.DataFrame(figures),
    }
    load_tables(path, frames)
    derive(path, overrides)


def _made_again(path, **options) -> dict[str, list]:
    """Every snapshot made again with ``options``; what a reader sees afterwards."""
    con = duckdb.connect(str(path))
    try:
        con.execute("delete from snapshots")
        con.execute("delete from event_increments")
        made = refresh_snapshots(con, **options)
        days = [d for (d,) in con.execute("select known_on from snapshots order by 1").fetchall()]
        assert made == len(days)
        queries = {"event_increments": f"select {STORED} from event_increments"}
        queries.update({table: f"select * from {table}" for table in STAGING})
        seen = {
            name: sorted(con.execute(sql).fetchall(), key=_sortable)
            for name, sql in queries.items()
        }
        # stored in the order the export reads it
        seen["stg_return_events"] = con.execute("select * from stg_return_events").fetchall()
        for macro in ("area", "district"):
            seen[macro] = [
                sorted(
                    con.execute(
                        f"select * from cumulative_returns_by_{macro}_as_known_on(?::date)", [day]
                    ).fetchall(),
                    key=_sortable,
                )
                for day in days
            ]
        left = con.execute(
            "select table_name from duckdb_tables() where temporary "
            "and table_name in ('figures', 'documents', 'overrides', 'areas', 'tagged_days', "
            "'stg_area_closure', 'stg_area_context')"
        ).fetchall()
        assert left == []  # no input left shadowed
    finally:
        con.close()
    return {"days": days, **seen}


def test_a_tagged_pass_gives_the_snapshots_of_each_date_alone(warehouse, gazetteer, tmp_path):
    _warehouse(warehouse, gazetteer, tmp_path)
    results = {}
    # 0: every date alone; 40: passes of a few dates; the default: every earlier date at once
    for tagged_figures in (0, 40, None):
        copy = tmp_path / f"w{tagged_figures}.duckdb"
        shutil.copy(warehouse, copy)
        options = {} if tagged_figures is None else {"tagged_figures": tagged_figures}
        results[tagged_figures] = _made_again(copy, **options)
    alone = results[0]
    # documents on four dates and their load date, overrides decided on four more
    assert len(alone["days"]) == 9
    assert len({row[0] for row in alone["event_increments"]}) == 9
    for tagged_figures, found in results.items():
        for name, rows in alone.items():
            assert found[name] == rows, (tagged_figures, name)
    # and the derive left the same: the run made its snapshots the default way
    assert _made_again(warehouse)["event_increments"] == alone["event_increments"]


def test_the_overrides_and_the_correction_move_the_snapshots(warehouse, gazetteer, tmp_path):
    """The warehouse above exercises what the tagged pass must keep apart: the snapshots
    change as overrides are decided and the correction becomes known."""
    _warehouse(warehouse, gazetteer, tmp_path)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:

        def households(area: str, day: str) -> int | None:
            found = con.execute(
                "select cumulative_households from cumulative_returns_by_area_as_known_on(?::date) "
                "where area_id = ? order by date desc limit 1",
                [day, area],
            ).fetchall()
            return found[0][0] if found else None

        # the correction (known 14 March) replaces 450 by 443 (beside a part of 500)
        assert households("ly-sirte-d3", "2018-03-13") == 950
        assert households("ly-sirte-d3", "2018-03-14") == 943
        # rejected on 8 March; its repost, known the 9th, is the same return told again
        assert households("ly-benghazi-laithi", "2018-03-05") == 300
        assert households("ly-benghazi-laithi", "2018-03-08") is None
        assert households("ly-benghazi-laithi", "2018-03-09") == 300
        # the stock of 1,600 set to 1,500 on 16 March
        assert households("ly-benghazi", "2018-03-14") == 1600
        assert households("ly-benghazi", "2018-03-16") == 1500
    finally:
        con.close()


def test_passes_keep_the_dates_in_order_and_within_the_bound():
    earlier = [("d1", 10), ("d2", 15), ("d3", 50), ("d4", 5), ("d5", 5)]
    assert list(_passes(earlier, 30)) == [
        [("d1", 10), ("d2", 15)],
        [("d3", 50)],
        [("d4", 5), ("d5", 5)],
    ]
    assert list(_passes(earlier, 0)) == [[day] for day in earlier]
    assert list(_passes(earlier, 1000)) == [earlier]
