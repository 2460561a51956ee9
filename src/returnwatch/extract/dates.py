"""Date phrases in text, resolved against the document's published date with dateparser.

Day-month text takes its year from the published date, preferring the past, so a
December event published in January falls in the previous year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateparser.date import DateDataParser

_MONTHS = (
    "January|February|March|April|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_MONTH = rf"(?:{_MONTHS}|May)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?:19|20)\d{2})"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
DATE_PHRASE = re.compile(
    rf"""\b(?:
        (?P<iso>(?:19|20)\d{{2}}-\d{{2}}-\d{{2}})
      | (?P<dm>{_DAY}\s+(?:of\s+)?{_MONTH}\.?{_YEAR}?)
      | (?P<md>{_MONTH}\.?\s+{_DAY}{_YEAR}?)
      | (?P<part>(?:early|mid|late|end\s+of)[\s-]+{_MONTH}{_YEAR}?)
      | (?P<month>(?:(?<=in\s)|(?<=since\s)|(?<=during\s)|(?<=by\s))(?:{_MONTHS}|May){_YEAR}?|(?:{_MONTHS}){_YEAR})
      | (?P<weekday>(?:last\s+|this\s+|past\s+)?{_WEEKDAY})
      | (?P<relative>yesterday|today|last\s+week|this\s+week|last\s+month|this\s+month)
    )\b""",
    re.VERBOSE | re.IGNORECASE,
)
PRECISION = {"day": "day", "week": "week", "month": "month", "year": "year"}
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_PART_DAY = {"early": 5, "mid": 15, "late": 25, "end of": 28}


@dataclass(frozen=True)
class DateMention:
    """A date phrase with its span, the date it means, and how precise that date is."""

    start: int
    end: int
    text: str
    value: date
    precision: str


def find_dates(text: str, published: date | None) -> list[DateMention]:
    """Every date phrase in text that resolves, in order."""
    base = datetime.combine(published or date.today(), datetime.min.time())
    parser = _parser(base)
    found = []
    for match in DATE_PHRASE.finditer(text):
        phrase = match.group(0)
        mention = _resolve(match, phrase, parser, base.date())
        if mention is not None:
            found.append(mention)
    return found


def _parser(base: datetime) -> DateDataParser:
    settings = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "past",
        "DATE_ORDER": "DMY",
        "PREFER_DAY_OF_MONTH": "first",
    }
    return DateDataParser(languages=["en"], settings=settings)


def _resolve(
    match: re.Match[str], phrase: str, parser: DateDataParser, base: date
) -> DateMention | None:
    if match.group("weekday"):
        return _weekday(match, phrase, base)
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", phrase)
    part = match.group("part")
    if part:
        when = re.match(r"(early|mid|late|end\s+of)[\s-]+(.*)", text, re.IGNORECASE)
        if when is None:
            return None
        key = re.sub(r"\s+", " ", when.group(1).lower())
        month = parser.get_date_data(when.group(2))
        if month is None or month.date_obj is None:
            return None
        value = month.date_obj.date().replace(day=_PART_DAY[key])
        return DateMention(match.start(), match.end(), phrase, value, "month")
    text = re.sub(r"\bof\s+", "", text, flags=re.IGNORECASE)
    data = parser.get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    precision = PRECISION.get(data.period or "day", "day")
    return DateMention(match.start(), match.end(), phrase, data.date_obj.date(), precision)


def _weekday(match: re.Match[str], phrase: str, base: date) -> DateMention:
    """News usage: "on Wednesday" in a Wednesday story is that day; "last Sunday" is before it."""
    words = phrase.lower().split()
    back = (base.weekday() - _WEEKDAYS.index(words[-1])) % 7
    if back == 0 and len(words) > 1 and words[0] in {"last", "past"}:
        back = 7
    return DateMention(match.start(), match.end(), phrase, base - timedelta(days=back), "day")


def period_end(value: date, precision: str, cap: date | None) -> date:
    """The last day of the week or month a date stands for (not after ``cap``)."""
    if precision == "month":
        following = (value.replace(day=28) + timedelta(days=4)).replace(day=1)
        end = following - timedelta(days=1)
    elif precision == "week":
        end = value + timedelta(days=6 - value.weekday())
    elif precision == "year":
        end = value.replace(month=12, day=31)
    else:
        end = value
    return min(end, cap) if cap else end
