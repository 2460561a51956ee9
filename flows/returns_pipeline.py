"""The ``returns_pipeline`` flow: pull → extract → resolve → validate → load → derive →
check → export → report. Each task calls one library function with plain values."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
from prefect import flow, get_run_logger, task
from prefect.artifacts import (
    create_link_artifact,
    create_markdown_artifact,
    create_table_artifact,
)
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from flows.dask_extraction import extract_in_batches
from returnwatch import check_worker, early_check, quality, quarantine_notes
from returnwatch.config import EXPORT_WHILE_CHECKING, RunPaths
from returnwatch.export import ExportedRun, PendingExport, start_exports, write_exports
from returnwatch.extract import extract_all
from returnwatch.gazetteer import Gazetteer
from returnwatch.gazetteer.phrases import resolve_figures
from returnwatch.progress import track
from returnwatch.pull import Pulled, known_document_names, pull_new
from returnwatch.report import RunSummary, attention_rows, summary_markdown
from returnwatch.rows import (
    DOCUMENT_STATUSES,
    document_rows,
    figure_rows,
    quarantine_rows,
    status_counts,
)
from returnwatch.sources import SourceConfig
from returnwatch.unchanged import inputs_fingerprint, unchanged_since
from returnwatch.validate import Validated, validate_extractions, warm_up_validation
from returnwatch.warehouse import load_tables
from returnwatch.warehouse.queries import known_document_ids, run_queries


@task(cache_policy=NO_CACHE)
def pull(
    sources: list[SourceConfig], archive: Path, warehouse: Path, published: date | None = None
) -> Pulled:
    """New documents, archived; each keeps ``published`` (``--published``) beside its bytes."""
    return pull_new(
        track(sources, "Pulling sources"),
        archive,
        known_document_ids(warehouse),
        known_document_names(warehouse),
        published_given=published,
    )


@task(cache_policy=NO_CACHE)
def extract(pulled: Pulled, published: date | None, gazetteer: Path | None = None) -> list:
    documents = track(pulled.documents, "Extracting figures")
    return extract_all(documents, Gazetteer.load(gazetteer), published)


@task(cache_policy=NO_CACHE)
def resolve(extractions: list, gazetteer: Path | None = None) -> list:
    places = Gazetteer.load(gazetteer)
    return [replace(e, figures=resolve_figures(places, e.figures)) for e in extractions]


@task(cache_policy=NO_CACHE)
def validate(extractions: list) -> Validated:
    return validate_extractions(extractions)  # a table's figures stay one frame


class LoadInput:
    """A run's extractions and validated figures, handed to the ``load`` task, which takes
    them out: then neither the flow nor Prefect's task run holds a million figures' frames
    (~0.7 GB) while the derive runs beside DuckDB's whole memory limit."""

    def __init__(self, extractions: list, validated: Validated):
        self._held: tuple[list, Validated] | None = (extractions, validated)

    def take(self) -> tuple[list, Validated]:
        if self._held is None:
            raise RuntimeError("this run's extractions were already taken by its load")
        held, self._held = self._held, None
        return held


@task(cache_policy=NO_CACHE)
def load(
    warehouse: Path,
    run_id: str,
    pulled: Pulled,
    handed: LoadInput,
    gazetteer: Path | None = None,
    expectations: Path | None = None,
) -> dict[str, int]:
    """Load the run's rows and derive; with ``expectations`` and the run's check worker,
    the base tables are handed to it for checking before the derive (``early_check``)."""
    extractions, validated = handed.take()
    now = datetime.now(UTC).replace(tzinfo=None)
    accepted = _per_document(validated)
    problems = [(e.document.document_id, p) for e in extractions for p in e.problems]
    places = Gazetteer.load(gazetteer)
    frames = {
        "areas": places.areas_frame(),
        "household_sizes": places.household_sizes_frame(),
        "documents": document_rows(
            extractions, pulled.refused, pulled.archived, accepted, run_id, now, pulled.duplicates
        ),
        "quarantine": quarantine_rows(problems, validated.rejected, run_id, now),
        "pipeline_runs": _run_row(run_id, now, "running"),
    }
    del extractions, problems
    if not validated.accepted.empty:
        frames["figures"] = figure_rows(validated.accepted, run_id, now)
    del validated
    # figure_id is unique in the accepted frame (the schema's unique check): not hashed again
    after_insert = early_check.after_insert(expectations, run_id) if expectations else None
    added = load_tables(
        warehouse, frames, release=True, unique={"figures"}, after_insert=after_insert
    ).added
    if expectations and early_check.handed_over(expectations, run_id):
        get_run_logger().info("Base tables handed to the check worker before the derive")
    return added


