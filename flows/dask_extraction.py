"""Extraction on a Dask cluster (``returnwatch run --task-runner dask``).

The new documents are cut into batches; each batch is one ``extract_batch`` task submitted
to the flow's task runner (prefect-dask's ``DaskTaskRunner``), so it runs on a worker; the
extractions come back to the flow in document order. Everything else in the flow (pull,
load, derive, checks, export) stays on the flow's machine, beside the archive and warehouse.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from prefect import Flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from returnwatch.documents import Document
from returnwatch.extract import Extraction
from returnwatch.extract.batch import batches, extract_and_resolve, this_process
from returnwatch.gazetteer import Gazetteer


@task(cache_policy=NO_CACHE, task_run_name="extract_batch-{number}")
def extract_batch(
    documents: list[Document], published: date | None, number: int, gazetteer: Path | None = None
) -> list:
    """Extract and resolve one batch where the task runner puts it (a Dask worker);
    ``gazetteer`` is a folder that must exist on the worker (None: the packaged one)."""
    extractions = extract_and_resolve(documents, Gazetteer.load(gazetteer), published)
    get_run_logger().info(
        "extract_batch %d: %d documents, %d figures, on %s",
        number,
        len(documents),
        sum(len(e.figures) for e in extractions),
        this_process(),
    )
    return extractions


def extract_in_batches(
    documents: list[Document],
    published: date | None,
    batch_size: int,
    gazetteer: Path | None = None,
) -> list[Extraction]:
    """Every document's extraction, from batches of ``batch_size`` run on the task runner.

    ``published`` is the run's ``--published``; a date given to a document's first run (its
    ``published_given``, from its sidecar in a rebuild) goes to the worker with the document.
    """
    futures = [
        extract_batch.submit(chunk, published, number, gazetteer)
        for number, chunk in enumerate(batches(documents, batch_size), start=1)
    ]
    return [extraction for future in futures for extraction in future.result()]


def on_dask(pipeline: Flow, address: str) -> Flow:
    """``pipeline`` with its submitted tasks sent to the Dask scheduler at ``address``."""
    from prefect_dask import DaskTaskRunner

    return pipeline.with_options(task_runner=DaskTaskRunner(address=address))
