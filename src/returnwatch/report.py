"""The run summary: counts that add up to the inputs, what needs review, and the totals."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from returnwatch import quarantine_notes
from returnwatch.documents import safe_display

UNCOUNTED_LISTED = 50
"""How many of a run's figures that count in no total its Prefect report lists."""
UNRESOLVED_LISTED = 50
"""How many of the places a run could not name its Prefect report lists (as many as
``run_unresolved_places.sql`` gives)."""


@dataclass
class RunSummary:
    run_id: str
    started_at: datetime | None = None
    documents_new: int = 0
    documents_known: int = 0
    documents_refused: int = 0
    documents_failed: int = 0
    documents_without_figures: int = 0
    documents_duplicate: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    attention: pd.DataFrame = field(default_factory=pd.DataFrame)
    figures_extracted: int = 0
    figures_loaded: int = 0
    rows_quarantined: int = 0
    """Every quarantine row of the run, notes included (``pipeline_runs.rows_quarantined``)."""
    notes: dict[str, int] = field(default_factory=dict)
    """Of those, the notes (rows set aside on purpose, see ``quarantine_notes``) by check."""
    unresolved: pd.DataFrame = field(default_factory=pd.DataFrame)
    """The places this run could not name, most figures first (``run_unresolved_places.sql``:
    at most ``UNRESOLVED_LISTED``)."""
    unresolved_places: int = 0
    """How many places (texts) this run could not name, listed or not."""
    unresolved_figures: int = 0
    """How many of this run's figures give such a place (``pipeline_runs.unresolved_places``)."""
    unresolved_in_warehouse: int = 0
    """How many figures of the whole warehouse give such a place, this run's included."""
    uncounted_by_reason: dict[str, int] = field(default_factory=dict)
    """How many of this run's figures count in no total, by why (``figure_reasons``)."""
    uncounted: pd.DataFrame = field(default_factory=pd.DataFrame)
    """The first of those figures, with their documents (``run_uncounted_figures.sql``)."""
    checks_passed: bool | None = None
    checks_summary: str = ""
    exports: list[str] = field(default_factory=list)
    export_note: str = ""
    latest_by_district: pd.DataFrame = field(default_factory=pd.DataFrame)
    exports_dir: str | None = None
    """Where this run's exports stand (written by it, or by the unchanged run before it)."""
    inputs_fingerprint: str | None = None
    """See ``returnwatch.unchanged``."""

    @property
    def documents_seen(self) -> int:
        """Every input the sources yielded in this run."""
        return (
            self.documents_new
            + self.documents_known
            + self.documents_refused
            + self.documents_duplicate
        )

    @property
    def documents_accounted(self) -> int:
        """Inputs with a documents row written by this run, plus those recorded earlier:
        equal to ``documents_seen`` when nothing vanished."""
        return self.documents_known + sum(self.by_status.values())

    @property
    def rejections(self) -> int:
        """Inputs refused or unreadable, and quarantine rows that are not notes (a figure
        refused by a check): what ``--strict`` fails on."""
        return (
            self.by_status.get("rejected", 0)
            + self.by_status.get("failed", 0)
            + self.rows_quarantined
            - sum(self.notes.values())
        )

    def quarantined_note(self) -> str:
        """``3 quarantined`` or, when some are notes, ``3 quarantined (1 total row set aside,
        not a rejection)``."""
        notes = quarantine_notes.describe(self.notes)
        rejection = "not a rejection" if sum(self.notes.values()) == 1 else "not rejections"
        return f"{self.rows_quarantined} quarantined" + (
            f" ({notes}, {rejection})" if notes else ""
        )

    def counts_line(self) -> str:
        """One line for a terminal: every input in exactly one group, then the rows set
        aside on purpose (notes, e.g. ``1 total row set aside``), and, when any of the run's
        figures count in no total, how many and why."""
        parts = [f"{status} {n}" for status, n in self.by_status.items()]
        parts.append(f"already recorded {self.documents_known}")
        line = f"{self.documents_seen} inputs: " + ", ".join(parts)
        tails = [quarantine_notes.describe(self.notes), self.uncounted_note()]
        return "; ".join([line, *(tail for tail in tails if tail)])

    def take_uncounted(self, rows: pd.DataFrame) -> None:
        """The run's figures that count in no total, as ``run_uncounted_figures.sql`` gives
        them (up to 50 of each reason, each row with its reason's count): how many by
        reason, and the first ``UNCOUNTED_LISTED`` to list."""
        firsts = rows.drop_duplicates("reason")
        self.uncounted_by_reason = {
            reason: int(n)
            for reason, n in zip(firsts["reason"], firsts["reason_figures"], strict=True)
        }
        listed = rows.drop(columns="reason_figures").head(UNCOUNTED_LISTED)
        self.uncounted = listed.reset_index(drop=True)

    def take_unresolved(self, rows: pd.DataFrame, in_warehouse: int) -> None:
        """The places this run could not name, as ``run_unresolved_places.sql`` gives them
        (each row with the run's counts), and the whole warehouse's count of such figures."""
        self.unresolved_in_warehouse = in_warehouse
        if rows.empty:
            self.unresolved = pd.DataFrame()
            self.unresolved_places = self.unresolved_figures = 0
            return
        self.unresolved_places = int(rows["run_places"].iloc[0])
        self.unresolved_figures = int(rows["run_figures"].iloc[0])
        listed = rows.drop(columns=["run_places", "run_figures"]).head(UNRESOLVED_LISTED)
        self.unresolved = listed.reset_index(drop=True)

    def unresolved_note(self) -> str:
        """What the report says above the places this run could not name."""
        held = self.unresolved_in_warehouse
        warehouse = (
            f"the whole warehouse holds {held} {'figure' if held == 1 else 'figures'} whose "
            "place could not be named (`returnwatch status`, `unresolved_places.csv`)"
        )
        if not self.unresolved_figures:
            which = "this run loaded no figure" if not self.figures_loaded else "none"
            return f"{which}; {warehouse}"
        figures = "figure" if self.unresolved_figures == 1 else "figures"
        give = "gives" if self.unresolved_figures == 1 else "give"
        places = "place" if self.unresolved_places == 1 else "places"
        return (
            f"{self.unresolved_figures} {figures} of this run {give} {self.unresolved_places} "
            f"{places} the gazetteer could not name, most figures first; {warehouse}"
        )

    def uncounted_note(self) -> str:
        """``3 figures do not count: 2 undated, 1 unplaced; see figure_status`` (empty when
        every figure of the run counts)."""
        n = sum(self.uncounted_by_reason.values())
        if not n:
            return ""
        reasons = ", ".join(f"{k} {reason}" for reason, k in self.uncounted_by_reason.items())
        figures = "figure does" if n == 1 else "figures do"
        return f"{n} {figures} not count: {reasons}; see figure_status"


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
        f"| copies of another input (duplicate) | {summary.documents_duplicate} |",
        "",
        "| status of this run's inputs | count |",
        "|---|---:|",
        *[f"| {status} | {n} |" for status, n in summary.by_status.items()],
        f"| already recorded (earlier run) | {summary.documents_known} |",
        f"| **total** | {summary.documents_accounted} |",
        "",
        f"Figures: {summary.figures_extracted} extracted, {summary.figures_loaded} loaded, "
        f"{summary.quarantined_note()}.",
        "",
        "## Figures that do not count",
        "",
        summary.uncounted_note() or "none: every figure of this run counts",
        "",
        _table(summary.uncounted, ""),
        _more(len(summary.uncounted), sum(summary.uncounted_by_reason.values())),
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
        "## Inputs that need a look",
        "",
        _table(summary.attention, "none"),
        "",
        "## Places this run could not name",
        "",
        summary.unresolved_note(),
        "",
        _table(summary.unresolved, ""),
        _more_places(summary),
        "",
        "## Cumulative returns by district (latest)",
        "",
        _table(summary.latest_by_district, "no district has returns yet"),
    ]
    return "\n".join(lines) + "\n"


