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
                "date": {"created": r["date"] + "T00:00:00+00:00"}
                | ({"original": r["original"] + "T00:00:00+00:00"} if "original" in r else {}),
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


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    """A minimal real XLSX workbook (Office Open XML, inline strings), written by hand because
    no XLSX writer is installed; python-calamine reads it like any workbook."""
    import io
    import zipfile
    from xml.sax.saxutils import escape

    def cell(ref: str, value) -> str:
        if isinstance(value, int | float):
            return f'<c r="{ref}"><v>{value}</v></c>'
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'

    def sheet(rows: list[list]) -> str:
        body = "".join(
            f'<row r="{r}">'
            + "".join(cell(f"{chr(65 + c)}{r}", v) for c, v in enumerate(row))
            + "</row>"
            for r, row in enumerate(rows, start=1)
        )
        return (
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{body}</sheetData></worksheet>"
        )

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    names = list(sheets)
    files = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for i in range(1, len(names) + 1)
            )
            + "</Types>"
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            + "".join(
                f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>'
                for i, n in enumerate(names, start=1)
            )
            + "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="{rel}/worksheet" '
                f'Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, len(names) + 1)
            )
            + "</Relationships>"
        ),
    }
    for i, name in enumerate(names, start=1):
        files[f"xl/worksheets/sheet{i}.xml"] = sheet(sheets[name])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, text in files.items():
            archive.writestr(path, '<?xml version="1.0" encoding="UTF-8"?>' + text)
    return buffer.getvalue()
