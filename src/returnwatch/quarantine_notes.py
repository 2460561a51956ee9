"""Quarantine rows that are notes, not rejections: a part of an input returnwatch sets aside
on purpose because it is expected there and is no figure, such as the "Total" row of a DTM
table (``total_row``, see ``extract/hxl_places.py``).

A note keeps its quarantine row (so the part never vanishes and stays listed), counts in
``rows_quarantined`` like any quarantine row, and is never counted as a rejection: ``run
--strict`` does not fail on it, the run's counts line and report name it apart, and
``returnwatch status`` counts notes apart (``quarantine_notes``). This is the only list of
them (no pandas or Prefect here: ``status`` imports it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

NOTES: dict[str, tuple[str, str]] = {
    "total_row": ("total row set aside", "total rows set aside"),
}
"""Check name -> how the counts line says one row / several rows of it."""

NOTE_CHECKS: tuple[str, ...] = tuple(NOTES)


def is_note(check_name: str) -> bool:
    """True when a quarantine row of this check is a note, not a rejection."""
    return check_name in NOTES


def count(check_names: Iterable[str]) -> dict[str, int]:
    """The notes among quarantine rows of these check names, by check name."""
    return dict(Counter(name for name in check_names if name in NOTES))


def describe(counts: dict[str, int]) -> str:
    """``1 total row set aside`` for the notes counted by check name (empty when none)."""
    return ", ".join(f"{n} {NOTES[check][0 if n == 1 else 1]}" for check, n in counts.items() if n)
