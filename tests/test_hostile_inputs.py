"""Hostile and broken inputs: a run finishes, keeps every good figure and accounts for every
input with a reason (issue 7). The inbox is built in tmp_path by ``hostile_inbox.build``."""

from __future__ import annotations

import json
import os
import tracemalloc
from pathlib import Path

import pytest
from conftest import returnwatch, rows
from hostile_inbox import RLO, build

from returnwatch.archive import archive, archive_path
from returnwatch.archive_copies import COPIES_DIR
from returnwatch.archive_metadata import METADATA_DIR, metadata_path
from returnwatch.archive_sweep import SWEPT
from returnwatch.documents import Document, Refused, safe_display
from returnwatch.extract import extract_document
from returnwatch.gazetteer.phrases import resolve_figures
from returnwatch.pull import FINGERPRINTS_FILE, VALIDATORS_FILE
from returnwatch.report import RunSummary, attention_rows, summary_markdown
from returnwatch.sources import folder_source, pull

SECRET = "rw-test-secret-3f9c2a7e"
STABLE = {
    "documents": "select * exclude (run_id, loaded_at) from documents order by document_id",
    "figures": "select * exclude (run_id, loaded_at) from figures order by figure_id",
    "quarantine": "select * exclude (run_id, created_at) from quarantine order by quarantine_id",
    "cumulative_returns_by_area": "select * from cumulative_returns_by_area order by all",
}


@pytest.fixture(scope="module")
def hostile_run(prefect_server, tmp_path_factory):
    """The hostile inbox through ``returnwatch run --inbox`` twice, with a secret in the env."""
    tmp = tmp_path_factory.mktemp("hostile")
    expected = build(tmp / "inbox", tmp / "outside")
    args = ["run", "--inbox", str(tmp / "inbox"), "--warehouse", str(tmp / "w.duckdb")]
    args += ["--archive", str(tmp / "archive"), "--exports", str(tmp / "exports")]
    os.environ["RETURNWATCH_TEST_TOKEN"] = SECRET
    try:
        first = returnwatch(*args)
        snapshot = {name: rows(tmp / "w.duckdb", sql) for name, sql in STABLE.items()}
        second = returnwatch(*args)
    finally:
        del os.environ["RETURNWATCH_TEST_TOKEN"]
    return tmp, expected, first, second, snapshot


def test_the_run_completes_with_exit_code_0_and_no_traceback(hostile_run):
    _, _, first, second, _ = hostile_run
    for result in (first, second):
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Traceback" not in result.stdout + result.stderr


def test_every_input_has_a_documents_row_with_its_status_and_reason(hostile_run):
    tmp, expected, *_ = hostile_run
    stored = {name: (status, reason) for name, status, reason in _documents(tmp)}
    assert set(stored) == set(expected)
    wrong = {
        name: stored[name]
        for name, (status, words, _) in expected.items()
        if stored[name][0] != status or (words and words not in (stored[name][1] or ""))
    }
    assert wrong == {}
    assert all(reason for status, reason in stored.values() if status != "loaded")


def test_the_run_summary_counts_add_up_to_the_inputs(hostile_run):
    _, expected, first, second, _ = hostile_run
    statuses = [status for status, _, _ in expected.values()]
    counts = ", ".join(
        f"{s} {statuses.count(s)}" for s in ("loaded", "no_figures", "duplicate", "rejected")
    )
    assert f"{len(expected)} inputs: {counts}, failed {statuses.count('failed')}" in first.stdout
    assert f"{len(expected)} inputs: loaded 0," in second.stdout
    assert f"already recorded {len(expected)}" in second.stdout


def test_good_figures_are_loaded_and_bad_ones_quarantined_with_check_and_value(hostile_run):
    tmp, expected, *_ = hostile_run
    loaded = rows(tmp / "w.duckdb", "select d.name, f.quantity, f.area_id from figures f "
                  "join documents d using (document_id)")  # fmt: skip
    wanted = {name: quantity for name, (_, _, quantity) in expected.items() if quantity}
    assert {name: quantity for name, quantity, _ in loaded} == wanted
    arabic = {name: area for name, _, area in loaded if name.startswith("sirte-")}
    assert arabic == dict.fromkeys(arabic, "ly-sirte") and len(arabic) == 3
    quarantined = set(rows(tmp / "w.duckdb", "select check_name, value from quarantine"))
    assert {
        ("area_capacity", "1000000"),
        ("count_is_number", "-50"),
        ("count_is_number", "many"),
        ("event date is in the future", "2031-02-13 00:00:00"),
        ("front_matter_published", "soon after the war"),
    } <= quarantined
    assert "front_matter_yaml" in {check for check, _ in quarantined}


