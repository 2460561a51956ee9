"""A statement run again with a corrected `--published` date: the correction counts in the
warehouse (the document is read again, its rows replaced) and in the archive, so
`returnwatch rebuild` gives the same warehouse. A document first read without
`--published` keeps its own date when a later run is given one."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import returnwatch, rows

pytestmark = pytest.mark.prefect

STATEMENT = "The council said 120 families returned to Tawergha yesterday.\n"
OWN = "---\npublished: 2018-03-20\n---\nThe council said 50 families returned to Sirte yesterday.\n"
WRONG, RIGHT = date(2017, 2, 14), date(2017, 2, 20)
DOCUMENTS = "select name, status, published_date, n_figures from documents order by name"
FIGURES = (
    "select d.name, f.quantity, f.event_date from figures f join documents d using (document_id)"
    " order by d.name"
)
COMPARED = (
    DOCUMENTS,
    FIGURES,
    "select * exclude (run_id, created_at) from quarantine order by all",
    "select * from return_events order by all",
    "select * from cumulative_returns_by_area order by all",
    "select * from cumulative_returns_by_area_as_known_on('2017-02-15') order by all",
    "select * from cumulative_returns_by_area_as_known_on('2018-03-25') order by all",
)


def snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    return {sql: rows(warehouse, sql) for sql in COMPARED}


@pytest.fixture(scope="module")
def corrected(prefect_server, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("published-correction")
    inbox = tmp / "inbox"
    inbox.mkdir()
    (inbox / "statement.md").write_text(STATEMENT)
    paths = ["--warehouse", str(tmp / "w.duckdb"), "--archive", str(tmp / "archive")]
    paths += ["--exports", str(tmp / "exports")]
    runs = [["--published", WRONG.isoformat()], [], ["--published", RIGHT.isoformat()]]
    for number, extra in enumerate(runs):
        if number == 1:
            (inbox / "own.md").write_text(OWN)  # first read without --published
        done = returnwatch("run", "--inbox", str(inbox), *paths, *extra)
        assert done.returncode == 0, done.stdout + done.stderr
    before = snapshot(tmp / "w.duckdb")
    sidecars = {}
    for path in (tmp / "archive" / ".documents").rglob("*.json"):
        record = json.loads(path.read_text())
        sidecars[record["name"]] = record
    done = returnwatch("rebuild", *paths)
    assert done.returncode == 0, done.stdout + done.stderr
    return before, snapshot(tmp / "w.duckdb"), sidecars


def test_the_corrected_date_counts_in_the_warehouse(corrected):
    before, _, _ = corrected
    assert before[DOCUMENTS] == [
        ("own.md", "loaded", date(2018, 3, 20), 1),
        ("statement.md", "loaded", RIGHT, 1),
    ]
    assert before[FIGURES] == [
        ("own.md", 50, date(2018, 3, 19)),
        ("statement.md", 120, RIGHT.replace(day=19)),
    ]


def test_the_archive_records_the_corrected_date(corrected):
    _, _, sidecars = corrected
    assert sidecars["statement.md"]["published_given"] == RIGHT.isoformat()
    assert sidecars["own.md"]["published_given"] is None


def test_a_rebuild_gives_the_corrected_warehouse(corrected):
    before, after, _ = corrected
    assert after == before
