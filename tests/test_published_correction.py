"""Bytes the archive holds, read again by a run with another `--published` date (a new
warehouse over the old archive: the statement run again with its corrected date): the
archive records the new date, so `returnwatch rebuild` gives the warehouse that run made.
A run over a warehouse that already holds the document does not read it again, and
changes neither the warehouse nor the archive."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import returnwatch, rows

pytestmark = pytest.mark.prefect

STATEMENT = "The council said 120 families returned to Tawergha yesterday.\n"
WRONG, RIGHT, LATER = date(2017, 2, 14), date(2017, 2, 20), date(2017, 3, 1)
COMPARED = (
    "select name, status, published_date, n_figures from documents order by name",
    "select quantity, event_date from figures order by all",
    "select * from cumulative_returns_by_area order by all",
)


def snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    return {sql: rows(warehouse, sql) for sql in COMPARED}


def given_on_record(archive: Path) -> str | None:
    (path,) = (archive / ".documents").rglob("*.json")
    return json.loads(path.read_text())["published_given"]


@pytest.fixture(scope="module")
def corrected(prefect_server, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("published-correction")
    inbox = tmp / "inbox"
    inbox.mkdir()
    (inbox / "statement.md").write_text(STATEMENT)
    archive = ["--archive", str(tmp / "archive"), "--exports", str(tmp / "exports")]
    seen = {}
    for warehouse, day in (("first", WRONG), ("second", RIGHT), ("second", LATER)):
        where = ["--warehouse", str(tmp / f"{warehouse}.duckdb"), *archive]
        done = returnwatch("run", "--inbox", str(inbox), *where, "--published", day.isoformat())
        assert done.returncode == 0, done.stdout + done.stderr
        seen[day] = snapshot(tmp / f"{warehouse}.duckdb"), given_on_record(tmp / "archive")
    done = returnwatch("rebuild", "--warehouse", str(tmp / "second.duckdb"), *archive)
    assert done.returncode == 0, done.stdout + done.stderr
    return seen, snapshot(tmp / "second.duckdb")


def test_the_run_reads_the_statement_with_its_corrected_date(corrected):
    seen, _ = corrected
    warehouse, _ = seen[RIGHT]
    assert warehouse[COMPARED[0]] == [("statement.md", "loaded", RIGHT, 1)]
    assert warehouse[COMPARED[1]] == [(120, date(2017, 2, 19))]


def test_the_archive_records_the_corrected_date(corrected):
    seen, _ = corrected
    assert seen[WRONG][1] == WRONG.isoformat()
    assert seen[RIGHT][1] == RIGHT.isoformat()


def test_a_rebuild_gives_the_warehouse_of_the_corrected_run(corrected):
    seen, rebuilt = corrected
    assert rebuilt == seen[RIGHT][0]


def test_a_run_over_a_warehouse_holding_the_document_changes_nothing(corrected):
    seen, _ = corrected
    assert seen[LATER] == seen[RIGHT]  # not read again: neither re-dated nor recorded