def test_hostile_text_is_stored_verbatim_and_the_warehouse_is_intact(hostile_run):
    tmp, *_ = hostile_run
    tables = {name for (name,) in rows(tmp / "w.duckdb", "select table_name from duckdb_tables")}
    assert {"documents", "figures", "quarantine"} <= tables
    excerpts = [e for (e,) in rows(tmp / "w.duckdb", "select excerpt from figures")]
    assert any("'); DROP TABLE figures; --" in e for e in excerpts)
    assert any('=HYPERLINK("http://x","y") +cmd|calc' in e for e in excerpts)


def test_names_are_kept_verbatim_but_shown_escaped(hostile_run):
    tmp, *_ = hostile_run
    (reason,) = [r for name, _, r in _documents(tmp) if name == f"evil{RLO}dm.exe"]
    assert "evil\\u202edm.exe" in reason and RLO not in reason
    reasons = " ".join(r or "" for *_, r in _documents(tmp))
    assert RLO not in reasons


def test_a_second_run_of_the_same_inbox_changes_nothing(hostile_run):
    tmp, _, _, _, snapshot = hostile_run
    assert {name: rows(tmp / "w.duckdb", sql) for name, sql in STABLE.items()} == snapshot


def test_archive_files_are_named_by_content_hash_only(hostile_run):
    tmp, *_ = hostile_run
    stored = list((tmp / "archive").rglob("*"))
    state = {VALIDATORS_FILE, FINGERPRINTS_FILE, SWEPT}  # HTTP validators, folder file hashes
    files = [p for p in stored if p.is_file() and p.name not in state]
    folders = {tmp / "archive" / "inbox", tmp / "archive" / METADATA_DIR / "inbox"}  # + sidecars
    folders.add(tmp / "archive" / COPIES_DIR / "inbox")  # copies: named by their row key
    assert files and all(p.parent in folders for p in files)
    assert all(len(p.stem) == 64 and set(p.stem) <= set("0123456789abcdef") for p in files)


def test_no_secret_from_the_environment_reaches_output_warehouse_or_exports(hostile_run):
    tmp, _, first, second, _ = hostile_run
    assert SECRET not in first.stdout + first.stderr + second.stdout + second.stderr
    for path in [*(tmp / "exports").rglob("*"), tmp / "w.duckdb"]:
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


def test_no_secret_reaches_the_run_summary_artifact(hostile_run):
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts()
    summaries = [a for a in artifacts if a.key == "returnwatch-run-summary"]
    assert summaries and all(SECRET not in json.dumps(a.data) for a in artifacts)
    assert any("| **total** |" in str(a.data) for a in summaries)


def _documents(tmp: Path) -> list[tuple]:
    return rows(tmp / "w.duckdb", "select name, status, reason from documents")


# Fast checks of the parts, without a run.


def test_legacy_arabic_encodings_are_decoded_and_the_place_resolved(tmp_path, gazetteer):
    build(tmp_path / "inbox", tmp_path / "outside")
    for name in ("sirte-windows-1256.md", "sirte-iso-8859-6.md", "sirte-utf-16.txt"):
        document = Document("inbox", name, (tmp_path / "inbox" / name).read_bytes())
        extraction = extract_document(document, gazetteer)
        figures = resolve_figures(gazetteer, extraction.figures)
        assert [(f.location_text, f.area_id) for f in figures] == [("سرت", "ly-sirte")], name


def test_the_folder_source_never_reads_an_oversized_file_into_memory(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with (inbox / "two-gigabytes.txt").open("wb") as handle:
        handle.truncate(2 * 1024**3)  # sparse: no disk used; reading it would take 2 GB
    tracemalloc.start()
    try:
        (item,) = list(pull(folder_source(inbox)))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(item, Refused) and "over the" in item.reason
    assert peak < 5 * 1024**2


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd.txt", "https://evil.example/../../a b.md?x=../../y", "/abs/path.csv",
     "..", f"a{RLO}txt.exe", "C:\\Windows\\win.ini"],
)  # fmt: skip
def test_archive_paths_derive_from_content_hashes_only(tmp_path, name):
    document = Document("inbox", name, b"585 families returned")
    stored = archive(tmp_path, document)
    assert stored.parent == tmp_path / "inbox"
    assert stored.stem == document.document_id
    assert stored == archive_path(tmp_path, document) and stored.is_file()
    sidecar = metadata_path(tmp_path, "inbox", document.document_id)  # named by content too
    assert sorted(p for p in tmp_path.rglob("*") if p.is_file()) == [sidecar, stored]
    assert json.loads(sidecar.read_text())["name"] == name  # the name only inside it, verbatim


