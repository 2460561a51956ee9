"""A report that corrects an earlier one in other words than "revised from X to Y"
("250 families, not 300, returned …") supersedes the earlier figure in the warehouse: the
return is counted once, at its corrected value, not as a second return."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import returnwatch, rows

pytestmark = pytest.mark.prefect

REPORTS = (
    ("first.md", "2017-03-02", "300 families returned to Neighbourhood 700 on 1 March 2017.\n"),
    ("second.md", "2017-03-05", "250 families, not 300, returned to Neighbourhood 700 on 1 March 2017.\n"),
)  # fmt: skip


def test_a_correction_worded_y_not_x_replaces_the_earlier_report(prefect_server, tmp_path):
    warehouse = tmp_path / "warehouse.duckdb"
    where = ["--warehouse", str(warehouse), "--archive", str(tmp_path / "archive")]
    where += ["--exports", str(tmp_path / "exports")]
    for name, published, text in REPORTS:
        inbox = tmp_path / f"inbox-{name}"
        inbox.mkdir()
        (inbox / name).write_text(text)
        done = returnwatch("run", "--inbox", str(inbox), *where, "--published", published)
        assert done.returncode == 0, done.stdout + done.stderr
    cumulative = rows(
        warehouse,
        "select date, households, cumulative_households from cumulative_returns_by_area "
        "where area_id = 'ly-sirte-700'",
    )
    assert cumulative == [(date(2017, 3, 1), 250, 250)]  # not 550: one return, corrected
    assert rows(warehouse, "select quantity, corrects_quantity from figures order by all") == [
        (250, 300),
        (300, None),
    ]
