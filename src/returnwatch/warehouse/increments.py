"""What each return event adds to its area's running total.

A flow adds its quantity, less what its parts given beside it in the same report already
add (a total of 1,600 beside a part of 585 adds 1,015 at its own area). A stock sets the total of its area (with everything below it)
as of its date, so it adds the difference between itself and that total just before:
later flows then add on top, and stocks are never summed with each other. A stock
given as a minimum ("more than 1,600") only ever raises the total; a maximum only
lowers it. Events are taken in date order, flows before stocks on the same day (a
stock as of a day includes that day's flows), deeper areas before their parents.
Households and individuals are reckoned separately. Of several stocks of one area and day
(different sources: a revision supersedes what it revises before this), the one known last
(``stock_known_on``), then the larger, is taken last and sets the total in its unit; those
taken before it in that unit add 0. A stock's unit converted from the other (an estimate)
yields to a stock of the same area and day that measured that unit: a DTM stock of 1,000
households beside another report's 5,400 individuals that day gives 1,000 households and
5,400 individuals, whichever is taken last.

How it is computed (SQL in ``sql/increments/``, a few numpy steps here): flows are
independent of everything else. A stock depends only on the events of its own area's
subtree, so stocks are settled depth by depth, deepest first. On a stock's day, everything
of its subtree but its own area's stocks comes before it (flows come first on a day, deeper
areas before their parents), so what the rest of the subtree added before it is a running
total per area and *day* (SQL sums the known steps per area and day, a few rows per day
rather than one per event, and runs the total over them); an area whose subtree holds
nothing but its own stocks (most areas of a DTM round) has nothing before them and skips
that. The chain of one area's own stocks is then walked in numpy: an exact stock sets the
total whatever came before, so only runs of minimums, maximums and stocks without the
measure are walked one place at a time, all areas at once. Areas, days and events are
numbered, so nothing joins or sorts on ids but the one sort of a depth's stocks, and the
stocks are walked in batches of whole areas (``WALK_ROWS`` stocks or so), so the walk's
memory stays bounded however many stocks the warehouse holds.
"""

from __future__ import annotations

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
    individuals, and optionally parts_households, parts_individuals, households_is_estimate,
    individuals_is_estimate (false when absent), stock_known_on (the date a stock became
    known, null when absent). ``closure``: area_id, ancestor_id, depth. Returns one row per
    event, in the order events are taken."""
    if events.empty:
        return pd.DataFrame(columns=COLUMNS)
    events = events.assign(
        **{f"parts_{m}": None for m in MEASURES if f"parts_{m}" not in events.columns},
        **{f"{m}_is_estimate": False for m in MEASURES if f"{m}_is_estimate" not in events.columns},
        **({} if "stock_known_on" in events.columns else {"stock_known_on": None}),
    )
    con = duckdb.connect()
    try:
        con.register("increment_events", events)
        con.register("increment_closure", closure)
        con.execute(
            "create temp view increment_stock_known as "
            "select event_id, cast(stock_known_on as date) as known_on from increment_events"
        )
        compute_increment_steps(con, walk_rows)
        frame = con.sql(
            "select event_id, area_id, event_date, households, individuals "
            "from increment_steps order by event_date, is_stock, depth desc, day_rank, event_id"
        ).df()
    finally:
        con.close()
    for measure in MEASURES:
        frame[measure] = frame[measure].astype("Int64")
    return frame


def compute_increment_steps(con: duckdb.DuckDBPyConnection, walk_rows: int = WALK_ROWS) -> None:
    """Fill the temporary table ``increment_steps`` (event_id, area_id, event_date, is_stock,
    depth, day_rank, households, individuals) from the relations ``increment_events``,
    ``increment_closure`` and ``increment_stock_known`` (event_id, known_on: when each
    event became known; read for stocks sharing an area and day only)."""
    con.execute(_sql("010_increment_items.sql"))
    depths = con.execute(
        "select distinct depth from increment_items where is_stock order by depth desc"
    ).fetchall()
    sums = _sql("020_stock_sums.sql")
    quiet, busy = _sql("030_quiet_stocks.sql"), _sql("035_busy_stocks.sql")
    for (depth,) in depths:
        batches = _batches(con, depth, walk_rows)
        if any(has_busy for *_, has_busy in batches):
            con.execute(sums, {"depth": depth})
        for first_area, last_area, has_quiet, has_busy in batches:
            bounds = {"depth": depth, "first_area": first_area, "last_area": last_area}
            stocks = _read_stocks(
                [con.execute(quiet, bounds).fetchnumpy()] if has_quiet else [],
                [con.execute(busy, bounds).fetchnumpy()] if has_busy else [],
            )
            steps = pd.DataFrame({key: stocks[key] for key in ("event_no", "area_no", "day")})
            for measure in MEASURES:
                steps[measure] = _walk_stocks(stocks, measure)
            del stocks
            execute_over(con, SETTLE, steps)
            del steps
    con.execute(_sql("040_increment_steps.sql"))


def _read_stocks(quiet: list[dict], busy: list[dict]) -> dict[str, np.ndarray]:
    """One batch's stocks as the walk reads them: those of the areas that are not busy (030,
    nothing before any of them) and of the busy ones (035), each group by area: the areas
    of the two are different, so each area's stocks stay together and in order."""
    columns = (*(busy or quiet)[0], *(f"before_{m}" for m in MEASURES))
    return {
        column: np.concatenate(
            [part[column] for part in busy]
            + [part.get(column, np.zeros(len(part["event_no"]), np.int64)) for part in quiet]
        )
        for column in dict.fromkeys(columns)
    }


