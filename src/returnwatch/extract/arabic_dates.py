"""Date phrases written in Arabic, put into the English words ``dates.py`` already reads.

"في 5 فبراير", "يوم ١٢ كانون الأول ٢٠٢٣", "أمس", "يوم الخميس", "الأسبوع الماضي": each is
found here and given an English equivalent ("5 February", "12 December 2023",
"yesterday", "Thursday", "last week"), which ``dates.py`` resolves against the published
date as it does English text, so the year rule of DESIGN.md (a day and month with no year
take the published year, preferring the past) holds for both. The month and weekday
names come from dateparser's locale data: the Egyptian names used in Libya ("فبراير"),
the Levantine and Iraqi ones ("شباط", ``ar-IQ``) and the Maghreb ones ("جانفي", ``ar-TN``,
``ar-MA``). Gaddafi's Libyan month names ("النوار", "الطير", "الماء" …, 1986 to 2011) are not
read: they went out of use in 2011, before the returns this pipeline tracks, and most are
common words ("الماء" is water, "الربيع" spring).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from dateparser.languages.loader import LocaleDataLoader

from returnwatch.extract.numbers import ARABIC_DIGITS

_LOCALES = ("ar-IQ", "ar-TN", "ar-MA")
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
# hamza seats, alif maqsura, ta marbuta, tatweel and short vowels vary from writer to writer
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه", "ـ": None})
_FOLD.update({code: None for code in range(0x064B, 0x0653)})
_VARIANTS = {"ا": "[اأإآ]", "ي": "[يى]", "ه": "[هة]"}
ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")


def fold(text: str) -> str:
    """Arabic text with its letter variants and marks folded ("أيار" and "ايار" alike)."""
    return text.translate(_FOLD)


def _names(keys: list[str]) -> dict[str, str]:
    """Folded Arabic name -> English key, for ``keys`` of dateparser's Arabic locales."""
    loader = LocaleDataLoader()
    found: dict[str, str] = {}
    for locale in _LOCALES:
        info = loader.get_locale(locale).info
        for key in keys:
            for name in info.get(key, []):
                if ARABIC_LETTER.search(name) and not re.search(r"\d", name):
                    found[" ".join(fold(name).split())] = key
    return found


def _alternation(names: list[str]) -> str:
    """A pattern matching each folded name in any of its written variants."""
    pieces = []
    for name in sorted(names, key=len, reverse=True):
        pieces.append(r"\s+".join("".join(_VARIANTS.get(c, c) for c in w) for w in name.split()))
    return "|".join(pieces)


MONTH_NAMES = _names(_MONTHS)
WEEKDAY_NAMES = _names(_WEEKDAYS)
# relative days, counted back from the published date as their English equivalents are
RELATIVE = {
    "اليوم": "today",
    "امس": "yesterday",
    "الامس": "yesterday",
    "اول امس": "the day before yesterday",
    "اول من امس": "the day before yesterday",
    "قبل يومين": "2 days ago",
    "الاسبوع الماضي": "last week",
    "هذا الاسبوع": "this week",
    "الشهر الماضي": "last month",
    "هذا الشهر": "this month",
    "العام الماضي": "last year",
    "السنه الماضيه": "last year",
    "هذا العام": "this year",
}
_D = r"[0-9\u0660-\u0669\u06f0-\u06f9]"
_MONTH = rf"(?:{_alternation(list(MONTH_NAMES))})"
# "شباط/فبراير", "فبراير (شباط)": one month in two calendars
_MONTH_PAIR = rf"{_MONTH}(?:\s*/\s*{_MONTH}|\s*\(\s*{_MONTH}\s*\))?"
# a year of this century or the last, not a count of people after the date ("في 5 مايو
# 2000 أسرة")
_YEAR_NUMBER = r"(?:19|20|١٩|٢٠|۱۹|۲۰)[0-9\u0660-\u0669\u06f0-\u06f9]{2}(?!\d)"
_YEAR = (
    rf"(?:\s*[،,]?\s*(?:من\s+)?(?:(?:ال)?عام\s+|سن[ةه]\s+)?{_YEAR_NUMBER}"
    r"(?!\s*(?:[أا]سر|عائل|فرد|[أا]فراد|شخص|[أا]شخاص|مواطن|نازح))(?:\s*م(?!\w))?)"
)
ARABIC_DATE = re.compile(
    rf"""(?<!\w)(?:
        (?P<dm>(?P<day>{_D}{{1,2}})\s*(?:من\s+)?(?:شهر\s+)?(?P<dm_month>{_MONTH_PAIR}){_YEAR}?)
      | (?P<month>(?:(?<=شهر\s)|(?<=خلال\s)|(?<=منذ\s))(?P<m_month>{_MONTH_PAIR}){_YEAR}?
          | (?P<y_month>{_MONTH_PAIR}){_YEAR})
      | (?P<weekday>(?:(?:ال)?يوم\s+)?[وف]?(?P<wd>{_alternation(list(WEEKDAY_NAMES))})
          (?P<last>\s+الماضي[ةه]?)?(?!\s+(?:المقبل|القادم)))
      | (?P<relative>[وف]?(?P<rel>{_alternation(list(RELATIVE))}))
    )(?!\w)""",
    re.VERBOSE,
)
_YEAR_DIGITS = re.compile(_YEAR_NUMBER)
# "اليوم التالي" (the next day), "اليوم الأول" (the first day), "اليوم نفسه": no date here
_NOT_TODAY = re.compile(r"\s+(?:التالي|الاول|الأول|نفسه|ذاته|السابق)")