def attention_rows(documents: pd.DataFrame, limit: int = 50) -> pd.DataFrame:
    """Inputs a person should look at (duplicate, rejected, failed): name, status, reason."""
    if documents.empty:
        return pd.DataFrame()
    wanted = documents[documents["status"].isin(["duplicate", "rejected", "failed"])]
    return wanted[["name", "status", "reason"]].head(limit).reset_index(drop=True)


def _more(shown: int, total: int) -> str:
    """What a bounded list leaves out, and where the rest is."""
    if total <= shown:
        return ""
    return f"… and {total - shown} more: `select * from figure_reasons where not counts`"


def _more_places(summary: RunSummary) -> str:
    """What the bounded list of places leaves out, and where the rest is."""
    left = summary.unresolved_places - len(summary.unresolved)
    if left <= 0:
        return ""
    return (
        f"… and {left} more places: `select location_text, count(*) from figures where "
        f"run_id = '{summary.run_id}' and area_id is null group by all order by 2 desc`"
    )


def _table(frame: pd.DataFrame, empty: str) -> str:
    if frame.empty:
        return empty
    header = "| " + " | ".join(frame.columns) + " |"
    rule = "|" + "---|" * len(frame.columns)
    body = [
        "| " + " | ".join("" if pd.isna(v) else _cell(v) for v in row) + " |"
        for row in frame.itertuples(index=False)
    ]
    return "\n".join([header, rule, *body])


def _cell(value: object) -> str:
    """A markdown cell: control and bidi characters escaped, pipes kept from splitting it."""
    return safe_display(str(value)).replace("|", "\\|")