@task(cache_policy=NO_CACHE)
def check(
    warehouse: Path, expectations: Path, run_id: str
) -> tuple[quality.QualityReport, pd.DataFrame]:
    """The report, and its results as ``quality_results`` rows, which the ``report`` task
    stores with the run's own row (one write to the warehouse instead of two)."""
    worker = check_worker.running()  # started by `returnwatch run`: GX in a second process
    report = early_check.check(warehouse, expectations, run_id)  # base tables checked early
    if report is None and worker is not None and worker.expectations_dir == expectations:
        report = worker.check(warehouse, run_id=run_id)
    elif report is None:
        report = quality.check_warehouse(warehouse, expectations, run_id=run_id)
    results = report.frame().assign(
        run_id=run_id, checked_at=datetime.now(UTC).replace(tzinfo=None)
    )
    return report, results


@task(cache_policy=NO_CACHE)
def export(
    warehouse: Path, exports: Path, run: ExportedRun, pending: PendingExport | None = None
) -> tuple[list[str], str]:
    """The files written and a note; a failed write (a full disk) keeps the last export.
    ``run``: this run, named in ``datapackage.json``; ``pending``: the exports already being
    written (``start_exports``), published here."""
    try:
        files = pending.publish() if pending is not None else write_exports(warehouse, exports, run)
    except OSError as err:
        get_run_logger().error("Export to %s failed: %s", exports, err)
        return [], f"export FAILED ({err}): the last good export in {exports} was kept"
    dashboard = exports / "dashboard.html"
    create_link_artifact(
        dashboard.as_uri(), link_text="dashboard.html", key="returnwatch-dashboard"
    )
    return [path.name for path in files], f"{len(files)} files written to {exports}"


@task(cache_policy=NO_CACHE)
def report(warehouse: Path, summary: RunSummary, checked: pd.DataFrame | None = None) -> str:
    """The run's summary (artifacts and its ``pipeline_runs`` row), stored in one
    transaction with ``checked``, the ``quality_results`` rows of its checks (None: it ran
    none)."""
    names = ["run_unresolved_places", "unresolved_count", "latest_by_district"]
    if summary.figures_loaded:  # a run that loaded no figure has none that do not count
        names.append("run_uncounted_figures")
    run = [summary.run_id]
    found = run_queries(
        warehouse,
        *names,
        parameters={"run_unresolved_places": run, "run_uncounted_figures": run},
    )
    summary.take_unresolved(found[0], int(found[1]["figures"].iloc[0]))
    summary.latest_by_district = found[2]
    if summary.figures_loaded:
        summary.take_uncounted(found[3])
    markdown = summary_markdown(summary)
    create_markdown_artifact(markdown, key="returnwatch-run-summary", description="returnwatch run")
    table = summary.latest_by_district.astype(str).to_dict("records")
    create_table_artifact(table, key="cumulative-returns-by-district", description="latest totals")
    finished = _run_row(
        summary.run_id, datetime.now(UTC).replace(tzinfo=None), "completed", summary
    )
    frames = {"pipeline_runs": finished}
    if checked is not None:
        frames["quality_results"] = checked
    load_tables(warehouse, frames)
    return markdown