@dataclass(frozen=True)
class ArabicDate:
    """An Arabic date phrase: its span and text, and the English phrase and ``dates.py``
    kind (``dm``, ``month``, ``weekday``, ``relative``, ``ago``) that mean the same."""

    start: int
    end: int
    text: str
    kind: str
    english: str


def find_arabic_dates(text: str) -> list[ArabicDate]:
    """The Arabic date phrases of ``text`` in order, each with its English equivalent."""
    if ARABIC_LETTER.search(text) is None:
        return []
    return [d for d in (_english(m) for m in ARABIC_DATE.finditer(text)) if d is not None]


def _english(match: re.Match[str]) -> ArabicDate | None:
    kind = match.lastgroup or ""
    found = _YEAR_DIGITS.search(match.group(0))
    year = f" {found.group(0).translate(ARABIC_DIGITS)}" if found else ""
    if kind == "dm":
        day = int(match.group("day").translate(ARABIC_DIGITS))
        english = f"{day} {_month(match.group('dm_month'))}{year}"
    elif kind == "month":
        english = f"{_month(match.group('m_month') or match.group('y_month'))}{year}"
    elif kind == "weekday":
        last = "last " if match.group("last") else ""
        english = f"{last}{WEEKDAY_NAMES[fold(match.group('wd'))]}"
    else:
        if _NOT_TODAY.match(match.string, match.end()):
            return None
        english = RELATIVE[" ".join(fold(match.group("rel")).split())]
        kind = "ago" if "ago" in english or english.endswith("before yesterday") else kind
    return ArabicDate(match.start(), match.end(), match.group(0), kind, english)


@lru_cache(maxsize=256)
def _month(written: str) -> str:
    """The English month of "فبراير" or "شباط/فبراير" (the first of a pair)."""
    first = re.split(r"\s*[/(]\s*", written)[0]
    return MONTH_NAMES[" ".join(fold(first).split())]


# The role of an Arabic date in its sentence (see ``when.py``): said on that day ("قال
# المجلس يوم الخميس إن …", "أعلنت البلدية، الخميس، أن …"), as of it ("حتى 5 فبراير"),
# since it ("منذ 5 فبراير", "منذ بدء العودة في 5 فبراير").
SPEECH_VERB = r"[وف]?(?:قال|قالت|[أا]علن|[أا]علنت|[أا]فاد|[أا]فادت|ذكر|ذكرت|[أا]كد|[أا]كدت|صرح|صرحت|[أا]وضح|[أا]وضحت)"
_STATEMENT_BEFORE = re.compile(
    rf"(?<!\w){SPEECH_VERB}(?:\s+[^\s\d\u0660-\u0669،,.:؛]+){{0,6}}\s*[،,]?\s*(?:في\s+|يوم\s+)?$"
)
_STATEMENT_AFTER = re.compile(r"^\s*[،,]?\s*(?:[إأا]ن|ب[أا]ن|[إأا]نه|عن|في\s+بيان)(?!\w)")
_AS_OF_BEFORE = re.compile(r"(?<!\w)(?:حتى|لغاية|[إا]لى\s+غاية)\s+(?:يوم\s+|تاريخ\s+)?$")
_SINCE_BEFORE = re.compile(r"(?<!\w)(?:منذ|اعتبارا\s+من|اعتباراً\s+من)(?!\w)[^،,.؛:]{0,45}$")


def arabic_role(before: str, after: str) -> str | None:
    """``statement``, ``as_of`` or ``since`` for an Arabic date between ``before`` and
    ``after``; None when its words say none of these (an event date)."""
    if ARABIC_LETTER.search(before) is None:
        return None
    if _STATEMENT_BEFORE.search(before) and _STATEMENT_AFTER.match(after):
        return "statement"
    if _AS_OF_BEFORE.search(before):
        return "as_of"
    if _SINCE_BEFORE.search(before):
        return "since"
    return None
