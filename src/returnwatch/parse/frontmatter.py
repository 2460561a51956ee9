"""YAML front matter of text documents (``published`` or ``date``, ``source``, ``url``, ``title``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import frontmatter
import yaml

from returnwatch.parse.flat_yaml import read_flat_yaml

FENCE = re.compile(
    r"\A(?:\ufeff)?---[ \t]*\r?\n(?P<block>.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL
)


@dataclass(frozen=True)
class FrontMatter:
    """Front matter fields, where the body starts, and what was wrong with it if anything."""

    metadata: dict[str, Any]
    body_start: int
    problems: list[str] = field(default_factory=list)

    @property
    def published_key(self) -> str:
        """The key the published date is read from: ``published``, else ``date`` (the key
        Jekyll, Hugo, Pandoc and R Markdown write)."""
        return "date" if self.metadata.get("published") in (None, "") else "published"

    @property
    def published_value(self) -> Any:
        """The value of ``published_key``."""
        return self.metadata.get(self.published_key)

    @property
    def published(self) -> date | None:
        return as_date(self.published_value)


def read_front_matter(text: str) -> FrontMatter:
    """Split off the front matter; invalid YAML leaves the whole text as body, with a problem."""
    match = FENCE.match(text)
    if not match:
        return FrontMatter({}, 0)
    # most front matter is a few "key: value" lines, read without PyYAML (see flat_yaml)
    flat = read_flat_yaml(match.group("block")) if text.startswith("---") else None
    if flat is not None:
        return FrontMatter(flat, match.end())
    try:
        post = frontmatter.loads(text)
        metadata = dict(post.metadata)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        return FrontMatter({}, 0, [f"front matter is not valid YAML{where}; fix or remove it"])
    except (ValueError, TypeError, AttributeError) as err:  # e.g. a date 2017-13-45
        return FrontMatter({}, 0, [f"front matter cannot be read ({err}); fix or remove it"])
    return FrontMatter(metadata, match.end())


def as_date(value: Any) -> date | None:
    """A front-matter date: YAML dates, datetimes, or ISO strings; anything else is None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None
