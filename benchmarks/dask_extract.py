"""Extraction of generated announcements here versus on a Dask cluster: wall time.

The documents are ``extract_speed.py``'s realistic ~2 KB announcements (seeded). Three ways,
each timed in wall time after a warm-up (imports, gazetteer, caches) so that only the work is
timed:

- ``local``: extract + resolve in this process, one core (what ``returnwatch run`` does);
- ``dask``: the same function over batches with plain ``distributed`` (``client.map``) on a
  cluster: what Dask itself costs (shipping documents in, extractions out);
- ``prefect-dask`` (with ``--prefect``): a flow on prefect-dask's ``DaskTaskRunner`` calling
  ``flows.dask_extraction.extract_in_batches``, as ``returnwatch run --task-runner dask``
  does: adds each batch's Prefect task run (API calls). Needs PREFECT_API_URL set to a
  running ``prefect server start``.

Without ``--address`` a ``LocalCluster`` of ``--workers`` processes (one thread each) is
started here. Run: .venv/bin/python benchmarks/dask_extract.py [--documents 2000] [--prefect]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract_speed import generated

from returnwatch.extract.batch import batches, extract_and_resolve
from returnwatch.gazetteer import Gazetteer


def _extract(documents):
    return extract_and_resolve(documents, Gazetteer.load())


def _figures(extractions) -> int:
    return sum(len(e.figures) for e in extractions)


def workers_cpu(client) -> float:
    """CPU seconds the worker processes have used so far (all of them together)."""
    return sum(client.run(time.process_time).values()) if client else 0.0


def timed(label: str, run, documents: int, client=None) -> None:
    started, cpu, remote = time.perf_counter(), time.process_time(), workers_cpu(client)
    figures = run()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    remote = workers_cpu(client) - remote
    print(
        f"{label:13}: {documents} documents, {figures} figures, {wall:.2f} s wall "
        f"({documents / wall:.0f} documents/s), {cpu:.2f} s CPU in this process"
        + (f", {remote:.2f} s CPU in the workers" if client else ""),
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--address", help="an existing scheduler, tcp://HOST:PORT")
    parser.add_argument("--prefect", action="store_true", help="also time through prefect-dask")
    args = parser.parse_args()
    from distributed import Client, LocalCluster

    documents = generated("realistic", args.documents)
    chunks = batches(documents, args.batch_size)
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}", flush=True)
    _extract(documents[:20])  # warm up this process
    timed("local", lambda: _figures(_extract(documents)), len(documents))
    cluster = None
    if not args.address:
        cluster = LocalCluster(
            n_workers=args.workers, processes=True, threads_per_worker=1, dashboard_address=":0"
        )
    address = args.address or cluster.scheduler_address
    with Client(address) as client:
        client.gather(client.map(_extract, batches(documents[:40], 2)))  # warm up the workers
        timed(
            f"dask ({len(client.scheduler_info()['workers'])} w)",
            lambda: sum(map(_figures, client.gather(client.map(_extract, chunks)))),
            len(documents),
            client,
        )
    if args.prefect:
        prefect_dask(address, documents, args.batch_size)
    if cluster is not None:
        cluster.close()
    print(f"load average {os.getloadavg()[0]:.1f} at the end", flush=True)


def prefect_dask(address: str, documents, batch_size: int) -> None:
    import cloudpickle
    import extract_speed
    from distributed import Client
    from prefect import flow
    from prefect_dask import DaskTaskRunner

    from flows.dask_extraction import extract_in_batches

    if not os.environ.get("PREFECT_API_URL"):
        raise SystemExit("--prefect needs PREFECT_API_URL set to a `prefect server start`")
    # The flow (which Prefect ships to the workers with each task) uses the generator; the
    # workers cannot import this folder, so send that module's code along by value.
    cloudpickle.register_pickle_by_value(extract_speed)

    @flow(task_runner=DaskTaskRunner(address=address))
    def extract_on_dask(count: int, size: int) -> float:
        docs = generated("realistic", count)  # made here: a flow's parameters go to the API
        started = time.perf_counter()
        figures = _figures(extract_in_batches(docs, None, size))
        print(f"{figures} figures")
        return time.perf_counter() - started

    extract_on_dask(40, 20)  # warm up: workers import Prefect and the flow's modules
    with Client(address) as client:
        remote = workers_cpu(client)
        wall = extract_on_dask(len(documents), batch_size)
        remote = workers_cpu(client) - remote
    print(
        f"{'prefect-dask':13}: {len(documents)} documents, {wall:.2f} s wall inside the flow "
        f"({len(documents) / wall:.0f} documents/s), batches of {batch_size}, "
        f"{remote:.2f} s CPU in the workers (the flow's own work not counted)",
        flush=True,
    )


if __name__ == "__main__":
    main()
