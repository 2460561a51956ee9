"""Date phrases in text, resolved against the document's published date with dateparser.

Day-month text takes its year from the published date, preferring the past, so a
December event published in January falls in the previous year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateparser.date import DateDataParser

from returnwatch.clock import run_day
from returnwatch.extract.arabic_dates import find_arabic_dates
from returnwatch.extract.scan import find_where_may_start

_MONTHS = (
    "January|February|March|April|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_MONTH = rf"(?:{_MONTHS}|May)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DAY_NTH = (
    r"(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)(?!\s+(?:of\s+)?(?:century|day|week|round|stage|phase))"
)
_YEAR = r"(?:,?\s+(?:19|20)\d{2})"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# a month named alone after "as of", "up to", "until", "from … to", "between … and":
# capitalised, so "to march" and "and may" are not months
_AFTER_WORD = (
    r"(?:(?<=as\sof\s)|(?<=as\sat\s)|(?<=up\sto\s)|(?<=until\s)|(?<=through\s)|(?<=from\s)"
    r"|(?<=between\s)|(?<=to\s)|(?<=and\s)|(?<=of\s))"
)
_CAPITAL_MONTHS = _MONTHS.replace("|Sep|", "|Sep|Sept|") + "|May"
DATE_PHRASE = re.compile(
    rf"""\b(?:
        (?P<iso>(?:19|20)\d{{2}}-\d{{2}}-\d{{2}})
      | (?P<dm>{_DAY}\s+(?:of\s+)?{_MONTH}\.?{_YEAR}?)
      | (?P<md>{_MONTH}\.?\s+{_DAY}{_YEAR}?)
      | (?P<part>(?:early|mid|late|end\s+of)[\s-]+(?:{_MONTH}{_YEAR}?|(?:19|20)\d{{2}}(?![-/])|(?:the\s+)?(?:last|this)\s+year))
      | (?P<month>(?:(?<=in\s)|(?<=since\s)|(?<=during\s)|(?<=by\s))(?:{_MONTHS}|May)\.?{_YEAR}?|(?:{_MONTHS})\.?{_YEAR}
          | {_AFTER_WORD}(?-i:{_CAPITAL_MONTHS})\.?{_YEAR}?)
      | (?P<span>(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:half|quarter)\s+of\s+(?:19|20)\d{{2}}|[QH][1-4]\s+(?:19|20)\d{{2}})
      | (?P<weekday>(?:last\s+|this\s+|past\s+)?{_WEEKDAY})
      | (?P<year>(?:(?<=in\s)|(?<=by\s)|(?<=since\s)|(?<=until\s)|(?<=during\s))(?:19|20)\d{{2}}(?![-/]))
      | (?P<relative>yesterday|today|last\s+week|this\s+week|last\s+month|this\s+month|last\s+year|this\s+year)
      | (?P<ago>(?:two|three|four|five|six|seven|ten|[1-9]|1[0-9])\s+days\s+ago|a\s+week\s+ago|the\s+day\s+before\s+yesterday)
      | (?P<nth>(?<=on\sthe\s){_DAY_NTH})
    )\b""",
    re.VERBOSE | re.IGNORECASE,
)
# Where a date phrase may begin: the first letters of each alternative of DATE_PHRASE.
DATE_START = re.compile(
    r"\b(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|early|mid|late|end|"
    r"mon|tue|wed|thu|fri|sat|sun|last|this|past|yesterday|today|first|second|third|fourth|q|h|"
    r"two|three|four|five|six|seven|ten|a\s+week|the\s+day\s+before)",
    re.IGNORECASE,
)
# Every date phrase holds one of these (in its lowercased text); one search for any of
# them is far cheaper than DATE_PHRASE.
_TRIGGERS = re.compile(
    "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|day|week|month|year|-|in 19|in 20|by 19|"
    "by 20|since 19|since 20|until 19|until 20|during 19|during 20|of 19|of 20|early|mid|late|"
    "q1 |q2 |q3 |q4 |h1 |h2 |ago|on the \\d"
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
    """Every date phrase in text that resolves, in order; with no ``published`` date,
    relative phrases count from the run's day (``clock.run_day``)."""
    base = published or run_day()
    found: list[DateMention] = []
    if not text.isascii():  # Arabic dates are read only in text that has Arabic letters
        found = _arabic_dates(text, base)
    if _TRIGGERS.search(text.lower()) is None:  # cheap: most text names no date
        return found
    for match in find_where_may_start(DATE_PHRASE, DATE_START, text):
        meaning = _meaning(match.lastgroup or "", match.group(0), base)
        if meaning is not None:
            found.append(DateMention(match.start(), match.end(), match.group(0), *meaning))
    return sorted(found, key=lambda d: d.start) if found and not text.isascii() else found


