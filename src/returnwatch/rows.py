"""Warehouse rows of one run: documents, figures and quarantine, as frames ready to load."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import pandas as pd

from returnwatch.clock import latest_plausible_date
from returnwatch.documents import Duplicate, Refused, safe_display
from returnwatch.extract import Extraction, Problem
from returnwatch.schemas.figures import EARLIEST_EVENT

FIGURE_EXTRA_COLUMNS = ["file", "published_date"]
EARLIEST_PUBLISHED = EARLIEST_EVENT.date()
"""A published date outside [1990, ``clock.latest_plausible_date``] (today in UTC+14, so no
zone's today is refused) is a misreading: kept out of the warehouse (its GX suite would fail
and hold back every later export) and named in the reason."""
DOCUMENT_STATUSES = ("loaded", "no_figures", "duplicate", "rejected", "failed")


def document_rows(
    extractions: list[Extraction],
    refused: list[Refused],
    archived: dict[str, Path],
    accepted_per_document: dict[str, int],
    run_id: str,
    now: datetime,
    duplicates: Sequence[Duplicate] = (),
) -> pd.DataFrame:
    """One row per input: loaded, no_figures, duplicate, rejected (refused or not a readable
    type) or failed. Names are kept verbatim; reasons, which people read in logs and exports,
    show control and bidi characters escaped (see ``safe_display``)."""
    rows = [_extraction_row(e, archived, accepted_per_document, run_id, now) for e in extractions]
    rows += [_refused_row(item, archived, run_id, now) for item in refused]
    rows += [_duplicate_row(item, run_id, now) for item in duplicates]
    frame = pd.DataFrame(rows)
    if not frame.empty:
        frame["reason"] = [None if pd.isna(r) else safe_display(r) for r in frame["reason"]]
    if "published_date" in frame:  # absent when every input was refused or a duplicate
        frame["published_date"] = pd.to_datetime(frame["published_date"]).dt.date
    return frame


def _extraction_row(e: Extraction, archived, accepted, run_id: str, now: datetime) -> dict:
    doc = e.document
    count = accepted.get(doc.document_id, 0)
    if e.failed:
        status, reason = ("rejected" if e.rejected else "failed"), e.failed
    elif count:
        status, reason = "loaded", None
    else:
        status = "no_figures"
        reason = "no return figures found" + (
            f" ({len(e.figures)} quarantined)" if e.figures else ""
        )
    published, latest = e.published, latest_plausible_date(now)
    if published is not None and not EARLIEST_PUBLISHED <= published <= latest:
        when = "in the future" if published > latest else f"before {EARLIEST_PUBLISHED}"
        reason = f"published date {published} is {when} and was not kept; " + (
            reason or "its figures were loaded"
        )
        published = None
    return {
        "document_id": doc.document_id,
        "source_id": doc.source_id,
        "name": doc.name,
        "url": e.url,
        "title": e.title,
        "publisher": e.publisher,
        "published_date": published,
        "media_type": doc.media_type,
        "size_bytes": len(doc.content),
        "archive_path": str(archived.get(doc.document_id, "")) or None,
        "status": status,
        "reason": reason,
        "n_figures": count,
        "run_id": run_id,
        "loaded_at": now,
    }


def _refused_row(item: Refused, archived, run_id: str, now: datetime) -> dict:
    return {
        "document_id": item.document_id,
        "source_id": item.source_id,
        "name": item.name,
        "published_date": None,  # a run with refused inputs only still has the column
        "size_bytes": item.size_bytes,
        "archive_path": str(archived.get(item.document_id, "")) or None,
        "status": item.status,
        "reason": item.reason,
        "n_figures": 0,
        "run_id": run_id,
        "loaded_at": now,
    }


def _duplicate_row(item: Duplicate, run_id: str, now: datetime) -> dict:
    return {
        "document_id": item.document_id,
        "source_id": item.source_id,
        "name": item.name,
        "size_bytes": item.size_bytes,
        "status": "duplicate",
        "reason": f"same bytes as document {item.duplicate_of}; its figures count once",
        "duplicate_of": item.duplicate_of,
        "n_figures": 0,
        "run_id": run_id,
        "loaded_at": now,
    }


def status_counts(documents: pd.DataFrame) -> dict[str, int]:
    """How many inputs ended in each status (every status named, zero when none)."""
    counts = dict.fromkeys(DOCUMENT_STATUSES, 0)
    if not documents.empty:
        for status, n in documents["status"].value_counts().items():
            counts[str(status)] = int(n)
    return counts


def figure_rows(accepted: pd.DataFrame, run_id: str, now: datetime) -> pd.DataFrame:
    """Accepted figures as the ``figures`` table stores them."""
    frame = accepted.drop(
        columns=[c for c in FIGURE_EXTRA_COLUMNS if c in accepted], errors="ignore"
    )
    frame = frame.assign(run_id=run_id, loaded_at=now)
    # Arrow dates: DuckDB reads them as they are (``.dt.date`` made a million Python objects)
    frame["event_date"] = pd.to_datetime(frame["event_date"]).astype("date32[pyarrow]")
    return frame


def quarantine_rows(
    problems: list[tuple[str, Problem]], rejected: list[dict], run_id: str, now: datetime
) -> pd.DataFrame:
    """Problems met while reading documents, and figures the schema refused."""
    rows = []
    for document_id, problem in problems:
        key = f"{document_id}|{problem.check}|{problem.reason}"
        rows.append(
            {
                "quarantine_id": hashlib.sha1(key.encode()).hexdigest()[:20],
                "document_id": document_id,
                "stage": problem.stage,
                "check_name": problem.check,
                "reason": problem.reason,
                "value": problem.value,
                "record": _json(problem.record),
            }
        )
    rows += [{**row, "record": _json(row["record"])} for row in rejected]
    frame = pd.DataFrame(
        rows,
        columns=[
            "quarantine_id",
            "document_id",
            "stage",
            "check_name",
            "reason",
            "value",
            "record",
        ],
    )
    return frame.assign(run_id=run_id, created_at=now)


def _json(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, default=str, sort_keys=True)
