"""Event increments as known on every date something became known, kept up to date cheaply.

The staging layer reads the session variable ``as_known_on``: set to a date, it sees only
figures published by then and overrides decided by then. A snapshot is the increments
computed that way for one such date. Figures are only ever added, so a snapshot stays
right while the number of figures known by its date and everything else it reads (the
overrides, the gazetteer, household sizes, the SQL and the increments code: the
fingerprint) stay the same; only the other snapshots are computed again.

When everything known is small (``SMALL_FIGURES``), the earlier dates are computed
together, not one pass of the staging layer each: its inputs are shadowed by one copy per
date of what was known by it, every id tagged with the date, and the staging files run
once (``_tagged_pass``, ``sql/tagged/``); the increments take the tagged events as they
take a batch of dates (``_PendingIncrements``). Bigger warehouses go one date a pass.
"""

from __future__ import annotations

import hashlib
import inspect
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from returnwatch.config import SQL_DIR
from returnwatch.warehouse import increments
from returnwatch.warehouse.load import load_frame
from returnwatch.warehouse.sql_files import render, run_file

EVENT_COLUMNS = [
    "event_id",
    "area_id",
    "event_date",
    "figure_type",
    "qualifier",
    "households",
    "individuals",
    "parts_households",
    "parts_individuals",
    "households_is_estimate",
    "individuals_is_estimate",
]
INPUT_TABLES = ("overrides", "areas", "household_sizes")
STORES_TABLE = re.compile(
    r"\bcreate\s+(?:or\s+replace\s+)?(?:temp\s+|temporary\s+)?table\b", re.IGNORECASE
)
"""A staging file with this stores rows (a table); one without makes views only."""
MAKES = re.compile(
    r"\bcreate\s+(?:or\s+replace\s+)?(?:temp\s+|temporary\s+)?(?:table|view|macro)\s+"
    r"(?:if\s+not\s+exists\s+)?(\w+)",
    re.IGNORECASE,
)
TABLE_MADE = re.compile(
    r"\bcreate\s+(?:or\s+replace\s+)?table\s+(?:if\s+not\s+exists\s+)?(\w+)", re.IGNORECASE
)
"""A table kept in the warehouse (not a temp table) and its name."""
VIEW_MADE = re.compile(
    r"\bcreate\s+(?:or\s+replace\s+)?view\s+(?:if\s+not\s+exists\s+)?(\w+)", re.IGNORECASE
)
"""A view kept in the warehouse and its name."""
WORD = re.compile(r"\w+")
KNOWN_DATE = "as_known_on"
"""The session variable the staging layer reads (see the module's docstring)."""
BATCH_EVENTS = 100_000
"""Most events of several known dates computed in one pass (see ``_PendingIncrements``): a
pass costs ~40 statements (~50 ms) whatever its size, and tagging ids costs per row, so
dates this big or bigger are each computed alone, as before batching."""
SMALL_FIGURES = 100_000
"""A known date with at most this many figures is small: there a statement's binding and
planning (~15-20 ms for a view of the staging layer's depth) cost more than its rows. A
small earlier date has its date-reading views stored (``_views_stored``), and when
everything known is small, the staging tables for it are kept aside while the earlier
dates are made (``_all_known_tables_kept``) rather than made again after them, and the
earlier dates are made together (``TAGGED_FIGURES``). Bigger ones
go as before: there the rows cost, and a stored wide view, or the tables for everything
known kept beside those of a date, would hold memory and disk."""
ALL_KNOWN = "__all_known"
"""The suffix the staging tables for everything known carry while earlier dates are made."""
TAG = "snapshot_tagged"
"""A temporary macro: an id tagged with its date, ``2026-01-31|id``."""
TAGGED_FIGURES = 100_000
"""Most figures (summed over the dates: each date holds its own copy) the staging layer
computes for several earlier known dates in one pass (``_tagged_pass``), when everything
known is small (``SMALL_FIGURES``). Below it a pass's ~50 statements, bound and planned
once per date before (~100 ms a date on a few dozen rows), cost more than the rows; the
bound keeps the copies' memory that of one small warehouse. 0: every date alone."""


