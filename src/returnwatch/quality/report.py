"""The outcome of a quality check: one result per expectation, and views of them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd

COLUMNS = ["suite", "expectation", "column_name", "success", "observed"]


@dataclass(frozen=True)
class CheckResult:
    """One evaluated expectation: which suite, which check, on what column, and what GX saw.

    ``expectation`` is unique within its suite (the GX type, with ``#2``, ``#3``… when a
    suite uses the same type again); ``column_name`` is empty for table-level checks and
    joins the columns of multi-column checks with commas.
    """

    suite: str
    expectation: str
    column_name: str
    success: bool
    observed: str


@dataclass
class QualityReport:
    """All results of one ``run_checks`` call."""

    results: list[CheckResult] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """True when every expectation of every suite succeeded."""
        return all(result.success for result in self.results)

    def failures(self) -> list[CheckResult]:
        """The results that did not succeed, in suite order."""
        return [result for result in self.results if not result.success]

    def frame(self) -> pd.DataFrame:
        """The results as rows for the ``quality_results`` table (without run_id/checked_at)."""
        frame = pd.DataFrame([asdict(result) for result in self.results], columns=COLUMNS)
        return frame.astype({name: "bool" if name == "success" else "str" for name in COLUMNS})

    def summary(self) -> str:
        """One line per failed expectation, or a single line saying all passed."""
        failures = self.failures()
        if not failures:
            return f"all {len(self.results)} expectations passed"
        return "\n".join(_failure_line(result) for result in failures)


def _failure_line(result: CheckResult) -> str:
    where = f"{result.suite}.{result.column_name}" if result.column_name else result.suite
    return f"FAILED {where}: {result.expectation} (observed: {result.observed})"
