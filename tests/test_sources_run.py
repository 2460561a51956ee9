"""Done-when: one rss, one reliefweb and one hxl source on a local server, through the real
``returnwatch run``: the right figures (none of the pages' other numbers), every fault recorded
with its reason while the run goes on, no secret anywhere, and a second run adds no document."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from conftest import returnwatch, rows
from feeds import DTM_HXL, FAST_ENV, html_page, reliefweb_page, rss, serve
from werkzeug import Request, Response

pytestmark = pytest.mark.prefect

SECRET = "rw-appname-7f3c1d"
GOOD_PAGE = html_page(
    "Sirte: families return to Hay al-Gharbiya",
    [
        "On 13 February the al-Bunyan al-Marsus operations room said 585 families had returned "
        "to the Hay al-Gharbiya area in the 700 residential area, south of Sirte.",
        "The same day 14 ISIS fighters were reported killed 90 km away; five technicals were seized.",
    ],
)
DISTRACTORS_ONLY = (
    "Fighting 90 km south of Sirte left 14 fighters dead; five technicals were destroyed and "
    "a mayor and two assistants were kidnapped."
)
THIRD_DISTRICT = (
    "On 13 February al-Bunyan al-Marsus said 1025 families had returned to the Third "
    "Residential area on the coast of Sirte."
)


def _sleep(seconds: float):
    def handler(request: Request) -> Response:
        time.sleep(seconds)
        return Response("too late", content_type="text/html")

    return handler


def _truncated(request: Request) -> Response:
    return Response(
        iter([b"<html><body>1,200 families ret"]),
        headers={"Content-Length": "9000"},
        direct_passthrough=True,
    )


def _serve_everything(server) -> dict[str, str]:
    url = server.url_for
    items = [
        {
            "title": "Families return to Hay al-Gharbiya",
            "link": url("/news/sirte-700"),
            "date": "Tue, 14 Feb 2017 09:00:00 GMT",
        },
        {
            "title": "Broken page",
            "link": url("/news/broken"),
            "date": "Tue, 14 Feb 2017 09:00:00 GMT",
        },
        {"title": "Slow page", "link": url("/news/slow"), "date": "Tue, 14 Feb 2017 09:00:00 GMT"},
        {"title": "Cut page", "link": url("/news/cut"), "date": "Tue, 14 Feb 2017 09:00:00 GMT"},
        {"title": "Image", "link": url("/news/image"), "date": "Tue, 14 Feb 2017 09:00:00 GMT"},
        {"title": "Huge", "link": url("/news/huge"), "date": "Tue, 14 Feb 2017 09:00:00 GMT"},
        {"title": "Loop", "link": url("/news/loop"), "date": "Tue, 14 Feb 2017 09:00:00 GMT"},
    ]
    server.expect_oneshot_request("/feed.xml").respond_with_data("busy", status=503)
    server.expect_request("/feed.xml").respond_with_data(
        rss(items), content_type="application/rss+xml"
    )
    server.expect_request("/news/sirte-700").respond_with_data(GOOD_PAGE, content_type="text/html")
    server.expect_request("/news/broken").respond_with_data("oops", status=500)
    server.expect_request("/news/slow").respond_with_handler(_sleep(3))
    server.expect_request("/news/cut").respond_with_handler(_truncated)
    server.expect_request("/news/image").respond_with_data(b"\x89PNG", content_type="image/png")
    server.expect_request("/news/huge").respond_with_data(
        "<p>" + "9" * 200_000 + "</p>", content_type="text/html"
    )
    server.expect_request("/news/loop").respond_with_data(
        "", status=302, headers={"Location": "/news/loop"}
    )
    page2 = url("/v2/reports") + "?offset=1&limit=1"
    server.expect_request(
        "/v2/reports", query_string={"offset": "1", "limit": "1", "appname": SECRET}
    ).respond_with_data(
        reliefweb_page(
            [
                {
                    "id": 2,
                    "title": "Sirte: Third District",
                    "body": THIRD_DISTRICT,
                    "date": "2017-02-14",
                    "source": "Libya Observer",
                }
            ]
        ),
        content_type="application/json",
    )
    server.expect_request("/v2/reports").respond_with_data(
        reliefweb_page(
            [
                {
                    "id": 1,
                    "title": "Clashes south of Sirte",
                    "body": DISTRACTORS_ONLY,
                    "date": "2017-02-14",
                }
            ],
            next_href=page2,
        ),
        content_type="application/json",
    )
    server.expect_request("/dtm.csv").respond_with_data(DTM_HXL, content_type="text/csv")
    server.expect_request("/bad.xml").respond_with_data(
        "<rss><channel><item><title>no end", content_type="application/xml"
    )
    server.expect_request("/bad-api").respond_with_data(
        '{"data": [', content_type="application/json"
    )
    server.expect_request("/bad.csv").respond_with_data(
        'Area,Returns\n"Sirt,10\nMisrata,"20', content_type="text/csv"
    )
    server.expect_request("/hang.xml").respond_with_handler(_sleep(8))
    return {"base": url("/")}


def _sources(tmp: Path, server) -> Path:
    url = server.url_for
    path = tmp / "sources.toml"
    path.write_text(
        f"""
[[sources]]
id = "news"
kind = "rss"
url = "{url("/feed.xml")}"

