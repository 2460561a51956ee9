"""`returnwatch run --task-runner dask`: extraction on a real Dask cluster (a LocalCluster of two
worker processes) reporting to a real `prefect server start` on 127.0.0.1, compared with a
local run of the same samples; and the checks that refuse a run that could not work."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import httpx
import pytest
from conftest import PROJECT, returnwatch, rows

from returnwatch.archive import archive
from returnwatch.cluster import ClusterError, check_address, loopback_warning
from returnwatch.documents import Document
from returnwatch.extract.batch import batches
from returnwatch.sources import pull
from returnwatch.warehouse.rebuild import archive_sources

pytestmark = pytest.mark.prefect

BATCH = 3  # the 9 sample documents make 3 extraction tasks
STABLE = {
    "documents": "select * exclude (run_id, loaded_at, archive_path) from documents order by document_id",
    "figures": "select * exclude (run_id, loaded_at) from figures order by figure_id",
    "cumulative_returns_by_district": (
        "select * from cumulative_returns_by_district order by district_id, date"
    ),
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A `prefect server start` (own PREFECT_HOME) and a LocalCluster of 2 worker processes
    whose PREFECT_API_URL points at it; both started together (each takes seconds here)."""
    from distributed import Client, LocalCluster

    home = tmp_path_factory.mktemp("prefect-home")
    port = _free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
    }
    env.pop("PREFECT_API_URL", None)
    prefect = str(Path(sys.executable).with_name("prefect"))
    server = subprocess.Popen(
        [prefect, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    worker_env = {"PREFECT_API_URL": api_url, "PREFECT_HOME": str(home)}
    try:
        with (
            LocalCluster(
                n_workers=2,
                processes=True,
                threads_per_worker=1,
                dashboard_address=":0",
                env=worker_env,
                preload=["flows.returns_pipeline"],  # imports once, at start, not in the first run
            ) as local,
            Client(local, set_as_default=False) as client,
        ):
            _wait_for_health(api_url, server)
            yield {
                "api_url": api_url,
                "home": home,
                "address": local.scheduler_address,
                "client": client,
            }
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def _wait_for_health(api_url: str, server: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.poll() is None, "prefect server start exited"
        try:
            if httpx.get(f"{api_url}/health", timeout=2).json() is True:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"prefect server at {api_url} not healthy after {timeout} s")


def _run_args(tmp: Path) -> list[str]:
    return ["run", "--warehouse", str(tmp / "w.duckdb"), "--archive", str(tmp / "archive"),
            "--exports", str(tmp / "exports")]  # fmt: skip


@pytest.fixture(scope="module")
def runs(cluster, tmp_path_factory):
    """The samples run locally and on the cluster, side by side, against the same server."""
    env = {"PREFECT_API_URL": cluster["api_url"], "PREFECT_HOME": str(cluster["home"])}
    local, dask = tmp_path_factory.mktemp("local"), tmp_path_factory.mktemp("dask")
    command = [str(Path(sys.executable).with_name("returnwatch"))]
    on_dask = ["--task-runner", "dask", "--dask-address", cluster["address"]]
    before = _executed(cluster["client"])
    started = {
        name: subprocess.Popen(
            command + args,
            cwd=PROJECT,
            env={**os.environ, **env},
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for name, args in {
            "local": _run_args(local),
            "dask": [*_run_args(dask), *on_dask, "--batch-size", str(BATCH)],
        }.items()
    }
    finished = {name: (p, *p.communicate(timeout=300)) for name, p in started.items()}
    for process, out, err in finished.values():
        assert process.returncode == 0, out + err
    executed = _executed(cluster["client"]) - before
    return {"local": local, "dask": dask, "dask_run": finished["dask"], "executed": executed}


def _executed(client) -> int:
    """Tasks the cluster's workers have run so far (all tests share the cluster)."""
    counts = client.run(lambda dask_worker: dask_worker.state.executed_count)
    return sum(counts.values())


def test_a_run_on_dask_gives_the_figures_of_a_local_run(runs):
    for sql in STABLE.values():
        on_dask = rows(runs["dask"] / "w.duckdb", sql)
        assert on_dask == rows(runs["local"] / "w.duckdb", sql)
        assert on_dask  # something was extracted at all
    assert "9 new documents" in runs["dask_run"][1]


def test_extraction_ran_as_tasks_on_the_worker_processes(runs, cluster):
    client, api_url = cluster["client"], cluster["api_url"]
    (flow_run_id,) = rows(
        runs["dask"] / "w.duckdb", "select distinct flow_run_id from pipeline_runs"
    )[0]
    task_runs = httpx.post(
        f"{api_url}/task_runs/filter", json={"flow_runs": {"id": {"any_": [flow_run_id]}}}
    ).json()
    batch_runs = [t for t in task_runs if t["name"].startswith("extract_batch")]
    assert len(batch_runs) == 3 and {t["state_type"] for t in batch_runs} == {"COMPLETED"}

    worker_pids = set(client.run(os.getpid).values())
    assert runs["executed"] == 3  # the three batches, nothing else, on the workers

    logged = _batch_log_pids(api_url, flow_run_id, expected=3)
    assert logged and logged <= worker_pids
    assert runs["dask_run"][0].pid not in logged  # not the flow's own process


def _batch_log_pids(api_url: str, flow_run_id: str, expected: int) -> set[int]:
    """The pids the batch tasks logged (logs reach the API in batches: wait for them)."""
    deadline = time.monotonic() + 30
    while True:
        logs = httpx.post(
            f"{api_url}/logs/filter", json={"logs": {"flow_run_id": {"any_": [flow_run_id]}}}
        ).json()
        lines = [log["message"] for log in logs if log["message"].startswith("extract_batch ")]
        if len(lines) >= expected or time.monotonic() > deadline:
            return {int(line.rsplit(" pid ", 1)[1]) for line in lines}
        time.sleep(1)


def test_a_replayed_documents_given_date_reaches_the_workers(cluster, tmp_path):
    """A rebuild has no run-wide --published: each archived document carries the date its
    first run was given (its sidecar's ``published_given``) to the worker that extracts it."""
    from prefect import flow
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.dask_extraction import extract_in_batches, on_dask

    given = date(2017, 2, 14)
    for name, text in {"given.md": "120 families returned to Tawergha yesterday.",
                       "own.md": "---\npublished: 2018-03-20\n---\n50 families returned to "
                       "Sirte yesterday."}.items():  # fmt: skip
        first_read = Document("inbox", name, text.encode(), read_on=date(2026, 11, 24))
        archive(tmp_path, first_read.first_read(given, given if name == "given.md" else None))
    documents = [item for source in archive_sources(tmp_path) for item in pull(source)]

    @flow
    def replay(documents: list[Document]) -> list:
        return extract_in_batches(documents, None, 1)

    before = _executed(cluster["client"])
    with temporary_settings({PREFECT_API_URL: cluster["api_url"]}):
        extractions = on_dask(replay, cluster["address"])(documents)
    assert _executed(cluster["client"]) - before == 2  # one batch per document, each on a worker
    dates = {e.document.name: [f.event_date for f in e.figures] for e in extractions}
    assert dates == {"given.md": [date(2017, 2, 13)], "own.md": [date(2018, 3, 19)]}


def test_a_scheduler_with_no_workers_is_refused_with_what_to_do(cluster, tmp_path):
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=0, processes=False, protocol="tcp", host="127.0.0.1", dashboard_address=":0"
    ) as empty:
        result = returnwatch(
            *_run_args(tmp_path), "--task-runner", "dask", "--dask-address",
            empty.scheduler_address,
            env={"PREFECT_API_URL": cluster["api_url"], "RETURNWATCH_DASK_CONNECT_TIMEOUT": "2"},
        )  # fmt: skip
    assert result.returncode == 2
    assert "has no workers" in result.stderr and "dask worker" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "w.duckdb").exists()


def test_an_unreachable_scheduler_is_refused_with_what_to_do(cluster, tmp_path):
    nobody = f"tcp://127.0.0.1:{_free_port()}"
    result = returnwatch(
        *_run_args(tmp_path), "--task-runner", "dask", "--dask-address", nobody,
        env={"PREFECT_API_URL": cluster["api_url"]},
    )  # fmt: skip
    assert result.returncode == 2
    assert f"no Dask scheduler answers at {nobody}" in result.stderr
    assert "dask scheduler" in result.stderr and "Traceback" not in result.stderr


def test_dask_without_a_prefect_server_is_refused_before_anything_runs(tmp_path):
    result = returnwatch(
        *_run_args(tmp_path), "--task-runner", "dask", "--dask-address", "tcp://127.0.0.1:8786",
        env={"PREFECT_API_URL": "", "PREFECT_HOME": str(tmp_path / "home")},
    )  # fmt: skip
    assert result.returncode == 2
    assert "PREFECT_API_URL is not set" in result.stderr
    assert "prefect server start" in result.stderr and "docs/scaling.md" in result.stderr
    assert not (tmp_path / "w.duckdb").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--task-runner", "dask", "--dask-address", "127.0.0.1:8786"],
            "is not a scheduler address",
        ),
        (["--task-runner", "dask"], "needs --dask-address"),
        (["--dask-address", "tcp://127.0.0.1:8786"], "is for --task-runner dask"),
    ],
)
def test_bad_task_runner_options_exit_2_with_what_to_do(args, message, tmp_path):
    result = returnwatch(*_run_args(tmp_path), *args)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr


