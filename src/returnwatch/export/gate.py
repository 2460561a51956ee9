"""Whether the warehouse may be exported: its latest run completed and passed its checks."""

from __future__ import annotations

from pathlib import Path

from returnwatch.warehouse import connect
from returnwatch.warehouse.queries import require_relations

SQL_DIR = Path(__file__).parent / "sql" / "gate"


def export_refusal(warehouse: Path) -> str | None:
    """Why the warehouse must not be exported, or None when its last checks passed.

    The warehouse changes only through runs, and every run checks it before it completes;
    so the stored results of the latest run speak for the warehouse as it is now.
    Raises ``NotAWarehouse`` for a file without the run tables (not a returnwatch warehouse).
    """
    con = connect(warehouse, read_only=True)
    try:
        require_relations(con, warehouse, ["pipeline_runs", "quality_results"])
        run = con.execute((SQL_DIR / "latest_run.sql").read_text(encoding="utf-8")).fetchone()
        if run is None:
            return f"{warehouse} has no pipeline run yet; run `returnwatch run` first"
        run_id, status, checks_passed = run
        failed = con.execute(
            (SQL_DIR / "failed_checks.sql").read_text(encoding="utf-8"), [run_id]
        ).fetchall()
    finally:
        con.close()
    if status != "completed":
        return (
            f"the latest run {run_id} did not complete (status {status}), so the warehouse "
            "was not checked after it; run `returnwatch run` again"
        )
    if not checks_passed or failed:
        listed = "; ".join(
            f"{suite}.{column}: {name}" if column else f"{suite}: {name}"
            for suite, name, column in failed
        )
        return (
            f"the latest run {run_id} failed its quality checks ({listed or 'see quality_results'});"
            " the last good export was kept. Fix the data and run `returnwatch run` again"
        )
    return None
