"""Each kind of source pulled from a local server speaking its format, faults included."""

from __future__ import annotations

import hashlib
import json

import pytest
from feeds import DTM_HXL, FAST, FAST_ENV, atom, html_page, reliefweb_page, rss, serve, xlsx
from werkzeug import Request, Response

from returnwatch.documents import Document, Refused
from returnwatch.extract import extract_document
from returnwatch.parse import read_front_matter
from returnwatch.pull import pull_new
from returnwatch.sources import HttpClient, SourceConfig, pull

server = pytest.fixture(serve)


def pulled(config: SourceConfig) -> tuple[list[Document], list[Refused]]:
    with HttpClient(FAST) as http:
        items = list(pull(config, http))
    return [i for i in items if isinstance(i, Document)], [
        i for i in items if isinstance(i, Refused)
    ]


def test_atom_items_become_html_documents_with_item_title_and_date(server):
    link = server.url_for("/story?id=7")  # a URL that says nothing about the type
    server.expect_request("/atom").respond_with_data(
        atom([{"title": "Returns to Sirte", "link": link, "date": "2017-02-14T10:00:00Z"}]),
        content_type="application/atom+xml",
    )
    server.expect_request("/story").respond_with_data(
        html_page("x", ["585 families returned"]), content_type="text/html; charset=utf-8"
    )
    (document,), refused = pulled(SourceConfig("feed", "rss", url=server.url_for("/atom")))
    assert refused == []
    assert (document.title, str(document.published), document.url) == (
        "Returns to Sirte", "2017-02-14", link,
    )  # fmt: skip
    assert document.suffix == ".html" and document.media_type == "text/html"
    assert document.publisher == "Returns (Atom)"


def test_an_unreadable_feed_is_one_failed_row(server):
    server.expect_request("/feed").respond_with_data("{not xml}", content_type="text/xml")
    documents, (refused,) = pulled(SourceConfig("feed", "rss", url=server.url_for("/feed")))
    assert documents == [] and refused.status == "failed"
    assert "not a readable RSS or Atom feed" in refused.reason


def test_unchanged_feed_and_pages_cost_one_304_each_and_add_nothing(server, tmp_path):
    def etagged(body: str, content_type: str):
        def handler(request: Request) -> Response:
            if request.headers.get("If-None-Match") == '"1"':
                return Response(status=304)
            return Response(body, content_type=content_type, headers={"ETag": '"1"'})

        return handler

    link = server.url_for("/p")
    feed = rss([{"title": "t", "link": link, "date": "Tue, 14 Feb 2017 09:00:00 GMT"}])
    server.expect_request("/rss").respond_with_handler(etagged(feed, "application/rss+xml"))
    server.expect_request("/p").respond_with_handler(etagged("<p>585 families</p>", "text/html"))
    config = SourceConfig("feed", "rss", url=server.url_for("/rss"))
    first = pull_new([config], tmp_path / "archive", set())
    assert len(first.documents) == 1 and first.refused == []
    first.keep_validators()  # as the flow does once the documents are loaded
    second = pull_new([config], tmp_path / "archive", {d.document_id for d in first.documents})
    assert second.documents == [] and second.refused == [] and second.known == 0
    assert [r.headers.get("If-None-Match") for r, _ in server.log] == [None, None, '"1"']


def test_reliefweb_post_pages_through_links_next(server, monkeypatch):
    monkeypatch.setenv("RETURNWATCH_RELIEFWEB_APPNAME", "app-from-env")
    bodies = []

    def api(request: Request) -> Response:
        body = json.loads(request.data)
        bodies.append(body)
        reports = [
            {
                "id": 10 + body["offset"],
                "title": f"Report {body['offset']}",
                "body": "585 families returned",
                "date": "2017-02-14",
            }
        ]
        more = server.url_for("/v2/reports") + "?offset=1" if body["offset"] == 0 else None
        return Response(reliefweb_page(reports, more), content_type="application/json")

    server.expect_request("/v2/reports", method="POST").respond_with_handler(api)
    config = SourceConfig(
        "rw",
        "reliefweb",
        url=server.url_for("/v2/reports"),
        method="POST",
        query="returned families",
        country="LBY",
        appname="from-file",
    )
    documents, refused = pulled(config)
    assert refused == [] and [d.name for d in documents] == ["reliefweb-10.md", "reliefweb-11.md"]
    assert [b["offset"] for b in bodies] == [0, 1]
    assert bodies[0]["filter"] == {"field": "primary_country.iso3", "value": "lby"}
    assert bodies[0]["query"]["value"] == "returned families"
    assert {r.args["appname"] for r, _ in server.log} == {"app-from-env"}
    front = read_front_matter(documents[0].content.decode())
    assert front.metadata["url"] == "https://reliefweb.int/node/10"
    assert (front.published.isoformat(), front.metadata["source"]) == ("2017-02-14", "UN OCHA")


