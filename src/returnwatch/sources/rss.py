"""RSS 2.0 and Atom feeds (feedparser): each item's linked page is one document.

Identity: the sha256 of the page bytes. Title and published date come from the item;
the page is read as HTML (``declared_suffix``), whatever its URL looks like.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import feedparser

from returnwatch.documents import Document, Refused, failed
from returnwatch.sources.config import SourceConfig
from returnwatch.sources.http import FetchError, HttpClient

FEED_TYPES = ("xml", "rss", "atom")
PAGE_TYPES = ("html", "text/plain")


def pull_rss(config: SourceConfig, http: HttpClient) -> Iterator[Document | Refused]:
    """Yield the page of every feed item, or a Refused saying why it could not be had."""
    assert config.url
    try:
        feed = http.get(config.url, conditional=True, accept=FEED_TYPES)
    except FetchError as err:
        yield failed(config.id, config.url, str(err))
        return
    if feed.not_modified:
        return
    parsed = feedparser.parse(feed.content)
    if parsed.bozo and not parsed.entries:
        yield failed(
            config.id,
            config.url,
            f"not a readable RSS or Atom feed ({parsed.get('bozo_exception')}); check the feed URL",
        )
        return
    publisher = parsed.feed.get("title")
    for number, entry in enumerate(parsed.entries, start=1):
        yield from _item(config, http, feed.url, entry, number, publisher)


def _item(config, http, feed_url, entry, number, publisher) -> Iterator[Document | Refused]:
    link = entry.get("link")
    if not link:
        yield failed(
            config.id,
            f"{config.url}#item-{number}",
            f"feed item {number} ({entry.get('title', 'untitled')!r}) has no link",
        )
        return
    link = urljoin(feed_url, link)
    try:
        page = http.get(link, conditional=True, accept=PAGE_TYPES)
    except FetchError as err:
        yield failed(config.id, link, str(err))
        return
    if page.not_modified:
        return
    yield Document(
        source_id=config.id,
        name=link,
        content=page.content,
        url=link,
        title=entry.get("title") or None,
        publisher=entry.get("author") or publisher,
        published=_published(entry),
        meta={"feed": config.url, "item_id": entry.get("id", link)},
        declared_suffix=".html",
    )


def _published(entry) -> date | None:
    """The day the item was published where it was published: feedparser's parsed times
    are in UTC, so "Thu, 14 Mar 2024 00:30:00 +0200" (Tripoli) would be 13 March, and the
    article's "yesterday" a day early. The offset the feed wrote is kept when it reads."""
    for key in ("published", "updated"):
        local = _local_day(entry.get(key))
        if local is not None:
            return local
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None


def _local_day(text: str | None) -> date | None:
    """The calendar day of an RFC 822 (RSS) or ISO 8601 (Atom) timestamp, as written."""
    if not text:
        return None
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(text.strip()).date()
    except ValueError:
        return None