def _arabic_dates(text: str, base: date) -> list[DateMention]:
    """Arabic date phrases, read through their English equivalents (``arabic_dates.py``)."""
    found = []
    for phrase in find_arabic_dates(text):
        meaning = _meaning(phrase.kind, phrase.english, base)
        if meaning is not None:
            found.append(DateMention(phrase.start, phrase.end, phrase.text, *meaning))
    return found


def full_date(text: str) -> date | None:
    """The date a text is, when the whole text is one date with its day, month and year
    ("12 March 2017", "March 12, 2017", "2017-03-12"); None for anything else, so a value
    that only looks like a date (no year, a month, "yesterday", 31 February) is not guessed."""
    phrase = " ".join(text.split())
    match = DATE_PHRASE.fullmatch(phrase)
    if match is None or match.lastgroup not in {"iso", "dm", "md"}:
        return None
    if match.lastgroup != "iso" and re.search(_YEAR, phrase) is None:
        return None
    meaning = _meaning(match.lastgroup, phrase, run_day())
    return meaning[0] if meaning is not None and meaning[1] == "day" else None


MONTH_OF_YEAR = re.compile(
    r"(?:(?P<iso_year>(?:19|20)\d{2})-(?P<iso_month>0?[1-9]|1[0-2])"
    r"|(?P<word>[A-Za-z]+)\.?,?\s*(?P<year>(?:19|20)\d{2}))"
)


def month_of(text: str) -> date | None:
    """The first day of the month a text is, when the whole text is one month of one year
    ("2017-06", "June 2017", "Jun. 2017", as DTM rounds are dated); None for anything else."""
    match = MONTH_OF_YEAR.fullmatch(" ".join(text.split()))
    if match is None:
        return None
    if match.group("iso_year"):
        return date(int(match.group("iso_year")), int(match.group("iso_month")), 1)
    month = _MONTH_NUMBER.get(match.group("word").lower())
    return date(int(match.group("year")), month, 1) if month else None


@lru_cache(maxsize=4096)
def _meaning(kind: str, phrase: str, base: date) -> tuple[date, str] | None:
    """The date and precision of one phrase read on ``base``: the common forms by a month
    table (fast), anything else by dateparser."""
    if kind == "weekday":
        return _weekday(phrase, base)
    if kind == "relative":
        return _relative(phrase.lower().split(), base)
    if kind == "ago":
        return base - timedelta(days=_days_ago(phrase.lower().split())), "day"
    if kind == "nth":  # "on the 8th": that day of the published month, else of the month before
        day = int(re.match(r"\d+", phrase).group(0))
        month = base if day <= base.day else base.replace(day=1) - timedelta(days=1)
        return (month.replace(day=day), "day") if day <= _month_days(month) else None
    try:
        fast = _by_table(kind, phrase, base)
    except ValueError:  # "31 February": not a date
        return None
    return fast if fast is not None else _by_dateparser(kind, phrase, base)


_MONTH_NUMBER = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_PIECES = re.compile(
    r"(?P<year>(?<!\d)(?:19|20)\d{2}(?!\d))|(?P<day>\d{1,2})(?:st|nd|rd|th)?|(?P<word>[A-Za-z]+)"
)


