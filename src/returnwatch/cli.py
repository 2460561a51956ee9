"""The ``returnwatch`` command line."""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from returnwatch import cli_run, cli_warehouse
from returnwatch.cli_output import fail as _fail
from returnwatch.cli_run import TaskRunner
from returnwatch.config import DASK_BATCH_DOCUMENTS, RunPaths
from returnwatch.prefect_settings import set_environment_defaults

set_environment_defaults()

app = typer.Typer(
    help="Track displaced people returning home: announcements in, cumulative returns out.",
    no_args_is_help=True,
    add_completion=False,
)


@app.command()
def run(
    sources: Annotated[
        Path | None, typer.Option(help="Sources file (default: sources.toml).")
    ] = None,
    inbox: Annotated[
        Path | None, typer.Option(help="Read one folder instead of a sources file.")
    ] = None,
    warehouse: Annotated[Path | None, typer.Option(help="DuckDB warehouse file.")] = None,
    archive: Annotated[Path | None, typer.Option(help="Raw-document archive folder.")] = None,
    exports: Annotated[Path | None, typer.Option(help="Folder for the dashboard CSVs.")] = None,
    published: Annotated[
        str | None, typer.Option(help="Published date (YYYY-MM-DD) for all documents.")
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            help="Exit 1 when any input or figure was rejected or quarantined (a row set "
            "aside on purpose, such as a table's total row, is not a rejection)."
        ),
    ] = False,
    task_runner: Annotated[
        TaskRunner,
        typer.Option(help="Extract here (local) or on a Dask cluster (see docs/scaling.md)."),
    ] = TaskRunner.local,
    dask_address: Annotated[
        str | None, typer.Option(help="Dask scheduler for --task-runner dask: tcp://HOST:PORT.")
    ] = None,
    batch_size: Annotated[
        int, typer.Option(min=1, help="Documents per extraction task on Dask.")
    ] = DASK_BATCH_DOCUMENTS,
    gazetteer: Annotated[
        Path | None,
        typer.Option(help="Folder of gazetteer data files (default: the packaged gazetteer)."),
    ] = None,
) -> None:
    """One pipeline run: pull, extract, check, load, derive, export.

    Exit 0 when the run completed, rejected data included (see the documents and
    quarantine tables); 1 with --strict when anything was rejected; 2 when the system
    failed (bad sources file, warehouse locked past the wait, disk full, or with
    --task-runner dask a scheduler, workers or Prefect server that cannot be used).
    """
    # first: reading the sources may import Prefect. Dask's workers need a real server, which
    # --task-runner dask checks for, so no temporary one is started for it.
    server = None if task_runner is TaskRunner.dask else cli_run.start_server_early()
    from returnwatch.sources import SourcesFileError, folder_source, load_sources

    paths = RunPaths.defaults()
    try:
        configs = [folder_source(inbox)] if inbox else load_sources(sources or paths.sources)
    except SourcesFileError as err:
        _fail(str(err))
    if inbox and not inbox.is_dir():
        _fail(f"{inbox}: --inbox must be a folder")
    if gazetteer and not gazetteer.is_dir():
        _fail(f"{gazetteer}: --gazetteer must be a folder of gazetteer data files")
    if archive and archive.exists() and not archive.is_dir():
        _fail(f"{archive}: --archive must be a folder (the raw documents are archived in it)")
    address = cli_run.dask_address(task_runner, dask_address)
    export_dir = paths.exports_for(warehouse, exports).resolve()
    cli_run.require_export_target(export_dir)
    cli_run.start_check_worker(
        (warehouse or paths.warehouse).resolve(), export_dir, paths.expectations
    )
    from returnwatch.prefect_server import ServerFailed
    from returnwatch.warehouse import WarehouseUnusable
    from returnwatch.warehouse.overrides import OverridesError, read_overrides
    from returnwatch.warehouse.run_lock import run_lock

    target = (warehouse or paths.warehouse).resolve()
    if gazetteer:
        cli_run.require_gazetteer(gazetteer)
    try:
        read_overrides(paths.overrides)
        with run_lock(target):
            summary = cli_run.run_pipeline(
                server,
                address,
                sources=configs,
                warehouse=target,
                archive=(archive or paths.archive).resolve(),
                exports=export_dir,
                expectations=paths.expectations,
                published=cli_run.published_date(published),
                extract_batch_size=batch_size if address else None,
                gazetteer=gazetteer.resolve() if gazetteer else paths.gazetteer,
            )
    except (WarehouseUnusable, OverridesError, ServerFailed) as err:
        _fail(str(err))
    except OSError as err:
        cli_run.fail_if_disk_full(err)
    cli_run.echo_summary(summary)
    if strict and summary.rejections:
        typer.echo(
            f"returnwatch: --strict: {summary.rejections} rejections (inputs rejected or "
            "unreadable, figures quarantined; rows set aside on purpose, such as a table's "
            "total row, are not counted); see the documents and quarantine tables",
            err=True,
        )
        raise typer.Exit(1)