@pytest.mark.parametrize(
    ("answer", "content_type", "reason"),
    [
        ('{"data": [{"id": 1', "application/json", "not valid JSON"),
        ('{"error": "bad appname"}', "application/json", "not a ReliefWeb API page"),
        ("<html>maintenance</html>", "text/html", "content type 'text/html'"),
    ],
)
def test_reliefweb_faults_are_failed_rows(server, monkeypatch, answer, content_type, reason):
    monkeypatch.setenv("RETURNWATCH_RELIEFWEB_APPNAME", "secret-app")
    server.expect_request("/v2/reports").respond_with_data(answer, content_type=content_type)
    documents, (refused,) = pulled(
        SourceConfig("rw", "reliefweb", url=server.url_for("/v2/reports"))
    )
    assert documents == [] and reason in refused.reason and "secret-app" not in refused.name


def test_reliefweb_without_an_appname_says_how_to_give_one(server, monkeypatch):
    monkeypatch.delenv("RETURNWATCH_RELIEFWEB_APPNAME", raising=False)
    _, (refused,) = pulled(SourceConfig("rw", "reliefweb", url=server.url_for("/v2/reports")))
    assert "RETURNWATCH_RELIEFWEB_APPNAME" in refused.reason and server.log == []


def test_hxl_with_a_preamble_is_rewritten_so_the_hashtags_follow_the_header(server, gazetteer):
    server.expect_request("/dtm.csv").respond_with_data(
        "DTM Libya round 9 (test table),,,,,,\n" + DTM_HXL, content_type="text/csv"
    )
    (document,), _ = pulled(SourceConfig("dtm", "hxl", url=server.url_for("/dtm.csv")))
    figures = extract_document(document, gazetteer).figures
    assert sorted((f.quantity, f.unit, f.round_code) for f in figures) == [
        (2100, "households", "R9"), (5400, "households", "R9"), (10500, "individuals", "R9"),
    ]  # fmt: skip


def test_hxl_below_thirty_lines_of_notes_is_read_where_libhxl_stops_looking(server, gazetteer):
    notes = "".join(f"Note {n}: figures are from key informants,,,,,,\n" for n in range(30))
    server.expect_request("/dtm.csv").respond_with_data(notes + DTM_HXL, content_type="text/csv")
    (document,), refused = pulled(SourceConfig("dtm", "hxl", url=server.url_for("/dtm.csv")))
    assert refused == []
    figures = extract_document(document, gazetteer).figures
    assert sorted((f.quantity, f.unit, f.location_text) for f in figures) == [
        (2100, "households", "LY0214"), (5400, "households", "LY0103"),
        (10500, "individuals", "LY0214"),
    ]  # fmt: skip


def test_hxl_without_hashtags_says_how_far_it_was_searched(server):
    server.expect_request("/dtm.csv").respond_with_data("a,b\n1,2\n", content_type="text/csv")
    _, (refused,) = pulled(SourceConfig("dtm", "hxl", url=server.url_for("/dtm.csv")))
    assert refused.status == "failed" and "first 100 lines" in refused.reason


def test_hxl_published_with_hashtags_under_the_header_is_kept_byte_for_byte(server):
    server.expect_request("/dtm.csv").respond_with_data(DTM_HXL, content_type="text/csv")
    (document,), _ = pulled(SourceConfig("dtm", "hxl", url=server.url_for("/dtm.csv")))
    assert document.content == DTM_HXL.encode()


def test_csv_without_hashtags_is_read_through_the_columns_map(server, gazetteer):
    table = "Mantika,Code,When,Families\nMisrata,LY0214,2017-03-31,2100\n"
    server.expect_request("/plain.csv").respond_with_data(table, content_type="text/csv")
    columns = {
        "adm2_name": "Mantika",
        "place_code": "Code",
        "date": "When",
        "quantity_households": "Families",
    }
    config = SourceConfig("plain", "csv", url=server.url_for("/plain.csv"), columns=columns)
    (document,), _ = pulled(config)
    (figure,) = extract_document(document, gazetteer).figures
    assert (figure.quantity, figure.unit, figure.figure_type, str(figure.event_date)) == (
        2100, "households", "stock", "2017-03-31",
    )  # fmt: skip
    assert figure.location_text == "LY0214"


