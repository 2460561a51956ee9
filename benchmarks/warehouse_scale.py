"""The warehouse side at DTM scale: load + derive, checks, export and the two public queries on a
synthetic warehouse of N figures, with peak RSS.

Deterministic synthetic data, made with DuckDB: a gazetteer of 2,000 areas (one country, 3
regions, 20 mantikas, 76 settlements, 1,900 districts), 5,000 dates, one DTM-like table
document of stocks (households, one per district and assessment date, rising) and one text-like
document of flows per 1,000 figures. Everything goes in through ``load_tables`` as a run would.

    .venv/bin/python benchmarks/warehouse_scale.py --figures 1000000
    .venv/bin/python benchmarks/warehouse_scale.py --figures 10000000 --skip check,export

Prints one JSON line per measure and a last ``key=value`` line. Times are wall and CPU seconds
of this process (the machine is shared: CPU time is the steadier number).
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
N_DATES = 5000
FIRST_DATE = date(2012, 1, 1)
FLOW_SHARE = 0.1

RESULTS: dict[str, float] = {}


@contextmanager
def measure(name: str):
    wall, cpu = time.perf_counter(), time.process_time()
    yield
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    RESULTS[f"{name}_s"] = round(wall, 3)
    print(
        json.dumps({"measure": name, "wall_s": round(wall, 3), "cpu_s": round(cpu, 3)}), flush=True
    )


def areas_frame() -> pd.DataFrame:
    """2,000 areas: LBY > 3 regions > 20 mantikas > 76 settlements > 1,900 districts."""
    rows = [("ly", "Libya", "country", None, "LY", 0)]
    rows += [(f"ly-r{r}", f"Region {r}", "region", "ly", f"LY0{r}", 1) for r in range(1, 4)]
    rows += [
        (f"ly-m{m}", f"Mantika {m}", "mantika", f"ly-r{m % 3 + 1}", f"LY{m:04}", 2)
        for m in range(20)
    ]
    rows += [
        (f"ly-s{s}", f"Town {s}", "settlement", f"ly-m{s % 20}", None, None) for s in range(76)
    ]
    rows += [
        (f"ly-d{d}", f"District {d}", "district", f"ly-s{d % 76}", None, None) for d in range(1900)
    ]
    frame = pd.DataFrame(
        rows, columns=["area_id", "name", "kind", "parent_id", "pcode", "admin_level"]
    )
    frame = frame.assign(name_ar=None, country="LBY", source="synthetic")
    frame["admin_level"] = frame["admin_level"].astype("Int64")
    return frame


def household_sizes_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {"country": ["LBY"], "year": [1995], "household_size": [6.0], "source": ["synthetic"]}
    )


def synthetic_frames(n_figures: int, run_id: str, seed_offset: int = 0) -> dict[str, pd.DataFrame]:
    """Documents and figures of one run: ``n_figures`` figures, ~10% flows."""
    now = datetime.now(UTC).replace(tzinfo=None)
    con = duckdb.connect()
    n_flow_docs = max(n_figures // 1000, 1)
    figures = con.execute(
        f"""
        with numbered as (
            select i, i % 1900 as district, (i // 1900) as k
            from range({seed_offset}, {seed_offset} + {n_figures}) as t(i)
        ),
        shaped as (
            select
                i, district, k,
                hash(i) % 10 < {int(FLOW_SHARE * 10)} as is_flow,
                -- stocks: a district's assessment dates spread over the 5,000 days, rising
                date '{FIRST_DATE}' + cast((k * 9 + district) % {N_DATES} as integer) as event_date
            from numbered
        )
        select
            sha1('fig-' || i) as figure_id,
            case when is_flow then sha256('flowdoc-' || (i % {n_flow_docs})) else sha256('dtm-{run_id}') end
                as document_id,
            case when is_flow then 5 + hash(i) % 200 else 100 + k * 7 + hash(i) % 5 end as quantity,
            null::bigint as quantity_high,
            case when hash(i * 7) % 50 = 0 then 'min' else 'exact' end as qualifier,
            'households' as unit,
            case when is_flow then 'flow' else 'stock' end as figure_type,
            null::integer as stage,
            case when is_flow then null else 'R' || k end as round_code,
            event_date,
            'day' as date_precision,
            null as date_text,
            'District ' || district as location_text,
            null as location_context,
            'ly-d' || district as area_id,
            'pcode' as resolve_method,
            1.0 as resolve_score,
            case when is_flow then 'Council ' || (i % 97) else 'IOM DTM' end as announced_by,
            null as excerpt,
            null::integer as span_start,
            null::integer as span_end,
            case when is_flow then 'text' else 'hxl' end as method,
            null as paired_figure_id,
            null as part_of_figure_id,
            null::bigint as corrects_quantity,
            1.0 as confidence,
            '{run_id}' as run_id,
            timestamp '{now:%Y-%m-%d %H:%M:%S}' as loaded_at
        from shaped
        """
    ).df()
    documents = con.execute(
        f"""
        select distinct on (document_id)
            document_id, 'synthetic' as source_id, 'doc-' || left(document_id, 12) as name,
            null as url, null as title, 'synthetic' as publisher,
            date '2026-01-01' + {seed_offset % 300} as published_date,
            'text/csv' as media_type, 0::bigint as size_bytes, null as archive_path,
            'loaded' as status, null as reason, count(*) over (partition by document_id) as n_figures,
            '{run_id}' as run_id, timestamp '{now:%Y-%m-%d %H:%M:%S}' as loaded_at,
            null as duplicate_of
        from figures
        """
    ).df()
    con.close()
    return {"documents": documents, "figures": figures}


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--figures", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=1, help="split the figures over this many runs")
    parser.add_argument("--skip", default="", help="comma-separated: check,export,queries")
    parser.add_argument("--dir", type=Path, default=None, help="keep the warehouse here")
    parser.add_argument(
        "--increments-only",
        action="store_true",
        help="skip figures: store N synthetic event increments, build today's cumulative "
        "tables with the real SQL and time the queries (the 10M-figure query measure)",
    )
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))

    from returnwatch.warehouse import load_tables

    folder = args.dir or Path(tempfile.mkdtemp(prefix="rw-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    warehouse = folder / "returns.duckdb"
    for stale in (warehouse, warehouse.with_name(warehouse.name + ".wal")):
        stale.unlink(missing_ok=True)
    if args.increments_only:
        increments_only(warehouse, args.figures)
        queries(warehouse)
        RESULTS["peak_rss_mb"] = peak_rss_mb()
        print(" ".join(f"{key}={value}" for key, value in RESULTS.items()))
        return
    per_run = args.figures // args.runs
    for run in range(args.runs):
        with measure(f"generate_{run}"):
            frames = synthetic_frames(per_run, f"run{run}", seed_offset=run * per_run)
        frames |= {"areas": areas_frame(), "household_sizes": household_sizes_frame()}
        with measure(f"load_derive_{run}"):
            load_tables(warehouse, frames)
        del frames
    RESULTS["load_derive_s"] = RESULTS[f"load_derive_{args.runs - 1}_s"]
    with measure("derive_again"):
        from returnwatch.warehouse import derive

        derive(warehouse)
    if "check" not in skip:
        from returnwatch import quality

        quality.warm_up()
        with measure("check"):
            report = check(warehouse)
        print(
            json.dumps(
                {
                    "measure": "check_passed",
                    "value": report.passed,
                    "failures": report.summary()[:500],
                }
            )
        )
    if "export" not in skip:
        from returnwatch.export import write_exports

        with measure("export"):
            files = write_exports(warehouse, folder / "exports")
        size = sum(p.stat().st_size for p in files)
        print(json.dumps({"measure": "export_bytes", "value": size, "files": len(files)}))
    if "queries" not in skip:
        queries(warehouse)
    RESULTS["peak_rss_mb"] = peak_rss_mb()
    RESULTS["figures"] = args.figures
    print(" ".join(f"{key}={value}" for key, value in RESULTS.items()))


def increments_only(warehouse: Path, n: int) -> None:
    """One snapshot of ``n`` increments (stocks' steps at districts), then the latest layer."""
    from returnwatch.warehouse import connect, load_tables
    from returnwatch.warehouse.sql_files import apply_layer

    load_tables(warehouse, {"areas": areas_frame(), "household_sizes": household_sizes_frame()})
    con = connect(warehouse)
    try:
        with measure("store_increments"):
            con.execute(
                f"""
                insert into event_increments
                select date '2026-01-01', sha1('e' || i), 'ly-d' || (i % 1900),
                    date '{FIRST_DATE}' + cast(((i // 1900) * 9 + i % 1900) % {N_DATES} as integer),
                    7 + hash(i) % 5, 42 + hash(i) % 30
                from range({n}) as t(i)
                """
            )
            con.execute("insert into snapshots values (date '2026-01-01', ?, 'synthetic')", [n])
        con.begin()
        apply_layer(con, "staging")
        apply_layer(con, "marts")
        with measure("latest_tables"):
            apply_layer(con, "latest")
        con.commit()
    finally:
        con.close()


def check(warehouse: Path):
    from returnwatch import quality

    if hasattr(quality, "check_warehouse"):
        return quality.check_warehouse(warehouse, ROOT / "expectations")
    from returnwatch.warehouse import read_frames

    return quality.run_checks(read_frames(warehouse, quality.CHECKED_TABLES), ROOT / "expectations")


def queries(warehouse: Path) -> None:
    from returnwatch.warehouse import connect

    con = connect(warehouse, read_only=True)
    try:
        districts = [
            r[0]
            for r in con.execute(
                "select area_id from areas where kind = 'district' order by 1"
            ).fetchall()
        ]
        sql = "select * from cumulative_returns_by_district where district_id = ?"
        times = []
        for district in districts[:: max(len(districts) // 20, 1)]:
            start = time.perf_counter()
            con.execute(sql, [district]).fetchall()
            times.append(time.perf_counter() - start)
        times.sort()
        RESULTS["query_ms"] = round(times[len(times) // 2] * 1000, 1)
        print(
            json.dumps(
                {
                    "measure": "query_district",
                    "median_ms": RESULTS["query_ms"],
                    "max_ms": round(times[-1] * 1000, 1),
                }
            )
        )
        # fetching a whole 10M-row view into Python costs GBs of its own: RSS before it
        RESULTS["peak_rss_before_whole_views_mb"] = peak_rss_mb()
        for view in ("cumulative_returns_by_district", "cumulative_returns_by_area"):
            start = time.perf_counter()
            n = len(con.execute(f"select * from {view}").fetchnumpy()["date"])
            ms = round((time.perf_counter() - start) * 1000, 1)
            RESULTS[f"{view}_all_ms"] = ms
            print(json.dumps({"measure": f"query_all_{view}", "ms": ms, "rows": n}))
    finally:
        con.close()


if __name__ == "__main__":
    main()