@app.command()
def rebuild(
    warehouse: Annotated[Path | None, typer.Option(help="DuckDB warehouse file.")] = None,
    archive: Annotated[Path | None, typer.Option(help="Raw-document archive folder.")] = None,
    exports: Annotated[Path | None, typer.Option(help="Folder for the dashboard CSVs.")] = None,
) -> None:
    """Replay the raw archive and the analyst's overrides into a fresh warehouse."""
    server = cli_run.start_server_early()
    from returnwatch.prefect_server import ServerFailed
    from returnwatch.warehouse import WarehouseUnusable
    from returnwatch.warehouse.overrides import OverridesError, read_overrides
    from returnwatch.warehouse.rebuild import (
        archive_sources,
        fresh_path,
        put_in_place,
        require_replaceable,
    )
    from returnwatch.warehouse.run_lock import run_lock

    paths = RunPaths.defaults()
    target = (warehouse or paths.warehouse).resolve()
    archive_dir = (archive or paths.archive).resolve()
    export_dir = paths.exports_for(warehouse, exports).resolve()
    cli_run.require_export_target(export_dir)
    try:
        read_overrides(paths.overrides)
        configs = archive_sources(archive_dir)
        with run_lock(target):
            require_replaceable(target)
            fresh = fresh_path(target)
            summary = cli_run.run_pipeline(
                server,
                sources=configs,
                warehouse=fresh,
                archive=archive_dir,
                exports=export_dir,
                expectations=paths.expectations,
            )
            put_in_place(fresh, target)
    except (WarehouseUnusable, OverridesError, FileNotFoundError, ServerFailed) as err:
        _fail(str(err))
    except OSError as err:
        cli_run.fail_if_disk_full(err)
    cli_run.echo_summary(summary)


@app.command()
def extract(
    files: Annotated[
        list[Path], typer.Argument(exists=True, dir_okay=False, help="Documents to read.")
    ],
    published: Annotated[
        str | None, typer.Option(help="Published date (YYYY-MM-DD); overrides front matter.")
    ] = None,
) -> None:
    """Print the figures found in FILES as JSON lines; nothing is written."""
    from returnwatch.documents import Document
    from returnwatch.extract import extract_document
    from returnwatch.extract.describe import describe
    from returnwatch.gazetteer import Gazetteer
    from returnwatch.gazetteer.phrases import resolve_figures

    gazetteer = Gazetteer.load()
    when = cli_run.published_date(published)
    for path in files:
        document = Document(source_id="cli", name=str(path), content=path.read_bytes())
        extraction = extract_document(document, gazetteer, when)
        if extraction.failed:
            typer.echo(f"{extraction.failed}", err=True)
        for problem in extraction.problems:
            typer.echo(problem.reason, err=True)
        for figure in resolve_figures(gazetteer, extraction.figures):
            typer.echo(json.dumps(describe(figure, gazetteer), ensure_ascii=False, default=str))


@app.command("eval")
def eval_(
    corpus: Annotated[
        Path, typer.Argument(exists=True, file_okay=False, help="Folder of documents + .gold.yaml.")
    ],
    details: Annotated[bool, typer.Option(help="Also list every mismatch.")] = False,
) -> None:
    """Score the extractor on a labelled corpus: precision, recall, field accuracy."""
    from returnwatch.evaluate import evaluate_corpus, format_score
    from returnwatch.gazetteer import Gazetteer

    score = evaluate_corpus(corpus, Gazetteer.load())
    if not score.documents:
        _fail(f"{corpus}: no document with a .gold.yaml beside it; see docs/extraction.md")
    typer.echo(format_score(score, details))


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="SQL to run against the warehouse (read-only).")],
    warehouse: Annotated[Path | None, typer.Option(help="DuckDB warehouse file.")] = None,
    format: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
) -> None:
    """Run a read-only SQL query and print the result."""
    import duckdb

    from returnwatch.cli_output import print_rows
    from returnwatch.warehouse import WarehouseUnusable, connect

    if format not in {"table", "csv", "json"}:
        _fail(f"--format must be table, csv or json, not {format!r}")
    try:
        con = connect(warehouse or RunPaths.defaults().warehouse, read_only=True, wait=5)
    except (FileNotFoundError, WarehouseUnusable) as err:
        _fail(str(err))
    try:
        cursor = con.execute(query)
        columns = [d[0] for d in cursor.description or []]
        rows = cursor.fetchall()
    except duckdb.Error as err:
        _fail(f"query failed: {err}")
    finally:
        con.close()
    print_rows(columns, rows, format)