def refresh_snapshots(
    con: duckdb.DuckDBPyConnection,
    batch_events: int | None = None,
    fingerprint: str | None = None,
    small_figures: int = SMALL_FIGURES,
    tagged_figures: int = TAGGED_FIGURES,
) -> int:
    """Recompute the snapshots that are stale or missing, drop those of dates no longer
    known; leave the staging layer built for everything known. Returns how many were made.

    The caller has built the staging layer for everything known, which is also the latest
    snapshot's view (every figure and override is known by the latest known date): a run that
    only adds a new latest date computes that one snapshot without building staging again.
    ``batch_events``: events of several dates computed in one pass (``BATCH_EVENTS``);
    ``fingerprint``: :func:`derive_fingerprint` if the caller has it already;
    ``small_figures``: see ``SMALL_FIGURES``; ``tagged_figures``: see ``TAGGED_FIGURES``
    (earlier dates computed together when everything known is small).
    """
    fingerprint = fingerprint or derive_fingerprint(con)
    wanted = con.execute(
        "select known_on, n_figures from stg_snapshot_inputs order by known_on"
    ).fetchall()
    kept = set(
        con.execute(
            "select known_on, n_figures from snapshots where fingerprint = ?", [fingerprint]
        ).fetchall()
    )
    stale = [(day, n) for day, n in wanted if (day, n) not in kept]
    _drop_except(con, [day for day, n in wanted if (day, n) in kept])
    latest = wanted[-1][0] if wanted else None
    earlier = [(day, n) for day, n in stale if day != latest]
    pending = _PendingIncrements(con, batch_events)
    if earlier:
        plan = known_date_pass()
        small = wanted[-1][1] <= small_figures  # everything known
        kept = _all_known_tables_kept if small else _all_known_tables_made_again
        with kept(con, plan):
            for days in _passes(earlier, tagged_figures if small else 0):
                if len(days) > 1:
                    _tagged_pass(con, plan, [day for day, _ in days])
                    pending.add_tagged([day for day, _ in days], sum(n for _, n in days))
                    continue
                ((day, n_figures),) = days
                con.execute("set variable as_known_on = ?::date", [day])
                views = plan.views if n_figures <= small_figures else ()
                with _views_stored(con, views):
                    _rebuild_staging_tables(con, plan)
                pending.add(day)
    if stale and stale[-1][0] == latest:
        pending.add(latest, last=True)
    pending.flush()
    made = pd.DataFrame(stale, columns=["known_on", "n_figures"])
    load_frame(con, "snapshots", made.assign(fingerprint=fingerprint))
    return len(stale)


def up_to_date(con: duckdb.DuckDBPyConnection, fingerprint: str | None = None) -> bool:
    """True when every snapshot is there, none is stale and today's tables exist: then
    nothing the derived layer reads has changed since the last derive (figures are only
    added, and the fingerprint covers the rest), so a derive has nothing to do."""
    # a failed statement would abort the caller's transaction: look before reading
    needed = ("stg_snapshot_inputs", "snapshots", "stg_cumulative_returns_by_district")
    (present,) = con.execute(
        "select count(distinct table_name) from information_schema.tables "
        "where table_name in (?, ?, ?)",
        list(needed),
    ).fetchone()
    if present < len(needed):  # a warehouse never derived, or of an older shape
        return False
    wanted = set(con.execute("select known_on, n_figures from stg_snapshot_inputs").fetchall())
    fingerprints = con.execute("select known_on, n_figures, fingerprint from snapshots").fetchall()
    fingerprint = fingerprint or derive_fingerprint(con)
    kept = {(day, n) for day, n, made_with in fingerprints if made_with == fingerprint}
    return bool(wanted) and wanted == kept and len(fingerprints) == len(kept)


@dataclass(frozen=True)
class KnownDatePass:
    """What making the staging layer again for an earlier known date takes.

    ``files``: the staging files that store a table and read the known date, rendered, in
    order (see :func:`staging_files_on_known_date`); ``tables``: the tables they keep in the
    warehouse; ``views``: the views they read that read the known date, made by staging
    files before them that store nothing (so those views read no table of ``files``)."""

    files: tuple[tuple[Path, str], ...]
    tables: tuple[str, ...]
    views: tuple[str, ...]


def known_date_pass() -> KnownDatePass:
    """The :class:`KnownDatePass` of the staging files as they are now."""
    reads_date: set[str] = set()  # names made by staging files that read the known date
    files: list[tuple[Path, str]] = []
    tables: list[str] = []
    date_views: list[str] = []  # read the date, made before the first file of ``files``
    read_by_files: set[str] = set()
    for path in sorted((SQL_DIR / "staging").glob("*.sql")):
        sql = render(path)
        words = set(WORD.findall(sql.lower()))
        if KNOWN_DATE in words or words & reads_date:
            reads_date.update(name.lower() for name in MAKES.findall(sql))
            if STORES_TABLE.search(sql):
                files.append((path, sql))
                tables.extend(name.lower() for name in TABLE_MADE.findall(sql))
                read_by_files |= words
            elif not files:
                date_views.extend(name.lower() for name in VIEW_MADE.findall(sql))
    views = tuple(view for view in date_views if view in read_by_files)
    return KnownDatePass(tuple(files), tuple(dict.fromkeys(tables)), views)