@flow(name="returns_pipeline", log_prints=True)
def returns_pipeline(
    sources: list[SourceConfig],
    warehouse: Path,
    archive: Path,
    exports: Path,
    expectations: Path,
    published: date | None = None,
    extract_batch_size: int | None = None,
    gazetteer: Path | None = None,
) -> RunSummary:
    """One pipeline run over ``sources`` into ``warehouse``; exports only if checks pass.

    ``extract_batch_size``: extract in batches of this many documents, each a task on the
    flow's task runner (a Dask cluster with ``--task-runner dask``); None extracts in-process.

    A run that pulls nothing new, with nothing else changed since the latest run (see
    ``returnwatch.unchanged``), records itself and reports without loading, deriving,
    checking or exporting again: that run's checks and exports still stand.
    """
    logger = get_run_logger()
    run_id = _run_id()
    started = datetime.now(UTC).replace(tzinfo=None)
    fingerprint = inputs_fingerprint(RunPaths.defaults().overrides, expectations, gazetteer)
    pulled = pull(sources, archive, warehouse, published)
    since = None if _has_new(pulled) else unchanged_since(warehouse, fingerprint, exports)
    if since is not None:
        pulled.keep_validators()
        summary, checked = _unchanged_summary(run_id, pulled, since, exports), None
    else:
        warm_up()  # GX takes seconds to import: overlap it with extract, validate and load
        summary, checked = _full_run(
            ExportedRun(run_id, started_at=started),
            pulled,
            warehouse,
            exports,
            expectations,
            published,
            gazetteer,
            extract_batch_size,
        )
    summary.started_at, summary.inputs_fingerprint = started, fingerprint
    report(warehouse, summary, checked)
    logger.info(
        "run %s: %d new documents, %d figures loaded, %d quarantined; checks %s",
        run_id,
        summary.documents_new,
        summary.figures_loaded,
        summary.rows_quarantined,
        "passed" if summary.checks_passed else "failed",
    )
    return summary


def _full_run(
    run: ExportedRun,
    pulled: Pulled,
    warehouse: Path,
    exports: Path,
    expectations: Path,
    published: date | None,
    gazetteer: Path | None,
    extract_batch_size: int | None,
) -> tuple[RunSummary, pd.DataFrame]:
    """Extract, validate, load (and derive), check, and export when the checks pass; the
    summary and the checks' ``quality_results`` rows. ``run``: this run (its exports name it;
    it finishes after them)."""
    run_id = run.run_id
    if extract_batch_size:
        extractions = extract_in_batches(pulled.documents, published, extract_batch_size, gazetteer)
    else:
        extractions = resolve(extract(pulled, published, gazetteer), gazetteer)
    validated = validate(extractions)
    summary = _summary(run_id, pulled, extractions, validated)
    handed = LoadInput(extractions, validated)
    del extractions, validated  # the load frees them before its derive (the peak RSS target)
    load(warehouse, run_id, pulled, handed, gazetteer, expectations)  # derives, same transaction
    pulled.keep_validators()  # conditional GET state, only once the documents are loaded
    # The exports are written while the checks run (both only read the warehouse) and
    # published only if the checks pass; otherwise dropped, and the last good one stays.
    pending = start_exports(warehouse, exports, run) if EXPORT_WHILE_CHECKING else None
    try:
        quality_report, checked = check(warehouse, expectations, run_id)
        summary.checks_passed = quality_report.passed
        summary.checks_summary = quality_report.summary()
        if quality_report.passed:
            summary.exports, summary.export_note = export(warehouse, exports, run, pending)
            summary.exports_dir = str(exports) if summary.exports else None
    finally:
        if pending is not None:
            pending.discard()  # nothing once published
    if not quality_report.passed:
        summary.export_note = (
            f"checks FAILED, so the last good export in {exports} was kept:\n"
            f"{quality_report.summary()}"
        )
        get_run_logger().warning(
            "Quality checks failed; exports not refreshed:\n%s", quality_report.summary()
        )
    return summary, checked


