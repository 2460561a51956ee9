"""The returnwatch benchmark: the pipeline beside bare DuckDB + pandas/pandera on the same
file, a no-op re-run, text extraction speed, query speed and peak memory, in one process
(the query warehouse is built by one process per run).

Data is synthetic and deterministic (``benchmarks/synthetic.py``): a gazetteer of 2,000
areas, an HXL CSV of 1M household stocks (2,000 areas x 5,000 dates), 10,000 ~2 KB
announcements (``benchmarks/extract_speed.py``'s ``realistic`` generator) and a warehouse of
10M figures built by the pipeline itself (10 files of 1M rows, one run each). Generated
files are kept in ``--workdir`` and reused when their parameters match.

Prints one JSON line per measure, then one line of ``key=value`` pairs. See
``benchmarks/README.md``.

Run: .venv/bin/python benchmarks/run.py [--quick] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path[:0] = [str(HERE), str(PROJECT)]

from returnwatch.prefect_settings import set_environment_defaults  # noqa: E402

set_environment_defaults()  # what `returnwatch run` sets, before pyarrow and Prefect load

import synthetic  # noqa: E402  (beside this file)

FULL = {"rows": 1_000_000, "documents": 10_000, "warehouse_files": 10, "warehouse_rows": 1_000_000}
QUICK = {"rows": 20_000, "documents": 200, "warehouse_files": 10, "warehouse_rows": 20_000}
MEASURES = ("bare", "structured", "pipeline", "extract", "query")
DISTRICT_QUERY = "select * from cumulative_returns_by_district where district_id = ?"
ALL_QUERY = "select * from cumulative_returns_by_district"


def emit(measure: str, **values) -> dict:
    print(json.dumps({"measure": measure, **values}, default=str), flush=True)
    return values


def timed(function, *args, **kwargs):
    """(result, wall seconds, CPU seconds of this process)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - wall, time.process_time() - cpu


# --- inputs -------------------------------------------------------------------------------


def gazetteer_dir(workdir: Path) -> Path:
    return workdir / "gazetteer"


def prepare(workdir: Path, size: dict) -> dict:
    """Generate (or reuse) the gazetteer and the figures file; return their paths."""
    gazetteer = gazetteer_dir(workdir)
    inbox = workdir / "inbox"
    figures = inbox / "figures.csv"
    manifest = workdir / "inputs.json"
    wanted = {"rows": size["rows"], "version": 1}
    if not (
        manifest.is_file() and json.loads(manifest.read_text()) == wanted and figures.is_file()
    ):
        shutil.rmtree(inbox, ignore_errors=True)
        areas = synthetic.write_gazetteer(gazetteer)
        synthetic.write_figures(figures, size["rows"], areas)
        manifest.write_text(json.dumps(wanted))
    return {"gazetteer": gazetteer, "inbox": inbox, "figures": figures}


# --- bare ---------------------------------------------------------------------------------


def bare(figures: Path, workdir: Path) -> dict:
    """DuckDB alone (read, insert, running totals, COPY) and pandas + one pandera check."""
    import duckdb
    import pandas as pd
    import pandera.pandas as pa

    target = workdir / "bare.duckdb"
    target.unlink(missing_ok=True)

    def duck() -> int:
        con = duckdb.connect(str(target))
        con.execute(
            "create table figures as select * from read_csv(?, skip = 2, header = false, "
            "columns = {'region': 'varchar', 'district': 'varchar', 'name': 'varchar', "
            "'area_id': 'varchar', 'date': 'date', 'round': 'varchar', 'households': 'bigint', "
            "'source': 'varchar'})",
            [str(figures)],
        )
        con.execute(
            "create table totals as select area_id, date, sum(households) over "
            "(partition by area_id order by date) as cumulative_households from figures"
        )
        con.execute(f"copy totals to '{workdir / 'bare_totals.csv'}' (header)")
        count = con.execute("select count(*) from figures").fetchone()[0]
        con.close()
        return count

    schema = pa.DataFrameSchema(
        {
            "Municipality code": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{2,3}[0-9]*$")),
            "Date": pa.Column("datetime64[ns]"),
            "Households": pa.Column("int64", pa.Check.ge(0)),
            "Round": pa.Column(str),
        }
    )

    def frame() -> int:
        data = pd.read_csv(figures, skiprows=[1], parse_dates=["Date"])
        data["Date"] = data["Date"].astype("datetime64[ns]")
        schema.validate(data, lazy=True)
        return len(data)

    rows, duck_s, duck_cpu = timed(duck)
    _, pandas_s, pandas_cpu = timed(frame)
    return emit(
        "bare",
        rows=rows,
        seconds=round(duck_s + pandas_s, 3),
        duckdb_s=round(duck_s, 3),
        pandas_pandera_s=round(pandas_s, 3),
        cpu_s=round(duck_cpu + pandas_cpu, 3),
    )