def _rebuild_staging_tables(con: duckdb.DuckDBPyConnection, plan: KnownDatePass) -> None:
    """Run again, in order, the staging files that store a table and read the known date
    (``plan.files``): what they store depends on ``as_known_on``. The staging views (made by
    the caller's full pass) read the variable each time they are queried, so making them
    again would only bind them again: ~20% of a pass, for each known date of a first load. A
    table that reads no known date (the area closure and context: the gazetteer) is the same
    for every date, so it is kept."""
    for path, sql in plan.files:
        run_file(con, path, sql)


def _passes(earlier: list[tuple], tagged_figures: int) -> Iterator[list[tuple]]:
    """The earlier dates (``(day, n_figures)``, in date order), as the passes that compute
    them, in the same order: runs of dates holding ``tagged_figures`` figures or fewer
    together, computed in one tagged pass; a date alone when it holds more, or when
    ``tagged_figures`` is 0."""
    if tagged_figures <= 0:
        yield from ([date] for date in earlier)
        return
    run: list[tuple] = []
    for day, n_figures in earlier:
        if run and sum(n for _, n in run) + n_figures > tagged_figures:
            yield run
            run = []
        if n_figures > tagged_figures:
            yield [(day, n_figures)]
            continue
        run.append((day, n_figures))
    if run:
        yield run


def _tagged_pass(con: duckdb.DuckDBPyConnection, plan: KnownDatePass, days: list) -> None:
    """Make the staging tables (``plan.files``) for all of ``days`` at once: their inputs
    shadowed by one copy per date of what was known by it, every id tagged with the date
    (``sql/tagged/010_tagged_inputs.sql`` says why no two dates meet), and ``as_known_on``
    unset. ``stg_return_events`` then holds every date's events, ids tagged, each date's in
    the order its own pass stores them; the caller queues them (``_PendingIncrements.
    add_tagged``) before the next pass. The shadows are dropped on the way out; the caller
    keeps the tables for everything known aside (``_all_known_tables_kept``)."""
    con.execute("reset variable as_known_on")
    con.register("tagged_days_frame", pd.DataFrame({"known_on": pd.Series(days, dtype="object")}))
    try:
        con.execute(
            "create or replace temp table tagged_days as "
            "select cast(known_on as date) as known_on from tagged_days_frame"
        )
    finally:
        con.unregister("tagged_days_frame")
    path = SQL_DIR / "tagged" / "010_tagged_inputs.sql"
    try:
        run_file(con, path, render(path))
        with _views_stored(con, plan.views):
            _rebuild_staging_tables(con, plan)
    finally:
        for table in SHADOWED:
            con.execute(f"drop table if exists temp.{table}")
        con.execute("drop table if exists temp.tagged_days")


SHADOWED = ("documents", "figures", "overrides", "areas", "stg_area_closure", "stg_area_context")
"""The temp tables ``sql/tagged/010_tagged_inputs.sql`` shadows the staging inputs with."""


@contextmanager
def _all_known_tables_made_again(con: duckdb.DuckDBPyConnection, plan: KnownDatePass) -> Iterator:
    """After the earlier dates, reset the known date and make the staging tables for
    everything known again (see ``SMALL_FIGURES`` for when they are kept instead)."""
    try:
        yield
    finally:
        con.execute("reset variable as_known_on")
        _rebuild_staging_tables(con, plan)


@contextmanager
def _all_known_tables_kept(con: duckdb.DuckDBPyConnection, plan: KnownDatePass) -> Iterator:
    """Keep the staging tables built for everything known aside (renamed, ``ALL_KNOWN``)
    while earlier dates build their own under the same names, then put them back: the same
    tables, in the same order, that making them again for everything known would give,
    with no pass to make them (and no copy: a rename only changes the catalog). The views
    that read them find them again by name. The known date is reset on the way out."""
    tables = plan.tables
    for table in tables:
        con.execute(f"drop table if exists {table}{ALL_KNOWN}")
        con.execute(f"alter table {table} rename to {table}{ALL_KNOWN}")
    try:
        yield
    finally:
        con.execute("reset variable as_known_on")
        for table in tables:
            con.execute(f"drop table if exists {table}")
            con.execute(f"alter table {table}{ALL_KNOWN} rename to {table}")


