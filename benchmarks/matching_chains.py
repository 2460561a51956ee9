"""Duplicate matching (staging/040_stg_figure_events.sql) alone on long chains of reports: CPU,
wall and peak RSS, one process per measure.

A chain is N household stocks in one area, 5 days apart, each from its own document: each
matches only its neighbours (the duplicate window is 7 days), so the whole chain is one
event. Its figures are numbered along the chain (`chain`), against it (`reverse`) or at
random (`random`). The staging tables 040 reads are made here, as in
tests/test_warehouse_matching.py, in a temporary DuckDB file at the warehouse's memory limit.

    .venv/bin/python benchmarks/matching_chains.py --lengths 1000 5000 50000
    git show f2c87ef:src/returnwatch/warehouse/sql/staging/040_stg_figure_events.sql > /tmp/old.sql
    .venv/bin/python benchmarks/matching_chains.py --sql /tmp/old.sql --lengths 1000 5000

Prints one JSON line per measure. CPU is user + system time of the process while 040 runs
(DuckDB's threads included); the machine may be shared, so compare CPU and repeat.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
MATCHING = (
    ROOT / "src" / "returnwatch" / "warehouse" / "sql" / "staging" / "040_stg_figure_events.sql"
)
DAY0 = date(2020, 1, 1)


def staging(con: duckdb.DuckDBPyConnection, length: int, order: str) -> None:
    """The tables 040 reads: ``length`` stocks in a chain, stored in ``order``."""
    positions = list(range(length))
    if order == "reverse":
        positions.reverse()
    elif order == "random":
        random.Random(length).shuffle(positions)
    frame = pd.DataFrame(
        {
            "figure_id": [f"f{i:07d}" for i in positions],
            "area_id": "a",
            "event_date": [DAY0 + timedelta(days=5 * i) for i in positions],
            "document_id": [f"d{i:07d}" for i in positions],
            "date_precision": "day",
            "published_date": [DAY0 + timedelta(days=5 * i + 1) for i in positions],
            "households_reported": 100,
            "individuals_reported": None,
            "unit": "households",
            "stage": None,
            "announced_by": "DTM",
        }
    )
    con.register("chain", frame)
    con.execute(
        "create table stg_returns as select figure_id, area_id, event_date::date as event_date, "
        "document_id, date_precision, published_date::date as published_date, "
        "households_reported::bigint as households_reported, "
        "individuals_reported::bigint as individuals_reported, unit, stage::integer as stage, "
        "announced_by, null::varchar[] as supersedes, null::varchar as override_notes, "
        "null::varchar as part_of_figure_id from chain"
    )
    con.execute("create table documents as select document_id from chain")
    con.unregister("chain")
    con.execute(
        "create table stg_area_closure as select 'a' as area_id, 'a' as ancestor_id, 0 as depth"
    )
    con.execute("create table stg_area_context as select 'a' as area_id, 0 as depth")
    con.execute(
        "create table stg_overrides(figure_id varchar, other_figure_id varchar, action varchar)"
    )


def measure(sql_path: Path, length: int, order: str) -> dict:
    sys.path.insert(0, str(ROOT / "src"))
    from returnwatch.config import DUCKDB_MEMORY_LIMIT
    from returnwatch.warehouse.sql_files import render

    sql = render(sql_path)
    with tempfile.TemporaryDirectory() as folder:
        con = duckdb.connect(
            str(Path(folder) / "chain.duckdb"), config={"memory_limit": DUCKDB_MEMORY_LIMIT}
        )
        staging(con, length, order)
        wall, cpu = time.perf_counter(), time.process_time()
        con.execute(sql)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        # each figure's event: stored for duplicates only (duplicate_of) since the sixth
        # round of docs/speed.md, for every figure (event_id) before
        columns = {c[0] for c in con.execute("describe stg_figure_events").fetchall()}
        event = "event_id" if "event_id" in columns else "coalesce(duplicate_of, figure_id)"
        [(figures, events)] = con.execute(
            f"select count(*), count(distinct {event}) from stg_figure_events"
        ).fetchall()
        con.close()
    return {
        "measure": "matching_chain",
        "sql": str(sql_path),
        "length": length,
        "order": order,
        "events": events,
        "figures": figures,
        "cpu_s": round(cpu, 3),
        "wall_s": round(wall, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sql", type=Path, default=MATCHING, help="the 040 file to measure")
    parser.add_argument("--lengths", type=int, nargs="+", default=[1000, 5000, 50000])
    parser.add_argument(
        "--orders",
        nargs="+",
        default=["chain", "reverse", "random"],
        choices=["chain", "reverse", "random"],
    )
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:  # a child: one measure, so that its peak RSS is its own
        print(json.dumps(measure(args.sql, args.lengths[0], args.orders[0])), flush=True)
        return
    for length in args.lengths:
        for order in args.orders:
            subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--one",
                    "--sql",
                    str(args.sql),
                    "--lengths",
                    str(length),
                    "--orders",
                    order,
                ],
                check=True,
            )


if __name__ == "__main__":
    main()
