"""`returnwatch status` counts figures by reason without reading figure_reasons (which joins
every figure to its status): its counts must stay those of the view. One real run over
documents that give every reason (the warehouse-rule documents, the samples, an unknown
place, an undated statement), and a derive with an override that rejects a figure."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import PROJECT, SAMPLES, returnwatch, rows

from returnwatch.warehouse import derive

pytestmark = pytest.mark.prefect

DOCUMENTS = Path(__file__).parent / "documents" / "warehouse"
UNPLACED = (
    "---\npublished: 2017-02-13\n---\nOn 13 February, 40 families returned to Qasr Zanzibar.\n"
)
# no date in the text and none published: its figure stays undated
UNDATED = "The return committee said 120 families returned to the Third District of Sirte.\n"
HEADER = "action,figure_id,value,other_figure_id,reason,decided_on,analyst\n"
REASONS = [
    "event", "duplicate", "paired", "total of parts", "aggregate",
    "superseded", "rejected", "unplaced", "undated",
]  # fmt: skip


def test_status_counts_every_reason_as_figure_reasons_does(prefect_server, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for document in [*DOCUMENTS.glob("*.md"), *SAMPLES.glob("2*.md")]:
        shutil.copy(document, inbox / document.name)
    (inbox / "qasr.md").write_text(UNPLACED, encoding="utf-8")
    (inbox / "undated.txt").write_text(UNDATED, encoding="utf-8")
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    (home / "expectations").symlink_to(PROJECT / "expectations")
    overrides = home / "data" / "overrides.csv"
    overrides.write_text(HEADER)
    warehouse = tmp_path / "w.duckdb"
    done = returnwatch(
        "run", "--inbox", str(inbox), "--warehouse", str(warehouse),
        "--archive", str(tmp_path / "archive"), "--exports", str(tmp_path / "exports"),
        env={"RETURNWATCH_HOME": str(home)},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    (event,) = rows(
        warehouse, "select figure_id from figure_reasons where reason = 'event' limit 1"
    )
    overrides.write_text(HEADER + f"reject,{event[0]},,,retracted by its source,,amal\n")
    derive(warehouse, overrides)

    shown = returnwatch("status", "--warehouse", str(warehouse), "--format", "json")
    assert shown.returncode == 0, shown.stderr
    found = json.loads(shown.stdout)["figures"]
    by_view = rows(
        warehouse,
        "select reason, counts, count(*) from figure_reasons group by all order by reason",
    )
    assert sorted((r["reason"], r["counts"], r["figures"]) for r in found) == by_view
    assert [row["reason"] for row in found] == REASONS and all(r["figures"] for r in found)
