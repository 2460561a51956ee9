"""The check stage: Great Expectations suites from ``expectations/`` run on warehouse tables.

GX itself is imported only when a check runs (or by ``warm_up``), never by this import.
"""

from returnwatch.quality.gx_checks import check_warehouse, run_checks, warm_up
from returnwatch.quality.report import CheckResult, QualityReport
from returnwatch.quality.suites import CHECKED_TABLES, SuiteError, load_suites

__all__ = [
    "CHECKED_TABLES",
    "CheckResult",
    "QualityReport",
    "SuiteError",
    "check_warehouse",
    "load_suites",
    "run_checks",
    "warm_up",
]