# --- structured stages --------------------------------------------------------------------


def structured(inputs: dict, workdir: Path) -> dict:
    """The stages of the structured path alone, as the flow's tasks call them, without
    Prefect and without the derive: pull, extract, resolve, validate, and the insert of
    the figures and documents (one transaction, ``warehouse.load.load_frame``)."""
    from datetime import UTC, datetime

    from returnwatch.extract import extract_all
    from returnwatch.gazetteer import Gazetteer
    from returnwatch.gazetteer.phrases import resolve_figures
    from returnwatch.pull import pull_new
    from returnwatch.rows import document_rows, figure_rows
    from returnwatch.sources import folder_source
    from returnwatch.validate import validate_extractions
    from returnwatch.warehouse.connect import connect
    from returnwatch.warehouse.load import ensure_schema, load_frame

    target = workdir / "structured.duckdb"
    target.unlink(missing_ok=True)
    archive = workdir / "archive" / "structured"
    shutil.rmtree(archive, ignore_errors=True)
    places = Gazetteer.load(inputs["gazetteer"])
    ensure_schema(target)
    now = datetime.now(UTC).replace(tzinfo=None)
    seconds: dict[str, float] = {}
    cpu: dict[str, float] = {}

    def stage(name, function, *args):
        result, wall, used = timed(function, *args)
        seconds[name] = round(wall, 3)
        cpu[name] = round(used, 3)
        return result

    pulled = stage("pull", pull_new, [folder_source(inputs["inbox"])], archive, set(), {})
    extractions = stage("extract", extract_all, pulled.documents, places)
    resolved = stage(
        "resolve",
        lambda: [replace(e, figures=resolve_figures(places, e.figures)) for e in extractions],
    )
    validated = stage("validate", validate_extractions, resolved)

    def insert() -> int:
        per_document = validated.accepted["document_id"].value_counts().to_dict()
        documents = document_rows(resolved, [], pulled.archived, per_document, "bench", now)
        con = connect(target)
        try:
            con.begin()
            load_frame(con, "documents", documents)
            added = load_frame(con, "figures", figure_rows(validated.accepted, "bench", now))
            con.commit()
            return added
        finally:
            con.close()

    added = stage("insert", insert)
    again = stage(
        "pull_known", pull_new, [folder_source(inputs["inbox"])], archive, *_known(target)
    )
    return emit(
        "structured",
        seconds=round(sum(v for k, v in seconds.items() if k != "pull_known"), 3),
        cpu_s=round(sum(v for k, v in cpu.items() if k != "pull_known"), 3),
        stages=seconds,
        stages_cpu=cpu,
        figures_inserted=added,
        quarantined=len(validated.rejected),
        known_on_second_pull=again.known,
    )


def _known(warehouse: Path):
    from returnwatch.pull import known_document_names
    from returnwatch.warehouse.queries import known_document_ids

    return known_document_ids(warehouse), known_document_names(warehouse)


# --- pipeline -----------------------------------------------------------------------------


def run_pipeline(inbox: Path, warehouse: Path, workdir: Path, gazetteer: Path):
    """One in-process flow run, with the settings `returnwatch run` uses (no heartbeat
    wait at the end); (summary, flow run id, wall s, CPU s)."""
    from flows.returns_pipeline import returns_pipeline
    from returnwatch.prefect_settings import one_off_run
    from returnwatch.sources import folder_source

    def one_run(**parameters):
        with one_off_run():
            return returns_pipeline(**parameters)

    state, wall, cpu = timed(
        one_run,
        sources=[folder_source(inbox)],
        warehouse=warehouse,
        archive=workdir / "archive" / warehouse.stem,
        exports=workdir / "exports" / warehouse.stem,
        expectations=PROJECT / "expectations",
        gazetteer=gazetteer,
        return_state=True,
    )
    return state.result(), state.state_details.flow_run_id, wall, cpu