@contextmanager
def _views_stored(con: duckdb.DuckDBPyConnection, views: tuple[str, ...]) -> Iterator:
    """Each view of ``views`` computed once for the known date now set and stored as a temp
    table of the same name, which the staging files and views find before the view (DuckDB
    looks in the temp schema first), then dropped. The rows are the view's, so what the files
    store is the same; the files then bind and plan a table instead of the view's plan."""
    made: list[str] = []
    try:
        for view in views:
            con.execute(f"create or replace temp table {view} as select * from main.{view}")
            made.append(view)
        yield
    finally:
        for view in made:
            con.execute(f"drop table if exists temp.{view}")


def staging_files_on_known_date() -> set[str]:
    """The rendered staging files that store a table and read ``as_known_on``, directly or
    through any relation or macro an earlier staging file makes that does.

    Names are matched as words, so a column that happens to share a relation's name only
    makes a file counted in (run again for nothing), never left out; the tables the staging
    layer reads besides its own (figures, documents, overrides, areas, household sizes) do
    not change while the snapshots are made."""
    return {sql for _, sql in known_date_pass().files}


class _PendingIncrements:
    """Snapshots waiting for their increments: each date's events (``return_events`` as the
    staging layer saw them for it), computed together in one pass of the increments once
    they would pass ``BATCH_EVENTS`` rows, or at :meth:`flush`.

    A pass costs ~40 statements whatever its size (a few dozen ms), once per date before.
    The dates of a pass are kept apart by tagging their event and area ids with the date
    (``2026-01-31|id``: a date holds no ``|``), so no event, area or subtree of one date
    meets another's, and the order within a date, which the increments follow, is
    unchanged. A date with more events than a batch holds, or the last date when none is
    queued, is computed alone, as before, without copying its events."""

    def __init__(self, con: duckdb.DuckDBPyConnection, batch_events: int | None = None) -> None:
        self.con = con
        self.batch_events = BATCH_EVENTS if batch_events is None else batch_events
        self.days: list = []
        self.rows = 0

    def add(self, day, last: bool = False) -> None:
        """Queue ``day``'s events as ``return_events`` shows them now; ``last``: no date
        follows, so with none queued it is computed at once, with no copy."""
        if last and not self.days:
            _insert_increments(self.con, day)
            return
        (count,) = self.con.execute("select count(*) from return_events").fetchone()
        if count >= self.batch_events:
            self.flush()
            _insert_increments(self.con, day)
            return
        if self.rows + count > self.batch_events:
            self.flush()
        self._start()
        self.con.execute(
            f"insert into pending_events select ?::date, {_EVENTS_WITH_KNOWN_DATES}",
            [day],
        )
        self.days.append(day)
        self.rows += count

    def add_tagged(self, days: list, n_figures: int) -> None:
        """Queue the events of a tagged pass (``_tagged_pass``: ``stg_return_events`` holds
        several dates' events, ids tagged): untagged, with their date, date by date and in
        stored order within a date, as :meth:`add` would have queued them one date at a
        time. ``days``: the pass's dates; ``n_figures``: its figures, a bound on its events
        (a batch that would pass ``batch_events`` with them is flushed first)."""
        if self.rows + n_figures > self.batch_events:
            self.flush()
        self._start()
        columns = [f"events.{c}" for c in EVENT_COLUMNS if c not in ("event_id", "area_id")]
        (count,) = self.con.execute(
            "insert into pending_events select "
            "cast(split_part(events.event_id, '|', 1) as date) as known_on, "
            "substr(events.event_id, strpos(events.event_id, '|') + 1) as event_id, "
            "substr(events.area_id, strpos(events.area_id, '|') + 1) as area_id, "
            f"{', '.join(columns)}, sources.last_known_on as stock_known_on "
            "from stg_return_events as events "
            "left join stg_event_sources as sources using (source_no) "
            "order by known_on, events.rowid"
        ).fetchone()
        self.days.extend(days)
        self.rows += count

    def _start(self) -> None:
        if not self.days:
            self.con.execute(
                f"create or replace temp table pending_events as "
                f"select null::date as known_on, {', '.join(EVENT_COLUMNS)}, "
                "null::date as stock_known_on from return_events limit 0"
            )

    def flush(self) -> None:
        if not self.days:
            return
        con, columns = self.con, [c for c in EVENT_COLUMNS if c not in ("event_id", "area_id")]
        con.execute(
            f"create or replace temp macro {TAG}(day, id) as cast(day as varchar) || '|' || id"
        )
        con.execute(
            "create or replace temp view increment_events as select "
            f"{TAG}(known_on, event_id) as event_id, {TAG}(known_on, area_id) as area_id, "
            f"{', '.join(columns)} from pending_events"
        )
        con.execute(
            "create or replace temp view increment_closure as "
            f"select {TAG}(days.known_on, area_id) as area_id, "
            f"{TAG}(days.known_on, ancestor_id) as ancestor_id, depth "
            "from stg_area_closure, (select distinct known_on from pending_events) as days"
        )
        con.execute(
            "create or replace temp view increment_stock_known as select "
            f"{TAG}(known_on, event_id) as event_id, stock_known_on as known_on "
            "from pending_events"
        )
        increments.compute_increment_steps(con)
        con.execute(
            "insert into event_increments by name "
            "select cast(split_part(event_id, '|', 1) as date) as known_on, "
            "substr(event_id, strpos(event_id, '|') + 1) as event_id, "
            "substr(area_id, strpos(area_id, '|') + 1) as area_id, "
            "event_date, households, individuals from increment_steps"
        )
        con.execute("drop table increment_steps")
        con.execute("drop table pending_events")
        self.days, self.rows = [], 0


