"""`returnwatch rebuild` reads each document with the date its first run was given by
`--published` (kept in the archive's sidecar as `published_given`), so the rebuilt warehouse
has the figures the runs loaded. One run with `--published`, one without over the same
folder with a new file in it, then one `rebuild`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import returnwatch, rows

pytestmark = pytest.mark.prefect

GIVEN = date(2017, 2, 14)
DOCUMENTS = {
    # read with --published: it beats the front matter, in the run and in the rebuild
    "given.md": "---\npublished: 2020-05-10\n---\n"
    "The council said 120 families returned to Tawergha yesterday.\n",
    "plain.md": "The council said 30 families returned to Misrata yesterday.\n",
    # read with --published; its sidecar is then made as older archives have it (no field)
    "old.md": "---\npublished: 2019-03-02\n---\n"
    "The council said 70 families returned to Sirte yesterday.\n",
}
LATER = {  # added for the second run, which has no --published: its own date stands
    "own.md": "---\npublished: 2018-03-20\n---\n"
    "The council said 50 families returned to Sirte yesterday.\n",
}
SNAPSHOT = (
    "select d.name, d.published_date, f.quantity, f.event_date from documents d "
    "join figures f using (document_id) order by d.name"
)


@pytest.fixture(scope="module")
def rebuilt(prefect_server, tmp_path_factory):
    """Per document name, (published_date, quantity, event_date) after the two runs and
    after the rebuild, and the sidecars as the runs wrote them."""
    tmp = tmp_path_factory.mktemp("rebuild-published")
    inbox = tmp / "inbox"
    inbox.mkdir()
    for name, text in DOCUMENTS.items():
        (inbox / name).write_text(text)
    paths = ["--warehouse", str(tmp / "w.duckdb"), "--archive", str(tmp / "archive")]
    paths += ["--exports", str(tmp / "exports")]
    first = returnwatch("run", "--inbox", str(inbox), *paths, "--published", GIVEN.isoformat())
    assert first.returncode == 0, first.stdout + first.stderr
    for name, text in LATER.items():
        (inbox / name).write_text(text)
    second = returnwatch("run", "--inbox", str(inbox), *paths)
    assert second.returncode == 0, second.stdout + second.stderr
    before = snapshot(tmp / "w.duckdb")
    sidecars = {}
    for path in (tmp / "archive" / ".documents").rglob("*.json"):
        record = json.loads(path.read_text())
        sidecars[record["name"]] = record
        if record["name"] == "old.md":
            record.pop("published_given", None)  # as sidecars written before it was kept
            path.write_text(json.dumps(record))
    done = returnwatch("rebuild", *paths)
    assert done.returncode == 0, done.stdout + done.stderr
    return before, snapshot(tmp / "w.duckdb"), sidecars


def snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {}
    for name, *rest in rows(warehouse, SNAPSHOT):
        out.setdefault(name, []).append(tuple(rest))
    return out


def test_the_runs_dates_are_as_given(rebuilt):
    before, _, _ = rebuilt
    assert before["given.md"] == [(GIVEN, 120, date(2017, 2, 13))]
    assert before["plain.md"] == [(GIVEN, 30, date(2017, 2, 13))]
    assert before["old.md"] == [(GIVEN, 70, date(2017, 2, 13))]
    assert before["own.md"] == [(date(2018, 3, 20), 50, date(2018, 3, 19))]


def test_a_date_given_by_published_is_kept_beside_the_document(rebuilt):
    _, _, sidecars = rebuilt
    assert sidecars["given.md"]["published_given"] == GIVEN.isoformat()
    assert sidecars["given.md"]["published"] is None  # not the document's own date
    assert sidecars["plain.md"]["published_given"] == GIVEN.isoformat()
    assert sidecars["own.md"]["published_given"] is None


def test_a_rebuild_reads_a_document_with_the_date_its_run_was_given(rebuilt):
    before, after, _ = rebuilt
    assert after["given.md"] == before["given.md"]  # over its front matter, as in the run
    assert after["plain.md"] == before["plain.md"]  # "yesterday" from it, not from read_on


def test_a_document_read_without_published_keeps_its_own_date(rebuilt):
    before, after, _ = rebuilt
    assert after["own.md"] == before["own.md"]


def test_a_sidecar_without_published_given_replays_with_the_documents_own_date(rebuilt):
    _, after, _ = rebuilt
    assert after["old.md"] == [(date(2019, 3, 2), 70, date(2019, 3, 1))]