@app.command()
def serve(
    sources: Annotated[
        Path | None, typer.Option(help="Sources file (default: sources.toml).")
    ] = None,
    warehouse: Annotated[Path | None, typer.Option(help="DuckDB warehouse file.")] = None,
    archive: Annotated[Path | None, typer.Option(help="Raw-document archive folder.")] = None,
    exports: Annotated[Path | None, typer.Option(help="Folder for the dashboard CSVs.")] = None,
    list_only: Annotated[
        bool, typer.Option("--list", help="Print the schedules and next runs; serve nothing.")
    ] = False,
) -> None:
    """Register one Prefect deployment per schedule of the sources file and serve them."""
    from dataclasses import replace
    from datetime import UTC, datetime

    from returnwatch.schedules import schedule_groups
    from returnwatch.sources import SourcesFileError, load_sources

    paths = RunPaths.defaults()
    sources_file = (sources or paths.sources).resolve()
    try:
        groups = schedule_groups(load_sources(sources_file))
    except SourcesFileError as err:
        _fail(str(err))
    if not groups:
        _fail(f'{sources_file}: no source has a schedule; add schedule = "CRON" to one')
    for group in groups:
        runs = ", ".join(t.isoformat() for t in group.next_runs(3, datetime.now(UTC)))
        typer.echo(
            f"{group.deployment_name}: '{group.cron}' {group.timezone} "
            f"[{', '.join(group.source_ids)}] next {runs}"
        )
    if list_only:
        return
    if not os.environ.get("PREFECT_API_URL"):
        typer.echo(
            "returnwatch: PREFECT_API_URL is not set: schedules run only under "
            "`prefect server start` (see docs/sources.md)",
            err=True,
        )
    from prefect import serve as prefect_serve

    from flows.deployments import deployment_for

    paths = replace(
        paths,
        warehouse=warehouse or paths.warehouse,
        archive=archive or paths.archive,
        exports=paths.exports_for(warehouse, exports),
    )
    prefect_serve(
        *[deployment_for(g, sources_file, paths) for g in groups], pause_on_shutdown=False
    )


@app.command()
def export(
    warehouse: Annotated[Path | None, typer.Option(help="DuckDB warehouse file.")] = None,
    exports: Annotated[Path | None, typer.Option(help="Folder for the exports.")] = None,
) -> None:
    """Re-export CSVs, HXL files, datapackage.json and dashboard.html without a pull.

    Only when the warehouse's latest run completed and passed its quality checks (the
    results that run stored); otherwise the last good export is kept and the reason printed.
    """
    from returnwatch.export import export_refusal, write_exports
    from returnwatch.warehouse import WarehouseUnusable

    paths = RunPaths.defaults()
    warehouse, exports = warehouse or paths.warehouse, paths.exports_for(warehouse, exports)
    cli_run.require_export_target(exports)
    try:
        refusal = export_refusal(warehouse)
        if refusal:
            _fail(f"not exported: {refusal}")
        files = write_exports(warehouse, exports)
    except (FileNotFoundError, WarehouseUnusable) as err:
        _fail(str(err))
    except OSError as err:
        _fail(f"could not write the exports to {exports} ({err}); the last good export was kept")
    typer.echo(f"{len(files)} files written to {exports}")


# read-only commands on the warehouse as it stands, in their own module (cli_warehouse.py)
app.command()(cli_warehouse.check)
app.command()(cli_warehouse.status)


_exit_status = [1]
"""The status ``main`` leaves with; an exception that escapes the app exits 1."""


def main() -> None:
    """The ``returnwatch`` console script: the app, then an exit that skips the interpreter's
    teardown (freeing every object of pandas, Prefect and GX one by one costs ~1.5 s of CPU).

    Prefect's exit hooks (they flush logs and events to the server) and every ``atexit``
    handler still run first; only the module teardown after them is skipped.
    """
    atexit.register(_exit_now)  # registered first, so it runs after every other handler
    try:
        app()
    except SystemExit as done:
        code = done.code
        _exit_status[0] = code if isinstance(code, int) else (0 if code is None else 1)
        raise
    except KeyboardInterrupt:
        _exit_status[0] = 130
        raise


def _exit_now() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed or broken pipe
            stream.flush()
    os._exit(_exit_status[0])


if __name__ == "__main__":
    main()
