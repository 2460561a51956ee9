"""The run summary: counts that add up to the inputs, what needs review, and the totals."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd


@dataclass
class RunSummary:
    run_id: str
    started_at: datetime | None = None
    documents_new: int = 0
    documents_known: int = 0
    documents_refused: int = 0
    documents_failed: int = 0
    documents_without_figures: int = 0
    figures_extracted: int = 0
    figures_loaded: int = 0
    rows_quarantined: int = 0
    unresolved: pd.DataFrame = field(default_factory=pd.DataFrame)
    checks_passed: bool | None = None
    checks_summary: str = ""
    exports: list[str] = field(default_factory=list)
    export_note: str = ""
    latest_by_district: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def documents_seen(self) -> int:
        return self.documents_new + self.documents_known + self.documents_refused


def summary_markdown(summary: RunSummary) -> str:
    """The run as a person reads it in the Prefect UI."""
    lines = [
        f"# returnwatch run `{summary.run_id}`",
        "",
        "| inputs | count |",
        "|---|---:|",
        f"| seen | {summary.documents_seen} |",
        f"| new | {summary.documents_new} |",
        f"| already loaded (skipped) | {summary.documents_known} |",
        f"| refused | {summary.documents_refused} |",
        f"| unreadable | {summary.documents_failed} |",
        f"| new, with no return figure | {summary.documents_without_figures} |",
        "",
        f"Figures: {summary.figures_extracted} extracted, {summary.figures_loaded} loaded, "
        f"{summary.rows_quarantined} rows quarantined.",
        "",
        "## Checks",
        "",
        ("passed" if summary.checks_passed else "FAILED") + f": {summary.checks_summary}",
        "",
        "## Exports",
        "",
        summary.export_note,
        "",
        *(f"- `{name}`" for name in summary.exports),
        "",
        "## Unresolved places",
        "",
        _table(summary.unresolved, "none"),
        "",
        "## Cumulative returns by district (latest)",
        "",
        _table(summary.latest_by_district, "no district has returns yet"),
    ]
    return "\n".join(lines) + "\n"


def _table(frame: pd.DataFrame, empty: str) -> str:
    if frame.empty:
        return empty
    header = "| " + " | ".join(frame.columns) + " |"
    rule = "|" + "---|" * len(frame.columns)
    body = [
        "| " + " | ".join("" if pd.isna(v) else str(v) for v in row) + " |"
        for row in frame.itertuples(index=False)
    ]
    return "\n".join([header, rule, *body])
