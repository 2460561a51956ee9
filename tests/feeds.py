"""A local HTTP server on 127.0.0.1 and the formats it speaks in the source tests:
RSS 2.0, Atom, ReliefWeb API v2 pages, HXL-tagged CSV (DTM-shaped), HTML pages."""

from __future__ import annotations

import json

from pytest_httpserver import HTTPServer

from returnwatch.config import HttpSettings

FAST = HttpSettings(
    connect_timeout=1.0,
    read_timeout=0.5,
    deadline=3.0,
    retries=2,
    backoff=0.05,
    max_retry_wait=0.3,
    max_bytes=50_000,
    max_redirects=3,
    max_pages=5,
)
FAST_ENV = {
    "RETURNWATCH_HTTP_CONNECT_TIMEOUT": "1",
    "RETURNWATCH_HTTP_READ_TIMEOUT": "0.5",
    "RETURNWATCH_HTTP_DEADLINE": "3",
    "RETURNWATCH_HTTP_RETRIES": "2",
    "RETURNWATCH_HTTP_BACKOFF": "0.05",
    "RETURNWATCH_HTTP_MAX_RETRY_WAIT": "0.3",
    "RETURNWATCH_HTTP_MAX_BYTES": "50000",
}


def serve():
    """Use as ``server = pytest.fixture(serve)``.

    A threaded server, so a handler that sleeps does not hold up the others."""
    httpd = HTTPServer(host="127.0.0.1", threaded=True)
    httpd.start()
    yield httpd
    httpd.clear()
    if httpd.is_running():
        httpd.stop()


def rss(items: list[dict], title: str = "Libya returns news") -> str:
    body = "".join(
        f"<item><title>{i['title']}</title><link>{i['link']}</link>"
        f"<pubDate>{i['date']}</pubDate><guid>{i['link']}</guid></item>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://127.0.0.1/</link><description>news</description>"
        f"{body}</channel></rss>"
    )


def atom(items: list[dict], title: str = "Returns (Atom)") -> str:
    entries = "".join(
        f'<entry><title>{i["title"]}</title><link href="{i["link"]}"/><id>{i["link"]}</id>'
        f"<updated>{i['date']}</updated></entry>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{title}</title><id>urn:returns</id><updated>2017-02-14T00:00:00Z</updated>"
        f"{entries}</feed>"
    )


def html_page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{title}</title></head>"
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def reliefweb_page(reports: list[dict], next_href: str | None = None) -> str:
    data = [
        {
            "id": str(r["id"]),
            "score": 1,
            "href": f"https://api.reliefweb.int/v2/reports/{r['id']}",
            "fields": {
                "title": r["title"],
                "body": r["body"],
                "date": {"created": r["date"] + "T00:00:00+00:00"},
                "source": [{"name": r.get("source", "UN OCHA")}],
                "url": f"https://reliefweb.int/node/{r['id']}",
            },
        }
        for r in reports
    ]
    links = {"self": {"href": "https://api.reliefweb.int/v2/reports"}}
    if next_href:
        links["next"] = {"href": next_href}
    return json.dumps({"totalCount": len(data), "count": len(data), "data": data, "links": links})


DTM_HXL = (
    "Mantika,Mantika P-code,Round,Date,Returnee HH,Returnee IND,Source\n"
    "#adm2+name,#adm2+code,#round+code,#date+reported,#affected+returnees+hh,"
    "#affected+returnees+ind,#meta+source\n"
    "Misrata,LY0214,R9,2017-03-31,2100,10500,Local DTM-shaped test table\n"
    "Benghazi,LY0103,R9,2017-03-31,5400,,Local DTM-shaped test table\n"
)
