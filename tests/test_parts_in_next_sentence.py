"""Parts given in the sentence after their total are parts, not returns of their own: the
warehouse counts Sirte once at the total, and each district at its part."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import returnwatch, rows

pytestmark = pytest.mark.prefect

REPORT = (
    "On 12 February, 585 families returned to Sirte, the media office said. Of them, 340 "
    "families went to Residential District No. 1, while 245 families went back to "
    "Residential District No. 2.\n"
)


def test_parts_in_the_next_sentence_are_not_added_to_their_total(prefect_server, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "sirte.md").write_text(REPORT)
    warehouse = tmp_path / "warehouse.duckdb"
    done = returnwatch(
        "run", "--inbox", str(inbox), "--warehouse", str(warehouse),
        "--archive", str(tmp_path / "archive"), "--exports", str(tmp_path / "exports"),
        "--published", "2017-02-14",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    cumulative = rows(
        warehouse,
        "select area_id, date, cumulative_households from cumulative_returns_by_area "
        "where area_id in ('ly-sirte', 'ly-sirte-d1', 'ly-sirte-d2') order by all",
    )
    assert cumulative == [
        ("ly-sirte", date(2017, 2, 12), 585),  # not 830: the 245 is no return of its own
        ("ly-sirte-d1", date(2017, 2, 12), 340),
        ("ly-sirte-d2", date(2017, 2, 12), 245),
    ]
