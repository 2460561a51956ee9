"""Find numbers in text: digits with separators, Arabic-Indic digits, number words, ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from text_to_num import text2num

from returnwatch.extract.scan import find_where_may_start

ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_D = r"[0-9\u0660-\u0669\u06f0-\u06f9]"
GROUP_SEPARATORS = ",\u066c\u00a0\u202f\u2009"
"""Between groups of three digits: comma, Arabic thousands separator, and the no-break,
narrow no-break and thin spaces of SI style ("1\u202f200"); a plain space is not one
("in 2017 200 families")."""
DIGITS = rf"{_D}{{1,3}}(?:[{GROUP_SEPARATORS}]{_D}{{3}})+|{_D}+"
_NO_SEPARATORS = str.maketrans("", "", GROUP_SEPARATORS)
_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "million",
]
_WORD = r"(?:" + "|".join(_UNITS) + r")"
WORDS = rf"{_WORD}(?:(?:[\s-]+|\s+and\s+){_WORD})*"
SCALE = r"(?:\s+(?P<scale>thousand|million))?"
# Arabic joins "and"/"so" (و، ف) to the next word: "80 أسرة و400 فرد" counts 400 too
_AFTER_AND = r"(?<=(?<![\w.,])[وف])(?=[0-9\u0660-\u0669\u06f0-\u06f9])"
NUMBER = re.compile(
    rf"(?:(?<![\w.,])|{_AFTER_AND})(?:(?P<digits>{DIGITS})(?:\.(?P<frac>\d+))?{SCALE}|(?P<dozen>a\s+dozen)|(?P<words>{WORDS}))(?![\w%])",
    re.IGNORECASE,
)

# Where a NUMBER may begin: a digit, "a dozen", or the first three letters of a number word
# (three, so that "the", "see" and "a" do not each cost a try of NUMBER).
NUMBER_START = re.compile(
    r"(?<![\w.,])(?:\d|a\s+dozen|zer|one|two|thr|fou|fiv|six|sev|eig|nin|ten|ele|twe|thi|"
    rf"fif|for|hun|tho|mil)|{_AFTER_AND}\d",
    re.IGNORECASE,
)


# NUMBER_START for lowercased ASCII text: the same starts, found case-sensitively (faster)
NUMBER_START_LOWER = re.compile(NUMBER_START.pattern)
# NUMBER_START's digit starts alone, for text without number words; the digit comes first
# (then the look-behind at the character before it) so the engine skips ahead to digits
DIGIT_START = re.compile(r"\d(?:(?<![\w.,].)|(?<=[وف].)(?<![\w.,]..))")


@dataclass(frozen=True)
class NumberMention:
    """A number found in text, with its character span."""

    start: int
    end: int
    value: int
    text: str


def find_numbers(text: str) -> list[NumberMention]:
    """Every number in text, in order; fractions only with a scale word ("1.5 million")."""
    found: list[NumberMention] = []
    lower = text.lower()
    stems = _WORD_STEMS.search(lower) is not None
    if not stems and _DIGIT.search(text) is None:
        return found
    if not stems:  # no number word (but zeros, which are no count): numbers start with a digit
        starts, aligned = DIGIT_START, None
    elif text.isascii():
        # lowercasing ASCII keeps every character in place, and ignoring its case is
        # exactly lowercasing: starts are looked for in the lowercased text
        starts, aligned = NUMBER_START_LOWER, lower
    else:
        starts, aligned = NUMBER_START, None
    for match in find_where_may_start(NUMBER, starts, text, aligned):
        value = _value(match)
        if value is not None:
            found.append(NumberMention(match.start(), match.end(), value, match.group(0)))
    return found


def _value(match: re.Match[str]) -> int | None:
    if match.group("dozen"):
        return 12
    if match.group("words"):
        return _words_value(match.group("words").lower())
    digits = match.group("digits").translate(ARABIC_DIGITS).translate(_NO_SEPARATORS)
    scale = {"thousand": 1_000, "million": 1_000_000}.get((match.group("scale") or "").lower(), 1)
    if match.group("frac"):
        if scale == 1:
            return None
        return round(float(f"{digits}.{match.group('frac')}") * scale)
    return int(digits) * scale


@lru_cache(maxsize=4096)
def _words_value(words: str) -> int | None:
    """The value of number words ("eight thousand one hundred"). Remembered: text2num is
    slow, and the same few number words recur from document to document."""
    if words in {"hundred", "thousand", "million"} or not _ZEROS.sub("", words):
        return None  # a scale alone, or only zeros ("zero zero"), counts nobody
    try:
        return int(text2num(words, "en"))
    except ValueError:
        return None


_ZEROS = re.compile(r"zero|and|[\s-]")
_DIGIT = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]")
_WORD_STEMS = re.compile(
    "one|two|thr|four|fiv|six|seven|eigh|nin|ten|elev|twel|fif|twen|thir|fort|"
    "hundred|thousand|million|dozen"
)