[[sources]]
id = "reliefweb-libya"
kind = "reliefweb"
url = "{url("/v2/reports")}"
query = "returned families"
country = "LBY"

[[sources]]
id = "dtm"
kind = "hxl"
url = "{url("/dtm.csv")}"

[[sources]]
id = "bad-feed"
kind = "rss"
url = "{url("/bad.xml")}"

[[sources]]
id = "bad-api"
kind = "reliefweb"
url = "{url("/bad-api")}"

[[sources]]
id = "bad-table"
kind = "hxl"
url = "{url("/bad.csv")}"

[[sources]]
id = "hanging"
kind = "rss"
url = "{url("/hang.xml")}"
""",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def two_runs(prefect_server, tmp_path_factory):
    """Two runs of the same sources file (module-scoped: each run costs ~20 s of start-up)."""
    tmp_path = tmp_path_factory.mktemp("sources-run")
    servers = serve()
    server = next(servers)
    with pytest.MonkeyPatch.context() as monkeypatch:
        for key, value in FAST_ENV.items():
            monkeypatch.setenv(key, value)
        monkeypatch.setenv("RETURNWATCH_RELIEFWEB_APPNAME", SECRET)
        _serve_everything(server)
        sources = _sources(tmp_path, server)
        args = [
            "run",
            "--sources",
            str(sources),
            "--warehouse",
            str(tmp_path / "w.duckdb"),
            "--archive",
            str(tmp_path / "archive"),
            "--exports",
            str(tmp_path / "exports"),
        ]
        started = time.monotonic()
        first = returnwatch(*args)
        took = time.monotonic() - started
        assert first.returncode == 0, first.stdout + first.stderr
        documents = rows(tmp_path / "w.duckdb", "select count(*) from documents")[0][0]
        second = returnwatch(*args)
        assert second.returncode == 0, second.stdout + second.stderr
    yield tmp_path, first, second, documents, took, server
    next(servers, None)


def test_the_right_figures_and_no_other_numbers(two_runs):
    tmp, *_ = two_runs
    figures = rows(
        tmp / "w.duckdb",
        "select d.source_id, f.quantity, f.unit, f.figure_type from figures f "
        "join documents d using (document_id) order by 1, 2",
    )
    assert figures == [
        ("dtm", 2100, "households", "stock"),
        ("dtm", 5400, "households", "stock"),
        ("dtm", 10500, "individuals", "stock"),
        ("news", 585, "households", "flow"),
        ("reliefweb-libya", 1025, "households", "flow"),
    ]
    dates = rows(
        tmp / "w.duckdb",
        "select distinct event_date::varchar from figures where quantity in (585, 1025)",
    )
    assert dates == [("2017-02-13",)]


def test_every_fault_is_a_documents_row_with_its_reason(two_runs):
    tmp, *_ = two_runs
    refused = dict(
        rows(
            tmp / "w.duckdb",
            "select name, reason from documents where status in ('failed', 'rejected')",
        )
    )
    reasons = {name.rsplit("/", 1)[-1]: reason for name, reason in refused.items()}
    assert "HTTP 500" in reasons["broken"]
    assert "timed out" in reasons["slow"]
    assert "truncated" in reasons["cut"]
    assert "content type 'image/png'" in reasons["image"]
    assert "over the limit" in reasons["huge"]
    assert "redirect" in reasons["loop"]
    # feedparser reads what it can of broken XML: here one item, without a link
    assert "has no link" in reasons["bad.xml#item-1"]
    assert "not valid JSON" in next(r for n, r in reasons.items() if n.startswith("bad-api"))
    assert "not an HXL table" in reasons["bad.csv"]
    assert "timed out" in reasons["hang.xml"]


def test_a_hanging_source_does_not_hang_the_run(two_runs):
    *_, took, _server = two_runs
    assert took < 120  # the /hang.xml handler sleeps 8 s per try; the read timeout is 0.5 s


def test_a_second_run_adds_no_document(two_runs):
    tmp, _first, second, documents, *_ = two_runs
    assert rows(tmp / "w.duckdb", "select count(*) from documents")[0][0] == documents
    assert second.stdout.startswith("0 new documents"), second.stdout


def test_the_reliefweb_appname_is_sent_but_never_stored_or_shown(two_runs):
    tmp, first, second, _, _, server = two_runs
    sent = [req.args.get("appname") for req, _ in server.log if req.path == "/v2/reports"]
    assert sent and set(sent) == {SECRET}
    assert SECRET not in first.stdout + first.stderr + second.stdout + second.stderr
    for table in ("documents", "figures", "quarantine", "pipeline_runs"):
        assert SECRET not in json.dumps(
            rows(tmp / "w.duckdb", f"select * from {table}"), default=str
        )
    for path in tmp.rglob("*"):
        if path.is_file() and path.suffix != ".duckdb":
            assert SECRET.encode() not in path.read_bytes(), path
    assert SECRET not in json.dumps(_prefect_records(), default=str)


def _prefect_records() -> list:
    """Every flow run's parameters, artifact and log message the test server holds."""
    import asyncio

    from prefect.client.orchestration import get_client

    async def read():
        async with get_client() as client:
            runs = await client.read_flow_runs()
            artifacts = await client.read_artifacts()
            logs = await client.read_logs()
            return (
                [r.parameters for r in runs]
                + [a.data for a in artifacts]
                + [log.message for log in logs]
            )

    return asyncio.run(read())