def _by_table(kind: str, phrase: str, base: date) -> tuple[date, str] | None:
    if kind == "iso":
        return date.fromisoformat(phrase), "day"
    if kind == "year":
        return date(int(phrase), 1, 1), "year"
    if kind == "span":  # "the first half of 2024", "Q3 2023": the year, from the period's start
        return _span_start(phrase), "year"
    if kind == "part" and not any(w in _MONTH_NUMBER for w in phrase.lower().split()):
        # "by the end of 2023", "in early 2017", "end of last year": a year, ending on 31 December
        year = re.search(r"(?:19|20)\d{2}", phrase)
        if year:
            return date(int(year.group(0)), 1, 1), "year"
        return date(base.year - ("last" in phrase.lower()), 1, 1), "year"
    day = year = month = None
    part = None
    for piece in _PIECES.finditer(phrase):
        if piece.group("year"):
            year = int(piece.group("year"))
        elif piece.group("day"):
            day = int(piece.group("day"))
        elif piece.group("word").lower() in _MONTH_NUMBER:
            month = _MONTH_NUMBER[piece.group("word").lower()]
        elif piece.group("word").lower() in {"early", "mid", "late", "end"}:
            part = piece.group("word").lower()
    if month is None:
        return None
    if kind == "part":
        day, precision = _PART_DAY["end of" if part == "end" else part or "mid"], "month"
    elif kind == "month":
        day, precision = 1, "month"
    elif day is None:
        return None
    else:
        precision = "day"
    if year is None:
        year = (
            base.year
            if (month, day if precision == "day" else 1) <= (base.month, base.day)
            else base.year - 1
        )
    return date(year, month, day), precision


_SPAN_ORDINAL = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
_SPAN_ORDINAL |= {"fourth": 4, "4th": 4}


def _span_start(phrase: str) -> date:
    """The first day of a half or quarter of a year ("second half of 2023": 1 July 2023)."""
    words = phrase.lower().split()
    year = int(words[-1])
    if len(words) == 2:  # "Q3 2023", "H2 2023"
        kind, number = words[0][0], int(words[0][1])
    else:
        kind, number = words[1][0], _SPAN_ORDINAL[words[0]]
    months = 6 if kind == "h" else 3
    return date(year, min(12, 1 + months * (number - 1)), 1)


_AGO_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}


def _days_ago(words: list[str]) -> int:
    """How many days back "3 days ago", "a week ago", "the day before yesterday" are."""
    if words[-1] == "yesterday":
        return 2
    if words[1] == "week":
        return 7
    return int(words[0]) if words[0].isdigit() else _AGO_WORDS[words[0]]


def _month_days(day: date) -> int:
    return ((day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)).day


def _relative(words: list[str], base: date) -> tuple[date, str]:
    if words == ["yesterday"]:
        return base - timedelta(days=1), "day"
    if words == ["today"]:
        return base, "day"
    if words[-1] == "week":
        return (base - timedelta(days=7) if words[0] == "last" else base), "week"
    if words[-1] == "year":
        return date(base.year - (words[0] == "last"), 1, 1), "year"
    first = base.replace(day=1)
    if words[0] == "last":
        return (first - timedelta(days=1)).replace(day=1), "month"
    return first, "month"


def _by_dateparser(kind: str, phrase: str, base: date) -> tuple[date, str] | None:
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", phrase)
    text = re.sub(r"\bof\s+", "", text, flags=re.IGNORECASE)
    data = _parser(base).get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    return data.date_obj.date(), PRECISION.get(data.period or "day", "day")


@lru_cache(maxsize=64)
def _parser(base: date) -> DateDataParser:
    settings = {
        "RELATIVE_BASE": datetime.combine(base, datetime.min.time()),
        "PREFER_DATES_FROM": "past",
        "DATE_ORDER": "DMY",
        "PREFER_DAY_OF_MONTH": "first",
    }
    return DateDataParser(languages=["en"], settings=settings)


def _weekday(phrase: str, base: date) -> tuple[date, str]:
    """News usage: "on Wednesday" in a Wednesday story is that day; "last Sunday" is before it."""
    words = phrase.lower().split()
    back = (base.weekday() - _WEEKDAYS.index(words[-1])) % 7
    if back == 0 and len(words) > 1 and words[0] in {"last", "past"}:
        back = 7
    return base - timedelta(days=back), "day"


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