def _insert_increments(con: duckdb.DuckDBPyConnection, day) -> None:
    """What each event of ``return_events`` (as the staging layer now sees it) adds, as the
    snapshot of ``day``."""
    increment_relations(con)
    increments.compute_increment_steps(con)
    con.execute(
        "insert into event_increments by name "
        "select ?::date as known_on, event_id, area_id, event_date, households, individuals "
        "from increment_steps",
        [day],
    )
    con.execute("drop table increment_steps")


def increment_relations(con: duckdb.DuckDBPyConnection) -> None:
    """The relations the increments read (``increments.compute_increment_steps``) over
    ``return_events`` as the staging layer now sees it: the events, the area closure, and
    each event's ``known_on``, the latest date one of its documents became known (a
    lookup by the event's list of documents, ``stg_event_sources``: the increments read it
    only for stocks sharing an area and day, so no wide table stores it)."""
    columns = ", ".join(EVENT_COLUMNS)
    con.execute(
        f"create or replace temp view increment_events as select {columns} from return_events"
    )
    con.execute("create or replace temp view increment_closure as select * from stg_area_closure")
    con.execute(
        "create or replace temp view increment_stock_known as "
        "select events.event_id, sources.last_known_on as known_on "
        "from stg_return_events as events join stg_event_sources as sources using (source_no)"
    )


_EVENTS_WITH_KNOWN_DATES = (
    ", ".join(f"events.{c}" for c in EVENT_COLUMNS)
    + ", sources.last_known_on from stg_return_events as events "
    "left join stg_event_sources as sources using (source_no)"
)
"""The events of ``return_events`` (as stored, in ``stg_return_events``) with the date each
became known (see :func:`increment_relations`), as ``pending_events`` queues them."""


def _drop_except(con: duckdb.DuckDBPyConnection, valid: list) -> None:
    con.register("valid_days", pd.DataFrame({"known_on": pd.Series(valid, dtype="object")}))
    try:
        con.execute(
            "delete from event_increments where known_on not in (select known_on from valid_days)"
        )
        con.execute("delete from snapshots where known_on not in (select known_on from valid_days)")
    finally:
        con.unregister("valid_days")


def derive_fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """What a snapshot depends on besides the figures known by its date: the SQL (the
    tagged inputs of ``_tagged_pass`` included), the increments code, the overrides, areas
    and household sizes."""
    digest = hashlib.sha256()
    for layer in ("staging", "tagged", "marts", "latest"):
        for path in sorted((SQL_DIR / layer).glob("*.sql")):
            digest.update(render(path).encode())
    digest.update(inspect.getsource(increments).encode())
    for path in sorted(increments.SQL.glob("*.sql")):
        digest.update(path.read_bytes())
    for table in INPUT_TABLES:
        frame = con.sql(f"select * from {table} order by all").df()
        digest.update(frame.to_csv(index=False).encode())
    return digest.hexdigest()