def warm_up() -> threading.Thread:
    """Start, once per process and in a background thread, the imports the validate and
    check stages make on first use (GX's take seconds); a check waits for them if needed.

    ``returnwatch run`` calls it while Prefect's temporary server starts; the flow calls
    it once pull has found something new.
    """
    global _warming
    if _warming is None:
        _warming = threading.Thread(target=_warm, name="returnwatch-warm-up", daemon=True)
        _warming.start()
    return _warming


_warming: threading.Thread | None = None


def _warm() -> None:
    if check_worker.running() is None:  # a check worker imports GX in its own process
        quality.warm_up()
    warm_up_validation()


def _has_new(pulled: Pulled) -> bool:
    return bool(pulled.documents or pulled.refused or pulled.duplicates)


def _unchanged_summary(run_id: str, pulled: Pulled, since: str, exports: Path) -> RunSummary:
    return RunSummary(
        run_id=run_id,
        documents_known=pulled.known,
        by_status=dict.fromkeys(DOCUMENT_STATUSES, 0),
        checks_passed=True,
        checks_summary=f"not run again: nothing has changed since run {since}, which passed",
        export_note=f"nothing new since run {since}: its exports in {exports} stand",
        exports_dir=str(exports),
    )


def _run_id() -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    return f"{stamp}-{(flow_run.id or 'local')[:8]}"


def _summary(run_id, pulled: Pulled, extractions, validated: Validated) -> RunSummary:
    """What the run read, extracted and loaded (the checks' outcome is added after them)."""
    accepted = _per_document(validated)
    loaded = set(accepted)
    readable = [e for e in extractions if not e.failed]
    now = datetime.now(UTC).replace(tzinfo=None)
    documents = document_rows(
        extractions, pulled.refused, pulled.archived, accepted, run_id, now, pulled.duplicates
    )
    return RunSummary(
        run_id=run_id,
        documents_new=len(pulled.documents),
        documents_known=pulled.known,
        documents_refused=len(pulled.refused),
        documents_failed=sum(1 for e in extractions if e.failed),
        documents_without_figures=sum(1 for e in readable if e.document.document_id not in loaded),
        documents_duplicate=len(pulled.duplicates),
        by_status=status_counts(documents),
        attention=attention_rows(documents),
        figures_extracted=sum(len(e.figures) for e in extractions),
        figures_loaded=len(validated.accepted),
        rows_quarantined=len(validated.rejected) + sum(len(e.problems) for e in extractions),
        notes=quarantine_notes.count(
            [p.check for e in extractions for p in e.problems]
            + [row["check_name"] for row in validated.rejected]
        ),
    )


def _per_document(validated: Validated) -> Counter:
    """Accepted figures per document id (counted column-wise: a table brings a million)."""
    if validated.accepted.empty:
        return Counter()
    return Counter(validated.accepted["document_id"].value_counts().to_dict())


def _run_row(
    run_id: str, now: datetime, status: str, summary: RunSummary | None = None
) -> pd.DataFrame:
    row: dict = {"run_id": run_id, "flow_run_id": flow_run.id, "started_at": now, "status": status}
    if summary is not None:
        row.update(
            started_at=summary.started_at or now,
            finished_at=now,
            documents_seen=summary.documents_seen,
            documents_new=summary.documents_new,
            figures_loaded=summary.figures_loaded,
            rows_quarantined=summary.rows_quarantined,
            unresolved_places=summary.unresolved_figures,
            checks_passed=summary.checks_passed,
            exports_dir=summary.exports_dir,
            inputs_fingerprint=summary.inputs_fingerprint,
            message=summary.export_note,
        )
    return pd.DataFrame([row])
