"""`returnwatch run` end to end on the bundled samples, against the session's Prefect server."""

from pathlib import Path

import pytest
from conftest import returnwatch, rows

pytestmark = pytest.mark.prefect

STABLE = {
    "documents": "select * exclude (run_id, loaded_at) from documents order by document_id",
    "figures": "select * exclude (run_id, loaded_at) from figures order by figure_id",
    "cumulative_returns_by_area": "select * from cumulative_returns_by_area order by area_id, date",
}


def run(tmp: Path, *extra: str):
    args = ["run", "--warehouse", str(tmp / "w.duckdb"), "--archive", str(tmp / "archive")]
    result = returnwatch(*args, "--exports", str(tmp / "exports"), *extra)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def twice(prefect_server, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("run")
    first = run(tmp)
    snapshot = {name: rows(tmp / "w.duckdb", sql) for name, sql in STABLE.items()}
    second = run(tmp)
    return tmp, first, second, snapshot


def test_cumulative_returns_match_the_reports_of_february_2017(twice):
    tmp, *_ = twice
    warehouse = tmp / "w.duckdb"
    by_district = rows(
        warehouse,
        "select district_id, max_by(cumulative_households, date) from cumulative_returns_by_district "
        "where date <= '2017-02-13' group by district_id order by district_id",
    )
    assert by_district == [("ly-sirte-700", 585), ("ly-sirte-d3", 1025)]
    city = rows(
        warehouse,
        "select max_by(cumulative_households, date) from cumulative_returns_by_area "
        "where area_id = 'ly-sirte' and date <= '2017-02-13'",
    )
    assert city == [(1610,)]


def test_a_second_run_changes_nothing(twice):
    tmp, first, second, snapshot = twice
    again = {name: rows(tmp / "w.duckdb", sql) for name, sql in STABLE.items()}
    assert again == snapshot
    assert "0 new documents" in second.stdout and "9 new documents" in first.stdout


def test_every_input_is_accounted_for(twice, samples):
    tmp, *_ = twice
    statuses = dict(rows(tmp / "w.duckdb", "select name, status from documents"))
    inputs = {p.name for p in samples.iterdir() if not p.name.startswith("README")}
    assert set(statuses) == inputs
    assert statuses["2017-02-09-libya-observer-sirte-second-stage-begins.md"] == "no_figures"
    archived = list((tmp / "archive" / "samples").iterdir())
    assert len(archived) == len(inputs) and all(len(p.stem) == 64 for p in archived)


def test_seed_distractors_never_become_figures(twice):
    tmp, *_ = twice
    seed_figures = rows(
        tmp / "w.duckdb",
        "select quantity from figures join documents using (document_id) "
        "where documents.name = '2017-02-13-libya-analysis-sirte.md' order by quantity",
    )
    assert seed_figures == [(585,), (1025,)]


def test_checks_pass_and_are_stored_and_exports_are_written(twice):
    tmp, _first, *_ = twice
    failed = rows(tmp / "w.duckdb", "select count(*) from quality_results where not success")
    assert failed == [(0,)]
    assert rows(tmp / "w.duckdb", "select count(*) > 20 from quality_results") == [(True,)]
    exported = sorted(p.name for p in (tmp / "exports").glob("*.csv") if ".hxl." not in p.name)
    assert exported == [
        "cumulative_returns_by_area.csv",
        "cumulative_returns_by_district.csv",
        "quarantine.csv",
        "return_events.csv",
        "sources.csv",
        "uncounted_figures.csv",
        "unresolved_places.csv",
    ]
    header = (tmp / "exports" / "cumulative_returns_by_district.csv").read_text().splitlines()[0]
    assert header.startswith(
        "country,admin1_pcode,admin1_name,admin2_pcode,admin2_name,district_id"
    )


def test_runs_are_recorded(twice):
    tmp, *_ = twice
    runs = rows(
        tmp / "w.duckdb",
        "select status, documents_new, checks_passed from pipeline_runs order by started_at",
    )
    assert runs == [("completed", 9, True), ("completed", 0, True)]


def test_the_run_leaves_a_markdown_summary_artifact(twice):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["returnwatch-run-summary"]))
        )
    assert artifacts and "Cumulative returns by district" in artifacts[0].data


def test_an_inbox_replaces_the_sources_file(prefect_server, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "note.md").write_text(
        "---\npublished: 2017-02-20\n---\nOn 19 February 250 families returned to Residential District No. 1 in Sirte.\n"
    )
    run(tmp_path, "--inbox", str(inbox))
    assert rows(tmp_path / "w.duckdb", "select area_id, households from return_events") == [
        ("ly-sirte-d1", 250)
    ]


def test_a_project_folder_without_suites_is_checked_with_the_projects(prefect_server, tmp_path):
    """An analyst's own folder (a sources.toml, nothing else) is the project root: its
    warehouse and exports go there, and the checks use returnwatch's own suites."""
    (tmp_path / "inbox").mkdir()
    (tmp_path / "inbox" / "note.md").write_text(
        "---\npublished: 2017-02-20\n---\nOn 19 February 250 families returned to Residential District No. 1 in Sirte.\n"
    )
    (tmp_path / "sources.toml").write_text(
        '[[sources]]\nid = "mine"\nkind = "folder"\npath = "inbox"\n'
    )
    result = returnwatch("run", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "checks passed" in result.stdout, result.stdout
    assert (tmp_path / "data" / "warehouse" / "exports" / "datapackage.json").is_file()
    checked = returnwatch("check", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