SETTLE = """
insert into increment_settled select event_no, households, individuals from incoming;
insert into increment_known select area_no, day, households, individuals from incoming;
"""
"""The steps of a batch of stocks: settled, and known to the depths above."""
IS_MIN, IS_MAX = 1, 2
HAS = {"households": 4, "individuals": 8}
OVERRULED = {"households": 16, "individuals": 32}
"""Bits of the stocks' ``flags`` (030 and 035)."""


def _sql(name: str) -> str:
    return (SQL / name).read_text(encoding="utf-8")


def _batches(
    con: duckdb.DuckDBPyConnection, depth: int, walk_rows: int
) -> list[tuple[int, int, bool, bool]]:
    """Ranges [first, last] of area numbers whose stocks at ``depth`` are walked together:
    whole areas, about ``walk_rows`` stocks a batch (an area with more is a batch of its own),
    and whether the range holds areas that are not busy, and busy ones (010)."""
    counts = con.execute(
        "select area_no, count(*) as n, bool_or(busy) as busy from increment_items "
        "where is_stock and depth = ? group by area_no order by area_no",
        [depth],
    ).fetchall()
    batches: list[tuple[int, int, bool, bool]] = []
    rows = 0
    for area, n, busy in counts:
        if not batches or rows + n > walk_rows:
            batches.append((area, area, not busy, busy))
            rows = 0
        first, _, has_quiet, has_busy = batches[-1]
        batches[-1] = (first, area, has_quiet or not busy, has_busy or busy)
        rows += n
    return batches


def _walk_stocks(stocks: dict[str, np.ndarray], measure: str) -> pd.arrays.IntegerArray:
    """Each stock's step: what brings the total its subtree had just before it to the stock
    (a minimum only raises, a maximum only lowers; a stock without this measure adds nothing,
    and one overruled in it, by a stock of its day taken after it, adds 0).

    Rows come grouped by area (``area_no``) in processing order; ``before_<measure>`` is what
    the rest of the subtree added before the stock. A stock just before it in its area left
    a total; what the subtree added between the two comes on top: that is the total just
    before it. An exact stock with this measure sets the total whatever came before; the
    others (a minimum, a maximum, a stock without this measure) depend on the total left by
    the one before, so runs of them are walked, all areas at once, one place of the run at a
    time (none in a round of exact stocks).
    """
    areas = np.asarray(stocks["area_no"])
    n = len(areas)
    flags = np.asarray(stocks["flags"], dtype=np.int64)
    value = np.asarray(stocks[f"{measure}_value"], dtype=np.int64)
    added = np.asarray(stocks[f"before_{measure}"], dtype=np.int64)
    has = (flags & HAS[measure]) != 0
    is_min, is_max = (flags & IS_MIN) != 0, (flags & IS_MAX) != 0
    index = np.arange(n)
    starts = np.ones(n, dtype=bool)
    starts[1:] = areas[1:] != areas[:-1]
    previous = np.maximum(index - 1, 0)
    sets = has & ~is_min & ~is_max
    after = np.where(sets, value, 0)
    # the others: each one's place in its run (0: the run's first, after an area's start or
    # after a stock that sets the total)
    runs = ~sets & (starts | sets[previous])
    place = index - np.maximum.accumulate(np.where(runs, index, 0))
    others = np.flatnonzero(~sets)
    others = others[np.argsort(place[others], kind="stable")]
    position = 0
    for count in np.bincount(place[others]) if others.size else []:
        rows = others[position : position + count]
        position += count
        before = np.where(
            starts[rows], added[rows], after[previous[rows]] + added[rows] - added[previous[rows]]
        )
        target = value[rows]
        total = np.where(
            is_min[rows],
            np.maximum(target, before),
            np.where(is_max[rows], np.minimum(target, before), target),
        )
        after[rows] = np.where(has[rows], total, before)
    before = np.where(starts, added, after[previous] + added - added[previous])
    overruled = (flags & OVERRULED[measure]) != 0
    return pd.arrays.IntegerArray(after - before, ~has & ~overruled)