def stage_seconds(flow_run_id) -> dict[str, float]:
    """Seconds per task of a flow run, as the Prefect API recorded them."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    flow_filter = FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
    stages: dict[str, float] = {}
    for _ in range(40):  # task run states reach the API through events, a moment later
        with get_client(sync_client=True) as client:
            runs = client.read_task_runs(flow_run_filter=flow_filter)
        if runs and all(r.end_time for r in runs):
            break
        time.sleep(0.25)
    for r in sorted(runs, key=lambda r: r.start_time or r.expected_start_time):
        if r.start_time and r.end_time:
            name = r.name.rsplit("-", 1)[0]
            stages[name] = round(
                stages.get(name, 0) + (r.end_time - r.start_time).total_seconds(), 3
            )
    return stages


def warehouse_count(warehouse: Path, sql: str) -> int:
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def pipeline(inputs: dict, workdir: Path) -> tuple[dict, dict]:
    """Warm-up run (starts Prefect's temporary server unless PREFECT_API_URL is set), then
    the measured run over the figures file, then the same again with nothing new."""
    empty = workdir / "empty-inbox"
    empty.mkdir(exist_ok=True)
    for stem in ("warmup", "pipeline"):
        (workdir / f"{stem}.duckdb").unlink(missing_ok=True)
        shutil.rmtree(workdir / "archive" / stem, ignore_errors=True)
    *_, warm_s, _ = run_pipeline(empty, workdir / "warmup.duckdb", workdir, inputs["gazetteer"])
    target = workdir / "pipeline.duckdb"
    summary, run_id, wall, cpu = run_pipeline(inputs["inbox"], target, workdir, inputs["gazetteer"])
    stages = stage_seconds(run_id)
    loaded = warehouse_count(target, "select count(*) from figures")
    slowest = max(stages, key=stages.get) if stages else None
    measured = emit(
        "pipeline",
        seconds=round(wall, 3),
        cpu_s=round(cpu, 3),
        warm_up_s=round(warm_s, 3),
        figures_loaded=summary.figures_loaded,
        warehouse_figures=loaded,
        rows_quarantined=summary.rows_quarantined,
        checks_passed=summary.checks_passed,
        stages=stages,
        slowest_stage=slowest,
    )
    summary, run_id, wall, cpu = run_pipeline(inputs["inbox"], target, workdir, inputs["gazetteer"])
    noop = emit(
        "noop",
        seconds=round(wall, 3),
        cpu_s=round(cpu, 3),
        documents_new=summary.documents_new,
        documents_known=summary.documents_known,
        stages=stage_seconds(run_id),
    )
    return measured, noop


# --- extract ------------------------------------------------------------------------------


def extract(documents: int) -> dict:
    """Announcements per CPU second on one core (extract_speed.py's ``realistic`` set)."""
    import extract_speed

    from returnwatch.gazetteer import Gazetteer

    gazetteer = Gazetteer.load()
    texts = extract_speed.generated("realistic", documents)
    extract_speed.run(texts[:20], gazetteer)  # warm caches and imports
    figures, wall, cpu = timed(extract_speed.run, texts, gazetteer)
    return emit(
        "extract",
        documents=documents,
        figures=figures,
        seconds=round(wall, 3),
        cpu_s=round(cpu, 3),
        docs_per_s=round(documents / cpu, 1),
    )


# --- query --------------------------------------------------------------------------------


def build_warehouse(inputs: dict, workdir: Path, size: dict) -> tuple[Path, float]:
    """The query warehouse: ``warehouse_files`` files loaded by one pipeline run each, each
    run in a process of its own, as `returnwatch run` and Prefect's runner run them (ten runs
    in this one process peaked ~300 MB higher: native memory left from run to run). The
    runs share one Prefect server: ``PREFECT_API_URL`` when set, else a temporary one."""
    import subprocess

    target = workdir / "query.duckdb"
    manifest = workdir / "query.json"
    wanted = {"files": size["warehouse_files"], "rows": size["warehouse_rows"], "version": 1}
    if target.is_file() and manifest.is_file() and json.loads(manifest.read_text()) == wanted:
        return target, 0.0
    target.unlink(missing_ok=True)
    shutil.rmtree(workdir / "archive" / "query", ignore_errors=True)
    inbox = workdir / "query-inbox"
    shutil.rmtree(inbox, ignore_errors=True)
    areas = synthetic.places()
    started = time.perf_counter()
    with _prefect_api() as api_url:
        for part in range(size["warehouse_files"]):
            synthetic.write_figures(
                inbox / f"part-{part:02d}.csv", size["warehouse_rows"], areas, part=part
            )
            command = [sys.executable, __file__, "--workdir", str(workdir), "--load-query-inbox"]
            subprocess.run(command, env={**os.environ, "PREFECT_API_URL": api_url}, check=True)
    manifest.write_text(json.dumps(wanted))
    return target, time.perf_counter() - started


@contextmanager
def _prefect_api():
    """``PREFECT_API_URL`` if set, else the URL of a temporary server stopped afterwards."""
    if os.environ.get("PREFECT_API_URL"):
        yield os.environ["PREFECT_API_URL"]
        return
    from returnwatch.prefect_server import TemporaryServer, free_port

    server = TemporaryServer(free_port())
    try:
        server.wait_ready()
        yield server.api_url
    finally:
        server.stop()


def load_query_inbox(workdir: Path) -> None:
    """One run of the query warehouse's build (``build_warehouse``), in this process."""
    run_pipeline(workdir / "query-inbox", workdir / "query.duckdb", workdir, gazetteer_dir(workdir))


def query(inputs: dict, workdir: Path, size: dict) -> dict:
    import duckdb

    target, built_s = build_warehouse(inputs, workdir, size)
    con = duckdb.connect(str(target), read_only=True)
    try:
        [(figures,)] = con.sql("select count(*) from figures").fetchall()
        [(district,)] = con.sql(
            "select district_id from cumulative_returns_by_district order by district_id limit 1"
        ).fetchall()

        def run(sql: str, *params) -> int:
            # fetched as Arrow, the way a dashboard or a data frame library reads a result:
            # a list of Python tuples would time (and hold) 10M boxed rows, not the query
            return con.sql(sql, params=list(params) or None).to_arrow_table().num_rows

        run(DISTRICT_QUERY, district)  # warm
        one = [timed(run, DISTRICT_QUERY, district) for _ in range(7)]
        whole = [timed(run, ALL_QUERY) for _ in range(3)]
    finally:
        con.close()
    return emit(
        "query",
        warehouse_figures=figures,
        build_s=round(built_s, 1),
        district_id=district,
        district_rows=one[0][0],
        query_ms=round(statistics.median(t[1] for t in one) * 1000, 1),
        all_rows=whole[0][0],
        query_all_ms=round(statistics.median(t[1] for t in whole) * 1000, 1),
    )


# --- main ---------------------------------------------------------------------------------


def peak_rss() -> dict:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return emit("peak_rss", self_mb=round(own, 1), children_mb=round(children, 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small version for CI (~20k rows)")
    parser.add_argument("--workdir", type=Path, help="where inputs and warehouses go (kept)")
    parser.add_argument("--rows", type=int, help="figures in the HXL file (default 1M)")
    parser.add_argument("--documents", type=int, help="text announcements to extract")
    parser.add_argument(
        "--warehouse-files", type=int, help="files (one run each) in the query warehouse"
    )
    parser.add_argument("--warehouse-rows", type=int, help="rows per file of the query warehouse")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=MEASURES,
        default=list(MEASURES),
        help="measure only these (default: all)",
    )
    parser.add_argument("--load-query-inbox", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    size = dict(QUICK if args.quick else FULL)
    for key in ("rows", "documents", "warehouse_files", "warehouse_rows"):
        if getattr(args, key):
            size[key] = getattr(args, key)
    workdir = (args.workdir or Path(tempfile.mkdtemp(prefix="returnwatch-bench-"))).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_HOME", str(workdir / "prefect-home"))
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    os.environ.setdefault("RETURNWATCH_HOME", str(PROJECT))
    if args.load_query_inbox:  # one run of the query warehouse's build, in a process of its own
        load_query_inbox(workdir)
        return

    inputs = prepare(workdir, size)
    emit("inputs", workdir=workdir, rows=size["rows"], bytes=inputs["figures"].stat().st_size)
    only = set(args.only)
    bare_run = bare(inputs["figures"], workdir) if "bare" in only else {}
    parts = structured(inputs, workdir) if "structured" in only else {}
    measured, noop = pipeline(inputs, workdir) if "pipeline" in only else ({}, {})
    extracted = extract(size["documents"]) if "extract" in only else {}
    queried = query(inputs, workdir, size) if "query" in only else {}
    rss = peak_rss()
    ratio = None
    if measured and bare_run:
        ratio = round(measured["seconds"] / bare_run["seconds"], 2)
    final = {
        "rows": size["rows"],
        "figures_loaded": measured.get("warehouse_figures"),
        "pipeline_s": measured.get("seconds"),
        "bare_s": bare_run.get("seconds"),
        "ratio": ratio,
        "noop_s": noop.get("seconds"),
        "structured_s": parts.get("seconds"),
        "extract_docs_per_s": extracted.get("docs_per_s"),
        "query_ms": queried.get("query_ms"),
        "query_all_ms": queried.get("query_all_ms"),
        "warehouse_figures": queried.get("warehouse_figures"),
        "peak_rss_mb": round(max(rss["self_mb"], rss["children_mb"]), 1),
        "slowest_stage": measured.get("slowest_stage"),
    }
    print(" ".join(f"{k}={v}" for k, v in final.items()), flush=True)


if __name__ == "__main__":
    main()
