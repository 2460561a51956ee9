"""``returnwatch check`` and ``returnwatch status``: the warehouse as it stands, read-only.

The commands only print; ``quality/on_demand.py`` and ``status.py`` compute. Imports are made
inside the commands, so ``returnwatch --help`` stays light; neither imports Prefect.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from returnwatch.cli_output import fail
from returnwatch.config import RunPaths

FORMATS = ("table", "json")


def check(
    warehouse: Annotated[Path | None, typer.Option(help="DuckDB warehouse file.")] = None,
    expectations: Annotated[
        Path | None, typer.Option(help="Folder of suites (default: expectations/).")
    ] = None,
    format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """Run the Great Expectations suites on the warehouse as it stands; nothing is written.

    Exit 0 when every expectation passed, 1 when any failed, 2 when the warehouse cannot
    be checked (missing, no run yet, not derived, locked by a run, no suites folder).
    """
    from returnwatch.quality import SuiteError
    from returnwatch.quality.on_demand import CannotCheck, check_now, suite_counts
    from returnwatch.warehouse import WarehouseUnusable
    from returnwatch.warehouse.run_lock import lock_holder

    _require_format(format)
    paths = RunPaths.defaults()
    warehouse = (warehouse or paths.warehouse).resolve()
    try:
        report = check_now(warehouse, (expectations or paths.expectations).resolve())
    except (FileNotFoundError, WarehouseUnusable, CannotCheck, SuiteError) as err:
        fail(str(err))
    holder = lock_holder(warehouse)
    if holder:
        typer.echo(
            f"returnwatch: a run (process {holder}) is writing to {warehouse}; this checked "
            "the warehouse as it stood when read",
            err=True,
        )
    if format == "json":
        _print_check_json(warehouse, report, suite_counts(report))
    else:
        from returnwatch.cli_output import print_records

        print_records(suite_counts(report), f"checks of {warehouse}")
        typer.echo(report.summary())
    raise typer.Exit(0 if report.passed else 1)


def _print_check_json(warehouse: Path, report, suites: list[dict[str, Any]]) -> None:
    from dataclasses import asdict

    from returnwatch.cli_output import print_json

    print_json(
        {
            "warehouse": str(warehouse),
            "passed": report.passed,
            "suites": suites,
            "failures": [asdict(result) for result in report.failures()],
        }
    )


def status(
    warehouse: Annotated[Path | None, typer.Option(help="DuckDB warehouse file.")] = None,
    exports: Annotated[Path | None, typer.Option(help="Folder of the exports.")] = None,
    format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """What the warehouse holds: latest runs, documents, totals, exports, the run lock.

    For the exports: the run whose warehouse they hold (datapackage.json's returnwatch.run_id,
    inferred for older packages) and whether they are current, i.e. that run is the
    warehouse's latest completed one. Read-only. Exit 0, or 2 when there is no readable
    warehouse at that path.
    """
    from dataclasses import asdict

    from returnwatch.cli_output import print_json
    from returnwatch.status import warehouse_status
    from returnwatch.warehouse import WarehouseUnusable

    _require_format(format)
    paths = RunPaths.defaults()
    try:
        found = warehouse_status(
            (warehouse or paths.warehouse).resolve(),
            paths.exports_for(warehouse, exports).resolve(),
        )
    except (FileNotFoundError, WarehouseUnusable) as err:
        fail(str(err))
    if format == "json":
        print_json(asdict(found))
    else:
        _print_status_tables(found)


def _print_status_tables(found) -> None:
    from returnwatch.cli_output import print_records

    if found.runs:  # each message below the table: free text, too long for a column
        runs = [{k: v for k, v in run.items() if k != "message"} for run in found.runs]
        print_records(runs, f"latest runs of {found.warehouse}")
        for run in found.runs:
            typer.echo(f"{run['run_id']}: {_first_line(run['message']) or ''}")
    else:
        typer.echo(f"{found.warehouse}: no runs yet")
    print_records(
        [{"status": name, "documents": n} for name, n in found.documents.items()], "documents"
    )
    if found.figures is not None:  # reasons as in figure_reasons; see docs/warehouse.md
        print_records(found.figures, "figures by status")
    for title, values in (
        ("totals", found.totals),
        ("exports", found.exports),
        ("run lock", found.run_lock),
    ):
        print_records([{"what": key, "value": value} for key, value in values.items()], title)


def _first_line(text: str | None) -> str | None:
    return text.splitlines()[0] if text else text


def _require_format(format: str) -> None:
    if format not in FORMATS:
        fail(f"--format must be {' or '.join(FORMATS)}, not {format!r}")
