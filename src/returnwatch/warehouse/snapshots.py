"""Event increments as known on every date something became known, kept up to date cheaply.

The staging layer reads the session variable ``as_known_on``: set to a date, it sees only
figures published by then and overrides decided by then. A snapshot is the increments
computed that way for one such date. Figures are only ever added, so a snapshot stays
right while the number of figures known by its date and everything else it reads (the
overrides, the gazetteer, household sizes, the SQL and the increments code: the
fingerprint) stay the same; only the other snapshots are computed again.
"""

from __future__ import annotations

import hashlib
import inspect
import re

import duckdb
import pandas as pd

from returnwatch.config import SQL_DIR
from returnwatch.warehouse import increments
from returnwatch.warehouse.load import load_frame
from returnwatch.warehouse.sql_files import apply_layer, render

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
]
INPUT_TABLES = ("overrides", "areas", "household_sizes")
STORES_TABLE = re.compile(
    r"\bcreate\s+(?:or\s+replace\s+)?(?:temp\s+|temporary\s+)?table\b", re.IGNORECASE
)
"""A staging file with this stores rows (a table); one without makes views only."""


def refresh_snapshots(con: duckdb.DuckDBPyConnection) -> int:
    """Recompute the snapshots that are stale or missing, drop those of dates no longer
    known; leave the staging layer built for everything known. Returns how many were made.

    The caller has built the staging layer for everything known, which is also the latest
    snapshot's view (every figure and override is known by the latest known date): a run that
    only adds a new latest date computes that one snapshot without building staging again.
    """
    fingerprint = _fingerprint(con)
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
    earlier = [day for day, _ in stale if day != latest]
    try:
        for day in earlier:
            con.execute("set variable as_known_on = ?::date", [day])
            _rebuild_staging_tables(con)
            _insert_increments(con, day)
    finally:
        con.execute("reset variable as_known_on")
        if earlier:
            _rebuild_staging_tables(con)
    if stale and stale[-1][0] == latest:
        _insert_increments(con, latest)
    made = pd.DataFrame(stale, columns=["known_on", "n_figures"])
    load_frame(con, "snapshots", made.assign(fingerprint=fingerprint))
    return len(stale)


def up_to_date(con: duckdb.DuckDBPyConnection) -> bool:
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
    fingerprint = _fingerprint(con)
    kept = {(day, n) for day, n, made_with in fingerprints if made_with == fingerprint}
    return bool(wanted) and wanted == kept and len(fingerprints) == len(kept)


def _rebuild_staging_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Run again the staging files that store a table, in order: what they store depends
    on ``as_known_on``. The staging views (made by the caller's full pass) read the variable
    each time they are queried, so making them again would only bind them again: ~20% of
    a pass, for each known date of a first load."""
    apply_layer(con, "staging", only=STORES_TABLE.search)


def _insert_increments(con: duckdb.DuckDBPyConnection, day) -> None:
    """What each event of ``return_events`` (as the staging layer now sees it) adds, as the
    snapshot of ``day``."""
    columns = ", ".join(EVENT_COLUMNS)
    con.execute(
        f"create or replace temp view increment_events as select {columns} from return_events"
    )
    con.execute("create or replace temp view increment_closure as select * from stg_area_closure")
    increments.compute_increment_steps(con)
    con.execute(
        "insert into event_increments by name "
        "select ?::date as known_on, event_id, area_id, event_date, households, individuals "
        "from increment_steps",
        [day],
    )
    con.execute("drop table increment_steps")


def _drop_except(con: duckdb.DuckDBPyConnection, valid: list) -> None:
    con.register("valid_days", pd.DataFrame({"known_on": pd.Series(valid, dtype="object")}))
    try:
        con.execute(
            "delete from event_increments where known_on not in (select known_on from valid_days)"
        )
        con.execute("delete from snapshots where known_on not in (select known_on from valid_days)")
    finally:
        con.unregister("valid_days")


def _fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    digest = hashlib.sha256()
    for layer in ("staging", "marts", "latest"):
        for path in sorted((SQL_DIR / layer).glob("*.sql")):
            digest.update(render(path).encode())
    digest.update(inspect.getsource(increments).encode())
    for path in sorted(increments.SQL.glob("*.sql")):
        digest.update(path.read_bytes())
    for table in INPUT_TABLES:
        frame = con.sql(f"select * from {table} order by all").df()
        digest.update(frame.to_csv(index=False).encode())
    return digest.hexdigest()
