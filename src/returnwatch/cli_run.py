"""What the ``run`` and ``rebuild`` commands do around the pipeline itself: their inputs
checked before any work (exit 2 with what to do), the temporary Prefect server and the
check worker started early so that they boot while the run imports, Dask's scheduler
checked, and the summary printed. The commands are in ``cli.py``.
"""

from __future__ import annotations

import errno
from datetime import date
from enum import StrEnum
from pathlib import Path

import typer

from returnwatch.cli_output import fail


class TaskRunner(StrEnum):
    """Where a run extracts: in its own process, or on the workers of a Dask cluster."""

    local = "local"
    dask = "dask"


def dask_address(task_runner: TaskRunner, address: str | None) -> str | None:
    """The scheduler for --task-runner dask, once it, its workers and the Prefect API answer."""
    if task_runner is TaskRunner.local:
        if address:
            fail("--dask-address is for --task-runner dask; add that option or drop the address")
        return None
    if not address:
        fail("--task-runner dask needs --dask-address tcp://HOST:PORT (see docs/scaling.md)")
    from returnwatch.cluster import (
        ClusterError,
        check_address,
        check_prefect_api,
        check_scheduler,
        loopback_warning,
    )

    try:
        check_address(address)
        api_url = check_prefect_api()
        workers = check_scheduler(address)
    except ClusterError as err:
        fail(str(err))
    warning = loopback_warning(api_url, address)
    if warning:
        typer.echo(f"returnwatch: {warning}", err=True)
    typer.echo(f"returnwatch: extracting on {len(workers)} Dask workers of {address}", err=True)
    return address


def start_server_early():
    """Prefect's temporary server, started before the heavy imports so that it boots while
    they run (None when Prefect is pointed at a server); see returnwatch/prefect_server.py."""
    from returnwatch.prefect_server import start_early

    return start_early()


def run_pipeline(server, dask_address: str | None = None, **parameters):
    """The flow, once the temporary server (if any) answers, under the one-off settings;
    its submitted tasks go to the Dask scheduler at ``dask_address`` when one is given."""
    from flows.returns_pipeline import returns_pipeline, warm_up
    from returnwatch import check_worker
    from returnwatch.prefect_settings import one_off_run

    pipeline = returns_pipeline
    if dask_address:
        from flows.dask_extraction import on_dask

        pipeline = on_dask(returns_pipeline, dask_address)
    if check_worker.running() or _full_run_certain(parameters["warehouse"], parameters["exports"]):
        # the imports the checks need, while the server finishes starting and the flow
        # run is created (otherwise the flow starts them once pull has found something new)
        warm_up()
    if server is not None:
        server.wait_ready()
    with one_off_run():
        return pipeline(**parameters)


def start_check_worker(warehouse: Path, exports: Path, expectations: Path) -> None:
    """When the run is certain to check, its checks' process, started now (before pandas and
    Prefect are imported here): it imports GX on the other core (returnwatch/check_worker.py)."""
    if _full_run_certain(warehouse, exports):
        from returnwatch.check_worker import start

        start(expectations)


def _full_run_certain(warehouse: Path, exports: Path) -> bool:
    """True when this run will extract, load and check whatever its sources hold: the
    warehouse has no latest run that a run with nothing new could stand on (an empty
    warehouse, a failed latest run; see returnwatch/unchanged.py)."""
    import duckdb

    from returnwatch.unchanged import standing_run
    from returnwatch.warehouse import NotAWarehouse, WarehouseUnusable

    try:
        return standing_run(warehouse, exports, wait=0) is None
    except NotAWarehouse as err:
        fail(str(err))  # before any work: the run could only fail on it
    except (duckdb.Error, OSError, WarehouseUnusable):  # the flow will say what is wrong
        return True


def echo_summary(summary) -> None:
    typer.echo(
        f"{summary.documents_new} new documents, {summary.figures_loaded} figures loaded, "
        f"{summary.rows_quarantined} quarantined; checks {'passed' if summary.checks_passed else 'FAILED'}; "
        f"{summary.export_note}"
    )
    typer.echo(summary.counts_line())


def fail_if_disk_full(err: OSError) -> None:
    """A full disk is a failure of the system (exit 2); any other OSError is a bug to see."""
    if err.errno != errno.ENOSPC:
        raise err
    fail(f"disk full ({err}); free space on that disk and run again")


def require_gazetteer(folder: Path) -> None:
    """Exit 2 before any work when ``--gazetteer`` lacks a data file or holds a bad row (the
    run would only fail on it; the packaged gazetteer is checked by the tests instead)."""
    from returnwatch.gazetteer import GazetteerDataError
    from returnwatch.gazetteer.load import load_data

    try:
        load_data(folder)
    except GazetteerDataError as err:
        fail(str(err))


def require_export_target(exports: Path) -> None:
    """Exit 2 before any work when the exports would replace a file or a folder that is not
    an earlier export (see ``export/target.py``)."""
    from returnwatch.export.target import ExportTargetRefused, check_export_target

    try:
        check_export_target(exports)
    except ExportTargetRefused as err:
        fail(str(err))


def published_date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"--published {text!r} is not a date; write it as YYYY-MM-DD")
