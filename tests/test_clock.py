"""One clock for "today" (``returnwatch.clock``): the run's day that relative dates and
``read_on`` count from, and the latest date the plausibility checks accept (today in UTC+14),
the same in rows.py, the figures schema and the GX suites.

The story: returnwatch runs on a UTC server and reads Libyan (UTC+2) statements. At
2026-03-01 22:30 UTC it is already 2 March in Libya, so a statement published "today" there
is dated 2026-03-02; it must be kept, while a misreading days ahead (2026-03-05) is not.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd
import pytest
import time_machine
from test_quality_checks import GOOD_WAREHOUSE, only_suite, read_frames

from returnwatch.archive_metadata import metadata_path
from returnwatch.check_worker import CheckWorker
from returnwatch.clock import latest_plausible_date, run_day
from returnwatch.documents import Document
from returnwatch.extract import extract_document
from returnwatch.gazetteer import Gazetteer
from returnwatch.pull import pull_new
from returnwatch.quality import run_checks
from returnwatch.rows import document_rows
from returnwatch.sources import folder_source
from returnwatch.validate import validate_extractions

# 22:30 UTC on 1 March 2026: 00:30 on 2 March in Libya. Frozen on a UTC server (TZ=UTC).
LATE_EVENING_UTC = datetime(2026, 3, 1, 22, 30, tzinfo=ZoneInfo("UTC"))
# The same instant on a machine whose local zone is Libya's.
LATE_EVENING_IN_LIBYA = datetime(2026, 3, 2, 0, 30, tzinfo=ZoneInfo("Africa/Tripoli"))


def test_the_latest_plausible_date_is_today_in_utc_plus_14():
    """A naive time is UTC, as the warehouse keeps them; the date turns at 10:00 UTC."""
    assert latest_plausible_date(datetime(2026, 3, 1, 9, 59)) == date(2026, 3, 1)
    assert latest_plausible_date(datetime(2026, 3, 1, 10, 0)) == date(2026, 3, 2)
    assert latest_plausible_date(LATE_EVENING_IN_LIBYA) == date(2026, 3, 2)
    with time_machine.travel(LATE_EVENING_UTC, tick=False):
        assert (run_day(), latest_plausible_date()) == (date(2026, 3, 1), date(2026, 3, 2))
    with time_machine.travel(LATE_EVENING_IN_LIBYA, tick=False):
        assert (run_day(), latest_plausible_date()) == (date(2026, 3, 2), date(2026, 3, 2))


def statement(published: date) -> Document:
    text = (
        f"---\npublished: {published.isoformat()}\n---\n"
        "Today 250 families returned to Residential District No. 1 in Sirte.\n"
    )
    return Document("samples", "statement.md", text.encode())


def through_rows_and_schema(document: Document):
    """Extract, validate (pandera) and make the run's documents rows, as a run does."""
    extraction = extract_document(document, Gazetteer.load())
    validated = validate_extractions([extraction])
    now = datetime.now(ZoneInfo("UTC")).replace(tzinfo=None)  # naive UTC, as the flow passes
    accepted = {document.document_id: len(validated.accepted)}
    documents = document_rows([extraction], [], {}, accepted, "run-1", now)
    return validated, documents.iloc[0]


def test_a_statement_published_today_in_libya_is_kept_by_a_utc_server():
    with time_machine.travel(LATE_EVENING_UTC, tick=False):
        assert date.today() == date(2026, 3, 1)  # the server's own date is still the 1st
        validated, document = through_rows_and_schema(statement(date(2026, 3, 2)))

    kept = {
        "schema_rejected": [row["check_name"] for row in validated.rejected],
        "event_dates": list(validated.accepted["event_date"].dt.date),
        "published_date": document["published_date"],
        "status": document["status"],
        "reason": document["reason"],
    }
    assert kept == {
        "schema_rejected": [],
        "event_dates": [date(2026, 3, 2)],
        "published_date": date(2026, 3, 2),
        "status": "loaded",
        "reason": None,
    }


