"""Which date phrase of a sentence is a figure's event date.

A date can be the day of the statement ("said on Sunday"), a dateline ("TRIPOLI,
Feb 3 -"), the start of a running count ("since returns began on 5 February"), the
day a stock is counted up to ("by last Sunday"), or the day of the return itself. A
flow takes the day of the return; a stock its as-of date, else the statement's day.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from returnwatch.extract.arabic_dates import arabic_role
from returnwatch.extract.dates import DateMention

STATEMENT_BEFORE = re.compile(
    r"\b(?:said|says|announced|announces|stated|added|confirmed|declared|reported|noted|"
    r"explained|wrote|posted|told\s+[\w\s'’-]{1,30}?|(?:said|announced|stated)\s+in\s+a\s+"
    r"(?:statement|press\s+release|post)|in\s+a\s+(?:statement|press\s+release|post))\s+"
    r"(?:late\s+|early\s+)?(?:on\s+)?$",
    re.IGNORECASE,
)
DATELINE_BEFORE = re.compile(r"^[A-Z][A-Z .'’-]{2,},?\s*$")
DATELINE_AFTER = re.compile(r"^\s*(?:\((?:[A-Za-z]+)\)\s*)?[-–—]\s")
SINCE_BEFORE = re.compile(r"\bsince\b[^,.;:]{0,45}$", re.IGNORECASE)
AS_OF_BEFORE = re.compile(
    r"\b(?:by|up\s+to|until|as\s+of|as\s+at|through)\s+(?:the\s+)?$", re.IGNORECASE
)
SAME_DAY = re.compile(
    r"\b(?:(?:on\s+)?the\s+(?:same|first|opening)\s+day|that\s+day|on\s+the\s+day)\b",
    re.IGNORECASE,
)

# "the day before" a day named earlier; not "the day before yesterday" (a date of its own)
# nor "the day before the ceasefire" (a day this reader cannot date)
DAY_BEFORE = re.compile(
    r"\b(?:the\s+(?:day\s+before|previous\s+day|preceding\s+day|day\s+earlier)|"
    r"a\s+day\s+(?:earlier|before))\b"
    r"(?!\s+(?:yesterday|the|a|an|its|their|his|her)\b|\s+(?-i:[A-Z0-9]))",
    re.IGNORECASE,
)


def with_days_before(
    s: str, dates: list[DateMention], earlier: Callable[[], DateMention | None]
) -> list[DateMention]:
    """``dates`` of sentence ``s`` with each "the day before" / "the previous day" as the
    day before the last day ``s`` names ahead of it ("On Monday … the day before, 30
    families returned": Sunday), else before the day ``earlier()`` gives (the last day
    its paragraph named); with neither, it stays no date."""
    if "day" not in s and "Day" not in s:
        return dates
    added: list[DateMention] = []
    for match in DAY_BEFORE.finditer(s):
        if any(d.start <= match.start() < d.end for d in dates):
            continue
        named = [d for d in dates if d.end <= match.start() and d.precision == "day"]
        anchor = named[-1] if named else earlier()
        if anchor is None or anchor.precision != "day":
            continue
        day = anchor.value - timedelta(days=1)
        added.append(DateMention(match.start(), match.end(), match.group(0), day, "day"))
    return sorted([*dates, *added], key=lambda d: d.start) if added else dates


@dataclass(frozen=True)
class RoledDate:
    """A date phrase and what it is in its sentence: event, statement, since or as_of."""

    mention: DateMention
    role: str

    @property
    def start(self) -> int:
        return self.mention.start


def roles(sentence: str, dates: list[DateMention]) -> list[RoledDate]:
    """Each date of the sentence with its role."""
    return [RoledDate(d, _role(sentence, d)) for d in dates]


def _role(s: str, d: DateMention) -> str:
    before = s[max(0, d.start - 60) : d.start]
    arabic = None if s.isascii() else arabic_role(before, s[d.end : d.end + 20])
    if arabic is not None:
        return arabic
    if STATEMENT_BEFORE.search(before):
        return "statement"
    if DATELINE_BEFORE.match(s[: d.start]) and DATELINE_AFTER.match(s[d.end :]):
        return "statement"
    if AS_OF_BEFORE.search(before[-18:]):
        return "as_of"
    if SINCE_BEFORE.search(before):
        return "since"
    return "event"


def event_date(
    dated: list[RoledDate], at: int, left: int, right: int, is_stock: bool
) -> RoledDate | None:
    """The date of a figure at ``at`` whose clause runs ``left``..``right``."""
    inside = [d for d in dated if left <= d.start < right]
    before = [d for d in dated if d.start < at]
    statement = [d for d in dated if d.role == "statement"]
    if is_stock:
        pools = [
            [d for d in inside if d.role == "as_of"],
            statement,
            [d for d in inside if d.role == "event"],
            [d for d in before if d.role == "event"],
        ]
    else:
        pools = [
            [d for d in inside if d.role in {"event", "as_of"}],
            [d for d in before if d.role == "event"],
        ]
    for pool in pools:
        if pool:
            return min(pool, key=lambda d: abs(d.start - at))
    return None


def statement_date(dated: list[RoledDate]) -> RoledDate | None:
    """The day the statement was made, when the sentence says it."""
    return next((d for d in dated if d.role == "statement"), None)
