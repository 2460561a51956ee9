"""`returnwatch rebuild` gives each replayed document what its source said about it when it
was first read (the archive's sidecars): a feed item's published date, title and URL, the
original name, and for a document with no published date the day of the run that read it.
One ``returnwatch run`` over a feed on 127.0.0.1 and a folder, then one ``rebuild``."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import returnwatch, rows
from feeds import FAST_ENV, rss, serve

pytestmark = pytest.mark.prefect

TUESDAY = "<p>The local council said 40 families returned to Tawergha on Tuesday.</p>"
MONDAY = "<p>25 families returned to Sirte on Monday, the council said.</p>"
UNDATED = "The council said 30 families returned to Tawergha yesterday.\n"
READ_ON = date(2019, 5, 10)  # a Friday: the undated document is made to have been read then
DOCUMENT = "select name, url, title, publisher, published_date from documents d where {}"
FIGURES = (
    "select f.quantity, f.event_date from figures f join documents d using (document_id) "
    "where {} order by all"
)


def page(paragraph: str) -> str:
    """A page with no <title> and no date of its own: both come from the feed alone."""
    return f"<!doctype html><html><body><article>{paragraph}</article></body></html>"


@pytest.fixture(scope="module")
def rebuilt(prefect_server, tmp_path_factory):
    """The warehouse after one run (the feed's two items, one undated file), and after a
    rebuild of its archive in which the undated file's sidecar says it was read on
    ``READ_ON`` and the Monday item's sidecar is gone (as in an archive from before them)."""
    tmp = tmp_path_factory.mktemp("rebuild-metadata")
    servers = serve()
    server = next(servers)
    items = [
        {"title": "Families return to Tawergha", "link": server.url_for("/news/tuesday"),
         "date": "Thu, 16 Feb 2017 09:00:00 GMT"},
        {"title": "Families return to Sirte", "link": server.url_for("/news/monday"),
         "date": "Wed, 15 Feb 2017 09:00:00 GMT"},
    ]  # fmt: skip
    server.expect_request("/feed.xml").respond_with_data(
        rss(items), content_type="application/rss+xml"
    )
    server.expect_request("/news/tuesday").respond_with_data(
        page(TUESDAY), content_type="text/html"
    )
    server.expect_request("/news/monday").respond_with_data(page(MONDAY), content_type="text/html")
    (tmp / "inbox").mkdir()
    (tmp / "inbox" / "undated.md").write_text(UNDATED)
    sources = tmp / "sources.toml"
    sources.write_text(
        f'[[sources]]\nid = "news"\nkind = "rss"\nurl = "{server.url_for("/feed.xml")}"\n\n'
        '[[sources]]\nid = "inbox"\nkind = "folder"\npath = "inbox"\n'
    )
    paths = ["--warehouse", str(tmp / "w.duckdb"), "--archive", str(tmp / "archive")]
    paths += ["--exports", str(tmp / "exports")]
    ran = returnwatch("run", "--sources", str(sources), *paths, env=FAST_ENV)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    before = snapshot(tmp / "w.duckdb")
    sidecars = {
        p: json.loads(p.read_text()) for p in (tmp / "archive" / ".documents").rglob("*.json")
    }
    for path, record in sidecars.items():
        if record["name"] == "undated.md":
            path.write_text(json.dumps({**record, "read_on": READ_ON.isoformat()}))
        if record["name"].endswith("/news/monday"):
            path.unlink()
    done = returnwatch("rebuild", *paths)
    assert done.returncode == 0, done.stdout + done.stderr
    yield before, snapshot(tmp / "w.duckdb"), sidecars, tmp
    next(servers, None)


def snapshot(warehouse: Path) -> dict[str, list]:
    where = {
        "tuesday": "d.name like '%/news/tuesday'",
        "monday": "d.source_id = 'news' and d.name not like '%/news/tuesday'",
        "undated": "d.source_id = 'inbox'",
    }
    out: dict[str, list] = {}
    for key, condition in where.items():
        out[f"{key} document"] = rows(warehouse, DOCUMENT.format(condition))
        out[f"{key} figures"] = rows(warehouse, FIGURES.format(condition))
    return out


def test_a_feed_item_keeps_its_published_date_title_and_url_through_a_rebuild(rebuilt):
    before, after, _, _ = rebuilt
    link = before["tuesday document"][0][0]
    assert before["tuesday document"] == [
        (link, link, "Families return to Tawergha", "Libya returns news", date(2017, 2, 16))
    ]
    assert before["tuesday figures"] == [(40, date(2017, 2, 14))]
    assert after["tuesday document"] == before["tuesday document"]
    assert after["tuesday figures"] == before["tuesday figures"]


def test_the_sidecars_say_what_the_run_saw(rebuilt):
    before, _, sidecars, tmp = rebuilt
    by_name = {record["name"]: record for record in sidecars.values()}
    link = before["tuesday document"][0][0]
    assert by_name[link] == {
        "name": link,
        "url": link,
        "title": "Families return to Tawergha",
        "publisher": "Libya returns news",
        "published": "2017-02-16",
        "read_on": date.today().isoformat(),
        "published_given": None,
    }
    assert by_name["undated.md"]["published"] is None
    assert by_name["undated.md"]["read_on"] == date.today().isoformat()
    archived = {p.stem for p in (tmp / "archive").glob("[!.]*/*")}
    assert {p.stem for p in sidecars} == archived and len(archived) == 3


def test_a_rebuild_counts_an_undated_document_from_the_day_it_was_first_read(rebuilt):
    before, after, _, _ = rebuilt
    assert before["undated figures"] == [(30, date.today() - timedelta(days=1))]
    assert after["undated figures"] == [(30, READ_ON - timedelta(days=1))]
    assert after["undated document"] == [("undated.md", None, None, None, None)]


def test_a_document_archived_without_a_sidecar_is_replayed_as_before(rebuilt):
    before, after, _, _ = rebuilt
    assert before["monday document"][0][4] == date(2017, 2, 15)
    assert before["monday figures"] == [(25, date(2017, 2, 13))]
    ((name, url, title, publisher, published),) = after["monday document"]
    assert name.endswith(".html") and len(name) == 64 + len(".html")
    assert (url, title, publisher, published) == (None, None, None, None)
    (figure,) = after["monday figures"]
    assert figure[1] != date(2017, 2, 13)  # "Monday" counted from the rebuild's day, as before
