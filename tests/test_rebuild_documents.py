"""`returnwatch rebuild` gives back the `documents` rows the runs recorded, copies
(`duplicate`) included, and the same figures and quarantine: two runs over two sources, a
copy within a run, a copy in a later run, a copy under a source that brought nothing else,
then one rebuild."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import returnwatch, rows

pytestmark = pytest.mark.prefect

RETURNS = "---\npublished: 2017-02-14\n---\nThe council said 120 families returned to Tawergha.\n"
FIRST = {
    "tawergha.md": RETURNS,
    "tawergha-copy.md": RETURNS,  # a copy within the run
    "weather.md": "---\npublished: 2017-02-14\n---\nIt rained in Misrata.\n",  # no_figures
    "undated.md": "---\npublished: soon after the war\n---\n"  # quarantined front matter
    "The council said 30 families returned to Misrata on 12 February 2017.\n",
    "scan.txt": "%PDF-1.4 not text",  # rejected, archived
}
SECOND = {  # a later run: a copy of a document the warehouse already holds, and a new one
    "tawergha-again.md": RETURNS,
    "sirte.md": "---\npublished: 2017-02-20\n---\nBM said 585 families returned to Sirte.\n",
}
MIRROR = {"mirror-of-tawergha.md": RETURNS}  # a source that brings only a copy
DOCUMENTS = (
    "select source_id, name, status, reason, duplicate_of, n_figures, published_date,"
    " size_bytes, media_type from documents order by all"
)
FIGURES = "select * exclude (run_id, loaded_at) from figures order by figure_id"
QUARANTINE = "select * exclude (run_id, created_at) from quarantine order by quarantine_id"
BY_STATUS = "select status, count(*) from documents group by status order by status"


def folder(root: Path, files: dict[str, str]) -> Path:
    root.mkdir()
    for name, text in files.items():
        (root / name).write_text(text)
    return root


def sources_file(tmp: Path, inbox: Path, mirror: Path) -> Path:
    path = tmp / "sources.toml"
    path.write_text(
        f'[[sources]]\nid = "inbox"\nkind = "folder"\npath = "{inbox}"\n\n'
        f'[[sources]]\nid = "mirror"\nkind = "folder"\npath = "{mirror}"\n'
    )
    return path


def snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    return {sql: rows(warehouse, sql) for sql in (BY_STATUS, DOCUMENTS, FIGURES, QUARANTINE)}


@pytest.fixture(scope="module")
def rebuilt(prefect_server, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("rebuild-documents")
    inbox = folder(tmp / "inbox", FIRST)
    paths = ["--warehouse", str(tmp / "w.duckdb"), "--archive", str(tmp / "archive")]
    paths += ["--exports", str(tmp / "exports")]
    first = returnwatch("run", "--inbox", str(inbox), *paths)
    assert first.returncode == 0, first.stdout + first.stderr
    for name, text in SECOND.items():
        (inbox / name).write_text(text)
    mirror = folder(tmp / "mirror", MIRROR)
    second = returnwatch("run", "--sources", str(sources_file(tmp, inbox, mirror)), *paths)
    assert second.returncode == 0, second.stdout + second.stderr
    before = snapshot(tmp / "w.duckdb")
    done = returnwatch("rebuild", *paths)
    assert done.returncode == 0, done.stdout + done.stderr
    return before, snapshot(tmp / "w.duckdb")


def test_the_runs_recorded_every_status(rebuilt):
    before, _ = rebuilt
    assert dict(before[BY_STATUS]) == {
        "duplicate": 3,
        "loaded": 3,
        "no_figures": 1,
        "rejected": 1,
    }
    assert before[QUARANTINE]


def test_a_rebuild_gives_back_the_duplicate_rows(rebuilt):
    before, after = rebuilt
    assert after[BY_STATUS] == before[BY_STATUS]
    assert after[DOCUMENTS] == before[DOCUMENTS]


def test_a_rebuild_gives_back_the_figures_and_the_quarantine(rebuilt):
    before, after = rebuilt
    assert after[FIGURES] == before[FIGURES]
    assert after[QUARANTINE] == before[QUARANTINE]
