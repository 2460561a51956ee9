"""Each run leaves Prefect artifacts: a markdown summary, a table of the latest cumulative
returns by district, and a link to the dashboard; read back from the session's server."""

import csv
import json

import pytest

pytestmark = pytest.mark.prefect


def artifacts(key: str) -> list:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    with get_client(sync_client=True) as client:
        return client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key]))
        )


def latest_by_district(exports) -> list[tuple]:
    with (exports / "cumulative_returns_by_district.csv").open(encoding="utf-8") as f:
        latest = {r["district_id"]: r for r in csv.DictReader(f)}
    return sorted(
        (k, r["date"], r["cumulative_households"], r["cumulative_individuals"])
        for k, r in latest.items()
    )


def test_a_table_artifact_holds_the_runs_latest_totals_by_district(exported_run):
    tmp, _ = exported_run
    expected = latest_by_district(tmp / "exports")
    tables = []
    for artifact in artifacts("cumulative-returns-by-district"):
        data = json.loads(artifact.data) if isinstance(artifact.data, str) else artifact.data
        columns = ("district_id", "as_of", "cumulative_households", "cumulative_individuals")
        tables.append(sorted(tuple(r[c] for c in columns) for r in data))
    assert expected in tables


def test_the_markdown_summary_lists_the_exports_and_what_awaits_review(exported_run):
    tmp, _ = exported_run
    summaries = [a.data for a in artifacts("returnwatch-run-summary")]
    ours = [s for s in summaries if str(tmp / "exports") in s]
    assert ours, summaries
    summary = ours[-1]
    assert "files written to" in summary
    assert "- `dashboard.html`" in summary and "- `datapackage.json`" in summary
    # in a markdown table cell the pipe is escaped, so the row keeps its columns
    assert "## Places this run could not name" in summary and "=cmd\\|' /C calc'!A0" in summary
    assert "## Cumulative returns by district (latest)" in summary


def test_a_link_artifact_points_at_the_dashboard(exported_run):
    tmp, _ = exported_run
    links = [a.data for a in artifacts("returnwatch-dashboard")]
    uri = (tmp / "exports" / "dashboard.html").as_uri()
    assert f"[dashboard.html]({uri})" in links
