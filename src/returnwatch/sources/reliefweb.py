"""The ReliefWeb API v2 ``reports`` endpoint: one document per report.

Each report becomes Markdown with YAML front matter (title, url, published, source), so the
text path reads it like any announcement. Pages are followed through ``links.next``.
The appname comes from ``RETURNWATCH_RELIEFWEB_APPNAME`` (preferred) or the sources file;
it is sent as a query parameter and never shown (see ``http.redact``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from urllib.parse import parse_qsl, urlsplit

import yaml

from returnwatch.documents import Document, Refused, failed
from returnwatch.sources.config import SourceConfig
from returnwatch.sources.http import FetchError, HttpClient, redact

APPNAME_ENV = "RETURNWATCH_RELIEFWEB_APPNAME"
APPNAME_BLOCK_ENV = "RETURNWATCH_RELIEFWEB_APPNAME_BLOCK"
"""Names a Prefect Secret block holding the appname (for deployments on a shared server)."""
FIELDS = ("title", "body", "date.original", "date.created", "source.name", "url", "url_alias")
PAGE_SIZE = 100


def pull_reliefweb(config: SourceConfig, http: HttpClient) -> Iterator[Document | Refused]:
    """Yield each report of every page of the query, or a Refused for what failed."""
    assert config.url
    appname = _appname(config)
    if not appname:
        yield failed(
            config.id,
            config.url,
            f"ReliefWeb needs an approved appname: set {APPNAME_ENV}, or "
            f"{APPNAME_BLOCK_ENV} to a Prefect Secret block, or appname in the sources file",
        )
        return
    base = urlsplit(config.url)
    url, offset, seen = config.url, 0, set()
    for _ in range(http.settings.max_pages):
        try:
            page = _page(config, http, url, appname, offset)
        except (FetchError, ValueError) as err:
            yield failed(config.id, f"{redact(url)}#offset={offset}", str(err))
            return
        for report in page.get("data") or []:
            yield _report(config, report)
        next_href = ((page.get("links") or {}).get("next") or {}).get("href")
        if not next_href or next_href in seen:
            return
        seen.add(next_href)
        if urlsplit(next_href).netloc != base.netloc:
            yield failed(
                config.id,
                redact(next_href),
                "links.next leaves the API host; not followed (the appname would go with it)",
            )
            return
        url = next_href if config.method == "GET" else config.url
        offset = int(dict(parse_qsl(urlsplit(next_href).query)).get("offset", offset + PAGE_SIZE))


def _appname(config: SourceConfig) -> str | None:
    """The environment first, then a Prefect Secret block named in the environment, then the
    sources file."""
    if os.environ.get(APPNAME_ENV):
        return os.environ[APPNAME_ENV]
    block = os.environ.get(APPNAME_BLOCK_ENV)
    if block:
        from prefect.blocks.system import Secret

        return str(Secret.load(block).get())
    return config.appname


def _page(config: SourceConfig, http: HttpClient, url: str, appname: str, offset: int) -> dict:
    query = dict(parse_qsl(urlsplit(url).query))
    params = {} if "appname" in query else {"appname": appname}
    if config.method == "POST":
        body = {
            "limit": PAGE_SIZE,
            "offset": offset,
            "fields": {"include": list(FIELDS)},
            "sort": ["date.created:desc"],
        }
        if config.query:
            body["query"] = {"value": config.query, "operator": "AND"}
        if config.country:
            body["filter"] = {"field": "primary_country.iso3", "value": config.country.lower()}
        fetched = http.post(url, json_body=body, params=params, accept=("json",))
    else:
        if url == config.url:
            params |= _get_params(config)
        fetched = http.get(url, params=params, accept=("json",))
    try:
        page = json.loads(fetched.content)
    except ValueError as err:
        raise ValueError(
            f"{redact(url)}: answer is not valid JSON ({type(err).__name__}); "
            "is this the ReliefWeb API URL?"
        ) from None
    if not isinstance(page, dict) or not isinstance(page.get("data"), list):
        raise ValueError(f"{redact(url)}: answer is not a ReliefWeb API page (no data list)")
    return page


def _get_params(config: SourceConfig) -> dict:
    params: dict = {
        "limit": PAGE_SIZE,
        "sort[]": "date.created:desc",
        "fields[include][]": list(FIELDS),
    }
    if config.query:
        params |= {"query[value]": config.query, "query[operator]": "AND"}
    if config.country:
        params |= {"filter[field]": "primary_country.iso3", "filter[value]": config.country.lower()}
    return params


def _report(config: SourceConfig, report: dict) -> Document | Refused:
    fields = report.get("fields") or {}
    report_id = str(report.get("id", "?"))
    body = fields.get("body") or fields.get("body-html")
    title = fields.get("title")
    if not isinstance(body, str) or not body.strip() or not isinstance(title, str):
        return failed(
            config.id,
            f"reliefweb report {report_id}",
            "report has no title or body; nothing to read",
        )
    url = fields.get("url_alias") or fields.get("url") or report.get("href")
    # the day the source published the report, not the (often later) day ReliefWeb posted it:
    # the report's "yesterday" and weekdays count from it
    dates = fields.get("date") or {}
    published = str(dates.get("original") or dates.get("created") or "")[:10] or None
    publisher = ", ".join(s.get("name", "") for s in fields.get("source") or [] if s.get("name"))
    front = {
        "title": title,
        "url": url,
        "published": published,
        "source": publisher or None,
        "reliefweb_id": report_id,
    }
    header = yaml.safe_dump(
        {k: v for k, v in front.items() if v}, allow_unicode=True, sort_keys=False
    )
    text = f"---\n{header}---\n\n# {title}\n\n{body.strip()}\n"
    return Document(
        source_id=config.id,
        name=f"reliefweb-{report_id}.md",
        content=text.encode("utf-8"),
        url=url,
        title=title,
        publisher=publisher or None,
        meta={"reliefweb_id": report_id},
        declared_suffix=".md",
    )
