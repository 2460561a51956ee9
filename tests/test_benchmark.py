"""benchmarks/run.py --quick as a user runs it: every measure is printed and the pipeline
really loaded the generated figures (no timing is asserted: the machine is shared)."""

from __future__ import annotations

import json
import subprocess
import sys

import duckdb
from conftest import PROJECT

KEYS = [
    "rows",
    "pipeline_s",
    "bare_s",
    "ratio",
    "noop_s",
    "extract_docs_per_s",
    "query_ms",
    "query_all_ms",
    "peak_rss_mb",
    "structured_s",
]
# smaller than --quick's defaults: the derive step is the slow part of a run today
SIZES = [
    "--rows",
    "3000",
    "--documents",
    "40",
    "--warehouse-files",
    "2",
    "--warehouse-rows",
    "1000",
]


def test_quick_benchmark_prints_every_measure_and_loads_the_rows(prefect_server, tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            str(PROJECT / "benchmarks" / "run.py"),
            "--quick",
            "--workdir",
            str(tmp_path),
            *SIZES,
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )  # PREFECT_API_URL (the session's server) is inherited from the environment
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    measures = {m["measure"]: m for m in map(json.loads, (x for x in lines if x.startswith("{")))}
    assert {"bare", "structured", "pipeline", "noop", "extract", "query", "peak_rss"} <= set(
        measures
    )
    final = dict(pair.split("=", 1) for pair in lines[-1].split())
    assert set(KEYS) <= set(final)
    assert int(final["rows"]) == 3000
    assert int(final["figures_loaded"]) == 3000
    for key in KEYS[1:]:
        assert float(final[key]) > 0, key
    pipeline = measures["pipeline"]
    assert pipeline["rows_quarantined"] == 0 and pipeline["checks_passed"]
    assert {"pull", "extract", "resolve", "validate", "load"} <= set(pipeline["stages"])
    assert measures["noop"]["documents_new"] == 0 and measures["noop"]["documents_known"] == 1
    assert measures["structured"]["figures_inserted"] == 3000
    assert measures["structured"]["known_on_second_pull"] == 1
    assert measures["bare"]["rows"] == 3000
    assert measures["query"]["warehouse_figures"] == 2 * 1000
    assert measures["extract"]["figures"] > 0
    con = duckdb.connect(str(tmp_path / "pipeline.duckdb"), read_only=True)
    try:
        figures, areas = con.execute(
            "select count(*), count(distinct area_id) from figures where resolve_method = 'pcode'"
        ).fetchone()
        districts = con.execute(
            "select count(distinct district_id) from cumulative_returns_by_district"
        ).fetchone()[0]
    finally:
        con.close()
    assert figures == 3000 and areas == 2000  # every row placed by its P-code
    assert districts == 190