def test_a_semicolon_csv_keeps_its_decimal_comma_through_the_columns_map(server, gazetteer):
    """Rewritten as an HXL CSV, a table whose comma marks decimals keeps its semicolons, so
    "1.234" is still 1,234 families and "5,5" is no count."""
    table = "Mantika;When;Families\nMisrata;2017-03-31;1.234\nSirt;2017-03-31;5,5\n"
    server.expect_request("/euro.csv").respond_with_data(table, content_type="text/csv")
    columns = {"adm2_name": "Mantika", "date": "When", "quantity_households": "Families"}
    config = SourceConfig("euro", "csv", url=server.url_for("/euro.csv"), columns=columns)
    (document,), _ = pulled(config)
    extraction = extract_document(document, gazetteer)
    assert [f.quantity for f in extraction.figures] == [1234]
    assert [p.value for p in extraction.problems] == ["5,5"]


def test_xlsx_sheet_through_the_columns_map(server, gazetteer, tmp_path):
    workbook = xlsx(
        {
            "Notes": [["made for a test"]],
            "Returnees": [["Mantika", "HH", "IND"], ["Benghazi", 5400, 27000]],
        }
    )
    server.expect_request("/dtm.xlsx").respond_with_data(
        workbook,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    config = SourceConfig(
        "sheet",
        "xlsx",
        url=server.url_for("/dtm.xlsx"),
        sheet="Returnees",
        columns={
            "adm2_name": "Mantika",
            "quantity_households": "HH",
            "quantity_individuals": "IND",
        },
    )
    (document,), _ = pulled(config)
    figures = extract_document(document, gazetteer).figures
    assert sorted((f.quantity, f.unit) for f in figures) == [
        (5400, "households"), (27000, "individuals"),
    ]  # fmt: skip


def test_a_mapped_table_is_archived_as_published_beside_its_rewrite(server, tmp_path, monkeypatch):
    for key, value in FAST_ENV.items():  # pull_new reads its HTTP settings from the environment
        monkeypatch.setenv(key, value)
    workbook = xlsx({"Returnees": [["Mantika", "HH"], ["Benghazi", 5400]]})
    server.expect_request("/dtm.xlsx").respond_with_data(
        workbook, content_type="application/octet-stream"
    )
    columns = {"adm2_name": "Mantika", "quantity_households": "HH"}
    config = SourceConfig("sheet", "xlsx", url=server.url_for("/dtm.xlsx"), columns=columns)
    result = pull_new([config], tmp_path / "archive", set())
    (document,) = result.documents
    rewrite = result.archived[document.document_id]
    assert rewrite.parent == tmp_path / "archive" / "sheet" and rewrite.suffix == ".csv"
    assert rewrite.read_bytes() == document.content != workbook
    (published,) = (tmp_path / "archive" / ".as-published" / "sheet").iterdir()
    assert published.read_bytes() == workbook
    assert published.name == f"{hashlib.sha256(workbook).hexdigest()}.xlsx"


@pytest.mark.parametrize(
    ("kind", "body", "reason"),
    [
        ("hxl", "Area,Returns\nSirt,10\n", "not an HXL table"),
        ("csv", "Mantika,HH\nSirt,10\nBenghazi,1,2,3\n", "not a readable CSV"),
        ("csv", "Mantika;Families\nSirt;10\n", "no column(s) 'HH'"),
        ("xlsx", "not a workbook", "not a readable XLSX"),
    ],
)
def test_malformed_tables_are_failed_rows(server, kind, body, reason):
    server.expect_request("/t").respond_with_data(body, content_type="application/octet-stream")
    columns = {} if kind == "hxl" else {"adm2_name": "Mantika", "quantity_households": "HH"}
    config = SourceConfig("t", kind, url=server.url_for("/t"), columns=columns)
    documents, (refused,) = pulled(config)
    assert documents == [] and refused.status == "failed" and reason in refused.reason


def test_validators_are_kept_only_after_load_and_not_for_a_feed_with_failed_items(
    server, tmp_path, monkeypatch
):
    for key, value in FAST_ENV.items():  # pull_new reads its HTTP settings from the environment
        monkeypatch.setenv(key, value)

    def etagged(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"f"':
            return Response(status=304)
        items = [
            {"title": "ok", "link": server.url_for("/ok"), "date": "Tue, 14 Feb 2017 09:00:00 GMT"},
            {
                "title": "bad",
                "link": server.url_for("/bad"),
                "date": "Tue, 14 Feb 2017 09:00:00 GMT",
            },
        ]
        return Response(rss(items), content_type="application/rss+xml", headers={"ETag": '"f"'})

    server.expect_request("/rss").respond_with_handler(etagged)
    server.expect_request("/ok").respond_with_data("<p>585 families</p>", content_type="text/html")
    server.expect_request("/bad").respond_with_data("gone", status=500)
    config = SourceConfig("feed", "rss", url=server.url_for("/rss"))
    crashed = pull_new([config], tmp_path / "archive", set())  # the run dies before load
    assert len(crashed.documents) == 1 and len(crashed.refused) == 1
    again = pull_new([config], tmp_path / "archive", set())
    assert len(again.documents) == 1  # nothing was skipped as unchanged
    again.keep_validators()
    third = pull_new([config], tmp_path / "archive", {again.documents[0].document_id})
    assert third.known == 1 and len(third.refused) == 1  # the feed is read again: /bad retried
    feed_requests = [r for r, _ in server.log if r.path == "/rss"]
    assert [r.headers.get("If-None-Match") for r in feed_requests] == [None, None, None]


@pytest.mark.prefect
def test_reliefweb_appname_from_a_prefect_secret_block(prefect_server, server, monkeypatch):
    from prefect.blocks.system import Secret

    Secret(value="app-from-block").save("returnwatch-test-appname", overwrite=True)
    monkeypatch.delenv("RETURNWATCH_RELIEFWEB_APPNAME", raising=False)
    monkeypatch.setenv("RETURNWATCH_RELIEFWEB_APPNAME_BLOCK", "returnwatch-test-appname")
    server.expect_request("/v2/reports").respond_with_data(
        reliefweb_page([{"id": 1, "title": "t", "body": "b", "date": "2017-02-14"}]),
        content_type="application/json",
    )
    (document,), _ = pulled(SourceConfig("rw", "reliefweb", url=server.url_for("/v2/reports")))
    assert server.log[0][0].args["appname"] == "app-from-block"
    assert b"app-from-block" not in document.content


@pytest.mark.parametrize(
    ("kind", "stamp"),
    [("rss", "Thu, 14 Mar 2024 00:30:00 +0200"), ("atom", "2024-03-14T01:15:00+02:00")],
)
def test_a_feed_item_is_dated_by_its_own_day_not_utc(server, gazetteer, kind, stamp):
    """An item a Tripoli agency posted at 00:30 local time (22:30 UTC the day before) was
    published on the 14th: its "yesterday" is the 13th."""
    link = server.url_for("/story")
    feed = (rss if kind == "rss" else atom)([{"title": "Returns", "link": link, "date": stamp}])
    server.expect_request("/feed").respond_with_data(feed, content_type=f"application/{kind}+xml")
    server.expect_request("/story").respond_with_data(
        html_page("Returns", ["Yesterday 120 families returned to Tawergha."]),
        content_type="text/html",
    )
    (document,), _ = pulled(SourceConfig("feed", "rss", url=server.url_for("/feed")))
    assert str(document.published) == "2024-03-14"
    (figure,) = extract_document(document, gazetteer).figures
    assert (figure.quantity, str(figure.event_date)) == (120, "2024-03-13")


def test_a_reliefweb_report_is_dated_by_its_original_publication(server, gazetteer, monkeypatch):
    """OCHA published the update on 13 March; ReliefWeb posted it on 18 March. Its
    "yesterday" is 12 March."""
    monkeypatch.setenv("RETURNWATCH_RELIEFWEB_APPNAME", "app")
    report = {
        "id": 7,
        "title": "Libya: Flash Update",
        "body": "Yesterday 120 families returned to Tawergha.",
        "date": "2024-03-18",
        "original": "2024-03-13",
    }
    server.expect_request("/v2/reports").respond_with_data(
        reliefweb_page([report]), content_type="application/json"
    )
    (document,), _ = pulled(SourceConfig("rw", "reliefweb", url=server.url_for("/v2/reports")))
    assert read_front_matter(document.content.decode()).published.isoformat() == "2024-03-13"
    (figure,) = extract_document(document, gazetteer).figures
    assert (figure.quantity, str(figure.event_date)) == (120, "2024-03-12")
