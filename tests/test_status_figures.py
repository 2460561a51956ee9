"""`returnwatch status` counts figures by reason without reading figure_reasons (which joins
every figure to its status): its counts must stay those of the view. One real run over
documents that give every reason (the warehouse-rule documents, the samples, an unknown
place, an undated statement), and a derive with an override that rejects a figure."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
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


@pytest.fixture(scope="module")
def warehouse(prefect_server, tmp_path_factory) -> Path:
    tmp_path = tmp_path_factory.mktemp("status-figures")
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
    return warehouse


def status_figures(warehouse: Path) -> list[dict]:
    shown = returnwatch("status", "--warehouse", str(warehouse), "--format", "json")
    assert shown.returncode == 0, shown.stderr
    return json.loads(shown.stdout)["figures"]


def test_status_counts_every_reason_as_figure_reasons_does(warehouse):
    found = status_figures(warehouse)
    by_view = rows(
        warehouse,
        "select reason, counts, count(*) from figure_reasons group by all order by reason",
    )
    assert sorted((r["reason"], r["counts"], r["figures"]) for r in found) == by_view
    assert [row["reason"] for row in found] == REASONS and all(r["figures"] for r in found)


def test_a_warehouse_derived_before_the_view_of_uncounted_figures_is_counted_still(
    warehouse, tmp_path
):
    """A warehouse an older version derived has figure_reasons but no stg_uncounted_figures
    (nor this version's figure_status): status reads figure_reasons itself, as before."""
    older = tmp_path / "older.duckdb"
    shutil.copy(warehouse, older)
    con = duckdb.connect(str(older))
    con.execute("drop view figure_reasons; drop view figure_status")
    con.execute("drop view stg_uncounted_figures")
    con.execute(
        "create view figure_reasons as select figure_id, document_id, run_id, "
        "case when event_date is null then 'undated' else 'event' end as reason, "
        "event_date is not null as counts, 'as derived then' as status from figures"
    )
    con.close()
    counted = {row["reason"]: row["figures"] for row in status_figures(older) if row["figures"]}
    assert counted == dict(rows(older, "select reason, count(*) from figure_reasons group by all"))
