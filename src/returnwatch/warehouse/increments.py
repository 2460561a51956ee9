"""What each return event adds to its area's running total.

A flow adds its quantity, less what its parts given beside it in the same report already
add (a total of 1,600 beside a part of 585 adds 1,015 at its own area). A stock sets the total of its area (with everything below it)
as of its date, so it adds the difference between itself and that total just before:
later flows then add on top, and stocks are never summed with each other. A stock
given as a minimum ("more than 1,600") only ever raises the total; a maximum only
lowers it. Events are taken in date order, flows before stocks on the same day (a
stock as of a day includes that day's flows), deeper areas before their parents.
Households and individuals are reckoned separately.

How it is computed (SQL in ``sql/increments/``, a few numpy steps here): flows are
independent of everything else. A stock depends only on the events of its own area's
subtree, so stocks are settled depth by depth, deepest first: for each stock, SQL sums
what the rest of its subtree added before it (a window over the subtree's steps); the
chain of one area's own stocks (each setting, raising or lowering the total the previous
one left) is then walked in numpy, all areas at once, one position of the chain at a time,
in batches of whole areas (``WALK_ROWS`` stocks or so), so the walk's memory stays bounded
however many stocks the warehouse holds.
"""

from __future__ import annotations

import itertools

import duckdb
import numpy as np
import pandas as pd

from returnwatch.config import SQL_DIR
from returnwatch.warehouse.frame_statements import execute_over

MEASURES = ("households", "individuals")
SQL = SQL_DIR / "increments"
COLUMNS = ["event_id", "area_id", "event_date", *MEASURES]
WALK_ROWS = 500_000
"""Stocks walked in numpy at once (whole areas: an area's chain is never split). ~60 bytes
a stock while it is walked: ~30 MB a batch instead of ~0.5 GB at 8M stocks."""


def compute_increments(
    events: pd.DataFrame, closure: pd.DataFrame, walk_rows: int = WALK_ROWS
) -> pd.DataFrame:
    """``events``: event_id, area_id, event_date, figure_type, qualifier, households,
    individuals, and optionally parts_households, parts_individuals. ``closure``: area_id,
    ancestor_id, depth. Returns one row per event, in the order events are taken."""
    if events.empty:
        return pd.DataFrame(columns=COLUMNS)
    events = events.assign(
        **{f"parts_{m}": None for m in MEASURES if f"parts_{m}" not in events.columns}
    )
    con = duckdb.connect()
    try:
        con.register("increment_events", events)
        con.register("increment_closure", closure)
        compute_increment_steps(con, walk_rows)
        frame = con.sql(
            "select event_id, area_id, event_date, households, individuals "
            "from increment_steps order by event_date, is_stock, depth desc, event_id"
        ).df()
    finally:
        con.close()
    for measure in MEASURES:
        frame[measure] = frame[measure].astype("Int64")
    return frame


def compute_increment_steps(con: duckdb.DuckDBPyConnection, walk_rows: int = WALK_ROWS) -> None:
    """Fill the temporary table ``increment_steps`` (event_id, area_id, event_date, households,
    individuals, …) from the relations ``increment_events`` and ``increment_closure``."""
    con.execute((SQL / "010_increment_steps.sql").read_text(encoding="utf-8"))
    depths = con.execute(
        "select distinct depth from increment_steps where is_stock order by depth desc"
    ).fetchall()
    positions = (SQL / "020_stock_positions.sql").read_text(encoding="utf-8")
    for (depth,) in depths:
        con.execute(positions, {"depth": depth})
        con.execute(
            "create or replace temp table stock_steps "
            "(position bigint, households bigint, individuals bigint)"
        )
        for first, end in _batches(con, walk_rows):
            stocks = con.execute(
                "select * exclude (event_id) from stock_positions "
                "where position >= ? and position < ? order by position",
                [first, end],
            ).fetchnumpy()
            steps = pd.DataFrame({"position": stocks["position"]})
            for measure in MEASURES:
                steps[measure] = _walk_stocks(stocks, measure)
            del stocks
            execute_over(con, "insert into stock_steps select * from incoming", steps)
            del steps
        con.execute((SQL / "030_set_stock_steps.sql").read_text(encoding="utf-8"))
    con.execute("drop table if exists stock_positions")
    con.execute("drop table if exists stock_steps")


def _batches(con: duckdb.DuckDBPyConnection, walk_rows: int) -> list[tuple[int, int]]:
    """[first, end) position ranges of ``stock_positions`` holding whole areas, each about
    ``walk_rows`` stocks (an area with more is a batch of its own)."""
    starts = con.execute(
        "select position from stock_positions where area_start order by position"
    ).fetchnumpy()["position"]
    (end,) = con.execute("select coalesce(max(position), 0) + 1 from stock_positions").fetchone()
    bounds = [int(p) for p in starts] + [int(end)]
    batches, first = [], bounds[0] if starts.size else end
    for low, high in itertools.pairwise(bounds):
        if high - first > walk_rows and low > first:
            batches.append((first, low))
            first = low
    if first < end:
        batches.append((first, int(end)))
    return batches


def _walk_stocks(stocks: dict[str, np.ndarray], measure: str) -> pd.arrays.IntegerArray:
    """Each stock's step: what brings the total its subtree had just before it to the stock
    (a minimum only raises, a maximum only lowers; a stock without this measure adds nothing).

    Rows come grouped by area in processing order, ``area_start`` marking each area's first;
    ``before_<measure>`` is what the rest of the subtree added before the stock. All areas
    advance together, one rank at a time.
    """
    starts = np.asarray(stocks["area_start"], dtype=bool)
    n = len(starts)
    value = np.asarray(stocks[f"{measure}_value"], dtype=np.int64)
    added = np.asarray(stocks[f"before_{measure}"], dtype=np.int64)
    has = np.asarray(stocks[f"has_{measure}"], dtype=bool)
    is_min, is_max = np.asarray(stocks["is_min"], bool), np.asarray(stocks["is_max"], bool)
    rank = np.arange(n) - np.maximum.accumulate(np.where(starts, np.arange(n), 0))
    order = np.argsort(rank, kind="stable")
    after = np.zeros(n, dtype=np.int64)
    step = np.zeros(n, dtype=np.int64)
    position = 0
    for count in np.bincount(rank) if n else []:
        rows = order[position : position + count]
        position += count
        before = added[rows]
        if position > count:  # not the first stock of its area: start from the previous one
            previous = rows - 1
            before = after[previous] + before - added[previous]
        target = value[rows]
        total = np.where(
            is_min[rows],
            np.maximum(target, before),
            np.where(is_max[rows], np.minimum(target, before), target),
        )
        total = np.where(has[rows], total, before)
        after[rows] = total
        step[rows] = total - before
    return pd.arrays.IntegerArray(step, ~has)