def test_batches_keep_every_document_in_order():
    documents = [Document("s", f"d{i}.md", f"text {i}".encode()) for i in range(7)]
    cut = batches(documents, 3)
    assert [len(b) for b in cut] == [3, 3, 1]
    assert [d for b in cut for d in b] == documents
    assert batches([], 3) == []
    with pytest.raises(ValueError):
        batches(documents, 0)


def test_scheduler_addresses_and_loopback_warning():
    assert check_address("tcp://10.0.0.5:8786") == ("10.0.0.5", 8786)
    assert check_address("tls://[::1]:8786") == ("::1", 8786)
    for bad in ["10.0.0.5:8786", "tcp://10.0.0.5", "http://10.0.0.5:8786", ""]:
        with pytest.raises(ClusterError, match="tcp://HOST:PORT"):
            check_address(bad)
    assert "loopback" in loopback_warning("http://127.0.0.1:4200/api", "tcp://10.0.0.5:8786")
    assert loopback_warning("http://127.0.0.1:4200/api", "tcp://127.0.0.1:8786") is None
    assert loopback_warning("http://10.0.0.2:4200/api", "tcp://10.0.0.5:8786") is None


def test_a_port_that_does_not_speak_dask_is_refused_not_waited_on_for_ever():
    from returnwatch.cluster import check_scheduler

    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        address = f"tcp://127.0.0.1:{silent.getsockname()[1]}"
        started = time.monotonic()
        with pytest.raises(ClusterError, match="did not answer as a Dask scheduler"):
            check_scheduler(address, timeout=0.5)
    assert time.monotonic() - started < 30
