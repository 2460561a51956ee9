"""The ``returnwatch`` command line."""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from returnwatch.config import RunPaths

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

app = typer.Typer(
    help="Track displaced people returning home: announcements in, cumulative returns out.",
    no_args_is_help=True,
    add_completion=False,
)

PathOption = Annotated[Path | None, typer.Option(dir_okay=True, resolve_path=True)]


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
) -> None:
    """One pipeline run: pull, extract, check, load, derive, export."""
    from returnwatch.sources import SourcesFileError, folder_source, load_sources

    paths = RunPaths.defaults()
    try:
        configs = [folder_source(inbox)] if inbox else load_sources(sources or paths.sources)
    except SourcesFileError as err:
        _fail(str(err))
    if inbox and not inbox.is_dir():
        _fail(f"{inbox}: --inbox must be a folder")
    from flows.returns_pipeline import returns_pipeline
    from returnwatch.warehouse import WarehouseLocked

    try:
        summary = returns_pipeline(
            sources=configs,
            warehouse=(warehouse or paths.warehouse).resolve(),
            archive=(archive or paths.archive).resolve(),
            exports=(exports or paths.exports).resolve(),
            expectations=paths.expectations,
            published=_date(published),
        )
    except WarehouseLocked as err:
        _fail(str(err))
    typer.echo(
        f"{summary.documents_new} new documents, {summary.figures_loaded} figures loaded, "
        f"{summary.rows_quarantined} quarantined; checks {'passed' if summary.checks_passed else 'FAILED'}; "
        f"{summary.export_note}"
    )


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
    when = _date(published)
    for path in files:
        document = Document(source_id="cli", name=str(path), content=path.read_bytes())
        extraction = extract_document(document, gazetteer, when)
        if extraction.failed:
            typer.echo(f"{extraction.failed}", err=True)
        for problem in extraction.problems:
            typer.echo(problem.reason, err=True)
        for figure in resolve_figures(gazetteer, extraction.figures):
            typer.echo(json.dumps(describe(figure, gazetteer), ensure_ascii=False, default=str))


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="SQL to run against the warehouse (read-only).")],
    warehouse: Annotated[Path | None, typer.Option(help="DuckDB warehouse file.")] = None,
    format: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
) -> None:
    """Run a read-only SQL query and print the result."""
    import duckdb

    from returnwatch.cli_output import print_rows
    from returnwatch.warehouse import WarehouseLocked, connect

    if format not in {"table", "csv", "json"}:
        _fail(f"--format must be table, csv or json, not {format!r}")
    try:
        con = connect(warehouse or RunPaths.defaults().warehouse, read_only=True, wait=5)
    except (FileNotFoundError, WarehouseLocked) as err:
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
def export(
    warehouse: Annotated[Path | None, typer.Option(help="DuckDB warehouse file.")] = None,
    exports: Annotated[Path | None, typer.Option(help="Folder for the exports.")] = None,
) -> None:
    """Re-export CSVs, HXL files, datapackage.json and dashboard.html without a pull.

    Only when the warehouse's latest run completed and passed its quality checks (the
    results that run stored); otherwise the last good export is kept and the reason printed.
    """
    from returnwatch.export import export_refusal, write_exports
    from returnwatch.warehouse import WarehouseLocked

    paths = RunPaths.defaults()
    warehouse, exports = warehouse or paths.warehouse, exports or paths.exports
    try:
        refusal = export_refusal(warehouse)
        if refusal:
            _fail(f"not exported: {refusal}")
        files = write_exports(warehouse, exports)
    except (FileNotFoundError, WarehouseLocked) as err:
        _fail(str(err))
    except OSError as err:
        _fail(f"could not write the exports to {exports} ({err}); the last good export was kept")
    typer.echo(f"{len(files)} files written to {exports}")


def _date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        _fail(f"--published {text!r} is not a date; write it as YYYY-MM-DD")


def _fail(message: str) -> None:
    typer.echo(f"returnwatch: {message}", err=True)
    raise typer.Exit(2)


if __name__ == "__main__":
    sys.exit(app())