def test_a_published_date_days_ahead_is_still_a_misreading():
    with time_machine.travel(LATE_EVENING_UTC, tick=False):
        validated, document = through_rows_and_schema(statement(date(2026, 3, 5)))

    assert validated.accepted.empty
    (rejected,) = validated.rejected
    assert "fails 'event date is in the future'" in rejected["reason"]
    assert pd.isna(document["published_date"])
    assert document["status"] == "no_figures"
    assert "published date 2026-03-05 is in the future and was not kept" in document["reason"]


def dated_warehouse_frames(path, day: date) -> dict:
    """The good warehouse of test_quality_checks with its figures and document dated ``day``
    and loaded at the frozen instant."""
    with duckdb.connect(str(path)) as con:
        con.execute(GOOD_WAREHOUSE)
        loaded = datetime(2026, 3, 1, 22, 30)
        con.execute("update figures set event_date = ?, loaded_at = ?", [day, loaded])
        con.execute("update documents set loaded_at = ?", [loaded])
        con.execute(
            "update documents set published_date = ? where published_date is not null", [day]
        )
        return read_frames(con)


def figures_and_documents_suites(tmp_path):
    suites = only_suite(tmp_path, "figures")
    documents = only_suite(tmp_path, "documents") / "documents.json"
    (suites / "documents.json").write_bytes(documents.read_bytes())
    return suites


@pytest.mark.parametrize(
    "day, passes", [(date(2026, 3, 2), True), (date(2026, 3, 5), False)], ids=["today", "ahead"]
)
def test_the_gx_checks_draw_the_same_line(tmp_path, day, passes):
    frames = dated_warehouse_frames(tmp_path / "returns.duckdb", day)
    suites = figures_and_documents_suites(tmp_path)

    with time_machine.travel(LATE_EVENING_UTC, tick=True):
        report = run_checks(frames, suites, tables=["figures", "documents"])

    assert report.passed is passes, report.summary()
    if not passes:
        failed = {(f.suite, f.column_name) for f in report.failures()}
        assert failed == {("figures", "event_date"), ("documents", "published_date")}


def test_the_check_worker_checks_against_the_runs_clock_not_its_own(tmp_path, monkeypatch):
    """The worker is a separate process (not frozen here: its clock says today's real date);
    the date the checks draw their line at is the run's, sent with each request."""
    monkeypatch.setenv("RETURNWATCH_CHECK_WORKER_PARALLEL", "0")
    worker = CheckWorker(figures_and_documents_suites(tmp_path))
    reports = {}
    try:
        with time_machine.travel(LATE_EVENING_UTC, tick=True):
            for day in (date(2026, 3, 2), date(2026, 3, 5)):
                frames = dated_warehouse_frames(tmp_path / f"{day}.duckdb", day)
                frames = {table: frames[table] for table in ("figures", "documents")}
                worker.check_frames(frames, f"run-{day}")
                reports[day] = worker.early_report(f"run-{day}")
    finally:
        worker.close()

    assert reports[date(2026, 3, 2)].passed, reports[date(2026, 3, 2)].summary()
    assert not reports[date(2026, 3, 5)].passed
    failed = {(f.suite, f.column_name) for f in reports[date(2026, 3, 5)].failures()}
    assert failed == {("figures", "event_date"), ("documents", "published_date")}


def test_yesterday_and_read_on_count_from_the_run_day(tmp_path):
    """On a machine in Libya's zone, the run's day at 22:30 UTC is already 2 March: the pull
    records it as ``read_on`` and "yesterday" in a document with no published date is 1 March."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "note.md").write_text(
        "Yesterday 120 families returned to Residential District No. 1 in Sirte.\n"
    )
    with time_machine.travel(LATE_EVENING_IN_LIBYA, tick=False):
        pulled = pull_new([folder_source(inbox)], tmp_path / "archive", set())
        (document,) = pulled.documents
        extraction = extract_document(document, Gazetteer.load())

    assert document.read_on == date(2026, 3, 2)
    sidecar = metadata_path(tmp_path / "archive", document.source_id, document.document_id)
    assert json.loads(sidecar.read_text())["read_on"] == "2026-03-02"
    assert [f.event_date for f in extraction.figures] == [date(2026, 3, 1)]
