"""Older figures as hive-partitioned Parquet that DuckDB reads beside its own table.

Generates ``--rows`` figure-like rows (area, country, date, quantity) in a DuckDB file, writes
them as Parquet partitioned by country and year (``COPY … PARTITION_BY``), and times, on
both: one area's running total (a window function, as the cumulative views compute), the
same when the query names its country and year (so DuckDB reads only those partitions),
and the whole running total per area. Prints sizes and wall times (best of three).

Run: .venv/bin/python benchmarks/parquet_partitions.py [--rows 5000000] [--dir DIR]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import duckdb

RUNNING_TOTAL = """
select area_id, event_date,
    sum(quantity) over (partition by area_id order by event_date) as running_total
from {source} {where}
"""


def best_of_three(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[float, int]:
    times, rows = [], 0
    for _ in range(3):
        started = time.perf_counter()
        rows = len(con.execute(sql).fetchall())
        times.append(time.perf_counter() - started)
    return min(times), rows


def size_mb(path: Path) -> float:
    files = [path] if path.is_file() else list(path.rglob("*"))
    return sum(p.stat().st_size for p in files if p.is_file()) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--dir", type=Path, help="where to write (default: a temporary folder)")
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="rw-parquet-"))
    database, parquet = folder / "figures.duckdb", folder / "figures_by_country_year"
    con = duckdb.connect(str(database))
    started = time.perf_counter()
    con.execute(
        "create or replace table figures as select "
        "'area-' || (i % 2000) as area_id, ['LY', 'IQ', 'SY', 'SD', 'YE'][1 + i % 5] as country, "
        "date '2015-01-01' + cast((i * 7919) % 3650 as integer) as event_date, "
        "1 + (i * 31) % 900 as quantity from range(?) t(i)",
        [args.rows],
    )
    print(f"{args.rows} rows generated in {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    con.execute(
        f"copy (select *, year(event_date) as year from figures) to '{parquet}' "
        "(format parquet, partition_by (country, year), overwrite_or_ignore)"
    )
    print(
        f"partitioned Parquet written in {time.perf_counter() - started:.1f} s; "
        f"{len(list(parquet.rglob('*.parquet')))} files, {size_mb(parquet):.0f} MB "
        f"(the DuckDB file: {size_mb(database):.0f} MB)",
        flush=True,
    )
    sources = {
        "duckdb table": "figures",
        "parquet": f"read_parquet('{parquet}/**/*.parquet', hive_partitioning = true)",
    }
    one_area = "where area_id = 'area-7'"
    pruned = "where area_id = 'area-7' and country = 'SY' and year = 2017"
    for label, source in sources.items():
        for what, where in [("one area", one_area), ("one area, country+year", pruned)]:
            if "year" in where and label == "duckdb table":
                where = where.replace("and year = 2017", "and year(event_date) = 2017")
            wall, rows = best_of_three(con, RUNNING_TOTAL.format(source=source, where=where))
            print(f"{label:12} {what:24}: {wall * 1000:7.1f} ms ({rows} rows)", flush=True)
        started = time.perf_counter()
        con.execute(
            f"select sum(running_total) from ({RUNNING_TOTAL.format(source=source, where='')})"
        ).fetchall()
        print(
            f"{label:12} {'every area':24}: {(time.perf_counter() - started) * 1000:7.1f} ms",
            flush=True,
        )
    con.close()


if __name__ == "__main__":
    main()
