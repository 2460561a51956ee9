"""Figures that count in no total (undated, unplaced, rejected, superseded) are shown, not
only stored: in the run's counts line, its Prefect report, `returnwatch status` and
uncounted_figures.csv. One real run over a tiny inbox: one dated statement, one undated."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import returnwatch, rows

pytestmark = pytest.mark.prefect

DATED = (
    "---\npublished: 2017-02-13\nsource: BM media office\n---\n"
    "On 13 February, 585 families returned to the Hay al-Gharbiya area in Sirte.\n"
)
# no date in the text and no published date anywhere: its figure stays undated
UNDATED = "The return committee said 120 families returned to the Third District of Sirte.\n"


@pytest.fixture(scope="module")
def ran(prefect_server, tmp_path_factory) -> tuple[Path, str]:
    tmp = tmp_path_factory.mktemp("uncounted")
    inbox = tmp / "inbox"
    inbox.mkdir()
    (inbox / "dated.md").write_text(DATED, encoding="utf-8")
    (inbox / "undated.txt").write_text(UNDATED, encoding="utf-8")
    result = returnwatch(
        "run", "--inbox", str(inbox), "--warehouse", str(tmp / "w.duckdb"),
        "--archive", str(tmp / "archive"), "--exports", str(tmp / "exports"),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return tmp, result.stdout


def undated_figure(tmp: Path) -> str:
    (figure_id,) = rows(
        tmp / "w.duckdb", "select figure_id from figure_status where status = 'undated'"
    )[0]
    return figure_id


def test_the_counts_line_says_which_figures_do_not_count(ran):
    tmp, stdout = ran
    undated_figure(tmp)  # the warehouse agrees: one undated figure
    (line,) = [line for line in stdout.splitlines() if " inputs: " in line]
    assert line.endswith(
        "already recorded 0; 1 figure does not count: 1 undated; see figure_status"
    ), line


def test_a_run_whose_figures_all_count_says_nothing_of_them(prefect_server, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "dated.md").write_text(DATED, encoding="utf-8")
    result = returnwatch(
        "run", "--inbox", str(inbox), "--warehouse", str(tmp_path / "w.duckdb"),
        "--archive", str(tmp_path / "archive"), "--exports", str(tmp_path / "exports"),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "do not count" not in result.stdout and "does not count" not in result.stdout


def test_status_shows_figures_by_status(ran):
    tmp, _ = ran
    result = returnwatch(
        "status", "--warehouse", str(tmp / "w.duckdb"), "--exports", str(tmp / "exports"),
        "--format", "json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    counted = {row["reason"]: (row["counts"], row["figures"]) for row in found["figures"]}
    assert counted["event"] == (True, 1) and counted["undated"] == (False, 1)
    assert counted["unplaced"] == (False, 0) and counted["superseded"] == (False, 0)
    assert sum(n for _, n in counted.values()) == found["totals"]["figures"] == 2
    assert found["totals"]["figures_not_counted"] == 1
    table = returnwatch(
        "status", "--warehouse", str(tmp / "w.duckdb"), "--exports", str(tmp / "exports")
    )
    assert table.returncode == 0, table.stderr
    assert "figures by status" in table.stdout and "undated" in table.stdout


def test_the_export_lists_them_with_why(ran):
    tmp, _ = ran
    exports = tmp / "exports"
    with (exports / "uncounted_figures.csv").open(encoding="utf-8", newline="") as f:
        (row,) = list(csv.DictReader(f))
    assert row["figure_id"] == undated_figure(tmp)
    assert (row["reason"], row["status"], row["quantity"], row["unit"]) == (
        "undated", "undated", "120", "households",
    )  # fmt: skip
    assert (row["event_date"], row["document_name"]) == ("", "undated.txt")
    assert "120 families" in row["excerpt"]
    hxl = (exports / "uncounted_figures.hxl.csv").read_text(encoding="utf-8").splitlines()
    assert hxl[1].startswith("#meta+id,#status+reason,#status,")
    package = json.loads((exports / "datapackage.json").read_text(encoding="utf-8"))
    paths = {resource["path"] for resource in package["resources"]}
    assert {"uncounted_figures.csv", "uncounted_figures.hxl.csv"} <= paths
    page = (exports / "dashboard.html").read_text(encoding="utf-8")
    assert "Figures that count in no total (1)" in page


def test_the_report_artifact_lists_them(ran):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    tmp, _ = ran
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["returnwatch-run-summary"]))
        )
    ours = [a.data for a in artifacts if str(tmp / "exports") in a.data]
    assert ours
    summary = ours[-1]
    section = summary.split("## Figures that do not count", 1)[1].split("\n## ", 1)[0]
    assert "1 figure does not count: 1 undated; see figure_status" in section
    assert "| undated | undated.txt | 120 | households |" in section
    assert undated_figure(tmp) in section


def test_status_of_a_warehouse_derived_before_figure_reasons_leaves_them_out(ran, tmp_path):
    tmp, _ = ran
    older = tmp_path / "older.duckdb"
    shutil.copy(tmp / "w.duckdb", older)
    with duckdb.connect(str(older)) as con:
        con.execute("drop view figure_reasons")
    result = returnwatch(
        "status", "--warehouse", str(older), "--exports", str(tmp_path / "none"),
        "--format", "json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert found["figures"] is None and found["totals"]["figures_not_counted"] is None
    assert found["totals"]["figures"] == 2