def test_the_run_summary_shows_names_safely():
    import pandas as pd

    documents = pd.DataFrame(
        [{"name": f"evil{RLO}dm.exe|x\n", "status": "rejected", "reason": "not read"}]
    )
    summary = RunSummary(run_id="r", attention=attention_rows(documents))
    markdown = summary_markdown(summary)
    assert RLO not in markdown and "evil\\u202edm.exe\\|x\\u000a" in markdown
    assert safe_display("سرت é") == "سرت é"


def test_every_area_capacity_row_names_a_gazetteer_area_and_cites_a_source(gazetteer):
    from returnwatch.schemas.capacity import read_capacities

    capacities = read_capacities()
    assert capacities and all(gazetteer.has(area_id) for area_id in capacities)
    assert all(
        c.source and c.population > 0 and 1990 <= c.year <= 2030 for c in capacities.values()
    )


def test_a_figure_larger_than_its_area_could_hold_is_quarantined_with_the_census_cited():
    from returnwatch.extract import Figure
    from returnwatch.validate import validate_figures

    def record(quantity: int, unit: str, area_id: str) -> dict:
        figure = Figure("a" * 64, "note.md", quantity, unit, "stock", area_id=area_id,
                        resolve_method="alias", resolve_score=1.0, span_start=quantity % 97,
                        span_end=200, method="test")  # fmt: skip
        return {**figure.record(), "published_date": None}

    result = validate_figures(
        [record(40_000, "households", "ly-sirte-700"), record(30_000, "households", "ly-sirte-700"),
         record(300_000, "individuals", "ly-sirte"), record(9_000_000, "individuals", None),
         record(900_000, "individuals", "LY0103")]
    )  # fmt: skip
    capacity = [r for r in result.rejected if r["check_name"] == "area_capacity"]
    assert sorted(int(r["value"]) for r in capacity) == [40_000, 300_000]
    assert all("LY0208" in r["reason"] and "Sirte District" in r["reason"] for r in capacity)
    assert sorted(result.accepted["quantity"]) == [30_000, 900_000]
    (schema,) = [r for r in result.rejected if r["check_name"] != "area_capacity"]
    assert schema["value"] == "9000000" and "implausible" in schema["check_name"]


def test_sql_is_built_from_names_in_the_code_never_from_data():
    """Audit: f-strings handed to execute() interpolate only table/view names of the code and
    a quoted export path; every value from documents goes through registered frames."""
    import re

    from conftest import PROJECT

    # ALL_KNOWN: the suffix snapshots.py gives the staging tables it keeps aside (a constant)
    allowed = {"{table}", "{view}", "{sql}", "{_quoted(target)}", "{ALL_KNOWN}"}
    found = set()
    for path in (PROJECT / "src").rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.search(r"\.(execute|sql)\(f", line):
                found |= set(re.findall(r"\{[^{}]+\}", line))
    assert found and found <= allowed


def test_a_copy_of_an_earlier_runs_document_is_a_duplicate_recorded_once(tmp_path):
    from datetime import datetime

    import pandas as pd

    from returnwatch.pull import known_document_names, pull_new
    from returnwatch.rows import document_rows
    from returnwatch.warehouse import load_tables
    from returnwatch.warehouse.queries import known_document_ids

    inbox, warehouse, now = tmp_path / "inbox", tmp_path / "w.duckdb", datetime(2026, 1, 1)
    inbox.mkdir()
    (inbox / "a.md").write_text("585 families returned")

    def run(run_id: str):
        pulled = pull_new(
            [folder_source(inbox)], tmp_path / "archive",
            known_document_ids(warehouse), known_document_names(warehouse),
        )  # fmt: skip
        frame = pd.DataFrame(
            [{"document_id": d.document_id, "source_id": d.source_id, "name": d.name,
              "status": "loaded", "n_figures": 0, "run_id": run_id, "loaded_at": now}
             for d in pulled.documents]
        )  # fmt: skip
        duplicates = document_rows([], [], {}, {}, run_id, now, pulled.duplicates)
        load_tables(warehouse, {"documents": pd.concat([frame, duplicates])})
        return pulled

    first = run("r1")
    assert len(first.documents) == 1 and first.inputs == 1
    (inbox / "b copy.md").write_text("585 families returned")
    second = run("r2")
    assert second.documents == [] and second.known == 1
    (copy,) = second.duplicates
    assert copy.name == "b copy.md" and copy.duplicate_of == first.documents[0].document_id
    third = run("r3")
    assert third.known == 2 and third.duplicates == [] and third.documents == []
    stored = rows(warehouse, "select name, status, duplicate_of from documents order by name")
    assert stored == [("a.md", "loaded", None), ("b copy.md", "duplicate", copy.duplicate_of)]
