"""`returnwatch rebuild` replays the archive and the overrides into a fresh warehouse whose
public views equal those of the warehouse built run by run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import PROJECT, SAMPLES, returnwatch, rows

DOCUMENTS = Path(__file__).parent / "documents" / "warehouse"
COMPARED = (
    "select * from return_events",
    "select * from cumulative_returns_by_area",
    "select * from cumulative_returns_by_district",
    "select * from cumulative_returns_by_area_as_known_on('2017-02-13')",
    "select * from cumulative_returns_by_district_as_known_on('2018-03-05')",
    "select figure_id, status from figure_status",
)


def inbox(tmp_path: Path, name: str, files: list[Path]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for file in files:
        shutil.copy(file, folder / file.name)
    return folder


def public_views(warehouse: Path) -> dict[str, list]:
    return {sql: rows(warehouse, f"{sql} order by all") for sql in COMPARED}


def analyst_home(tmp_path: Path) -> Path:
    """A project root whose overrides file rejects the Ganfouda report of 20 March."""
    found = returnwatch("extract", str(DOCUMENTS / "2018-03-20-ops-room-ganfouda-1200.md"))
    (figure_id,) = [json.loads(line)["figure_id"] for line in found.stdout.splitlines()]
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    (home / "expectations").symlink_to(PROJECT / "expectations")
    (home / "data" / "overrides.csv").write_text(
        "action,figure_id,value,other_figure_id,reason,decided_on,analyst\n"
        f"reject,{figure_id},,,superseded by the registration list,,test\n"
    )
    return home


def test_rebuild_equals_the_warehouse_built_run_by_run(prefect_server, tmp_path, monkeypatch):
    monkeypatch.setenv("RETURNWATCH_HOME", str(analyst_home(tmp_path)))
    w = tmp_path / "w"
    paths = ["--warehouse", str(w / "returns.duckdb"), "--archive", str(w / "archive")]
    paths += ["--exports", str(w / "exports")]
    first = inbox(
        tmp_path, "first", [*sorted(SAMPLES.glob("*.md"))[:4], *DOCUMENTS.glob("*0[56]-*.md")]
    )
    second = inbox(
        tmp_path,
        "second",
        [
            *sorted(SAMPLES.glob("*.md"))[4:],
            SAMPLES / "dtm-libya-returnees-by-mantika.csv",
            *DOCUMENTS.glob("*-0[34]-[12]*.md"),
        ],
    )
    for folder in (first, second):
        done = returnwatch("run", "--inbox", str(folder), *paths)
        assert done.returncode == 0, done.stderr
    incremental = public_views(w / "returns.duckdb")
    assert all(incremental.values())
    assert rows(
        w / "returns.duckdb", "select count(*) from figure_status where status like 'rejected by%'"
    ) == [(1,)]

    rebuilt = returnwatch("rebuild", *paths)

    assert rebuilt.returncode == 0, rebuilt.stderr
    assert public_views(w / "returns.duckdb") == incremental
    assert not (w / "returns.duckdb.rebuild").exists()
    assert rows(w / "returns.duckdb", "select count(distinct run_id) from documents") == [(1,)]


def test_rebuild_without_an_archive_says_so(tmp_path):
    missing = tmp_path / "no-archive"
    done = returnwatch(
        "rebuild", "--archive", str(missing), "--warehouse", str(tmp_path / "w.duckdb")
    )
    assert done.returncode == 2
    assert f"{missing}: no archive here" in done.stderr
