"""The shortcuts taken for speed give what the plain patterns give: the start-pattern scan
finds exactly what ``finditer`` finds (numbers, dates), and the "return" prefilter says
what NOT_YET says, on real-looking fragments and arbitrary text."""

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from returnwatch.extract.dates import DATE_PHRASE, DATE_START
from returnwatch.extract.numbers import NUMBER, NUMBER_START, _value, find_numbers
from returnwatch.extract.scan import find_where_may_start
from returnwatch.extract.sentences import LAST_WORD, _last_word
from returnwatch.extract.speakers import (
    ACCORDING_TO,
    DEFINITION,
    DEFINITION_START,
    PLURAL_BEFORE,
    ROLE_ACCORDING,
    ROLE_BEFORE,
    SPEAKER_BEFORE,
    WITNESSES_ANY_CASE,
    _matches,
)
from returnwatch.extract.vocabulary import (
    ANY_UNIT,
    ARABIC_NOT_YET,
    HALTED,
    NOT_YET,
    PREFILTERED,
    has_unit_word,
    not_yet,
    search,
)

PIECES = [
    "585",
    "1,025",
    "٤٥٠",
    "1.5 million",
    "two hundred and forty",
    "A DOZEN",
    "a\tdozen",
    "Seventeen",
    "thirty-one",
    "ninety",
    "eleven",
    "zero",
    "one",
    "ten",
    "hundred",
    "13 February",
    "Feb. 3, 2017",
    "2017-02-13",
    "mid-March",
    "end of May",
    "in 2016",
    "since\nJune",
    "last Sunday",
    "this week",
    "yesterday",
    "Today",
    "on Thursday",
    "families",
    "Households",
    "IDPs",
    "familiar",
    "Famıly",
    "returned",
    "Hay 700",
    "al-Dollar",
    "No. 12",
    "3.5%",
    ",",
    ".",
    "-",
    "(",
    "will",
    "hope to",
    "RETURN",
    "return",
    "returned",
    "ＲＥＴＵＲＮ",
    "waiting",
    "during",
    "over the past",
    "first day",
    "newly",
    "more than",
    "ALONE",
    "since",
    "have now been back",
    "had already returned",
    "second phase",
    "Stage 3",
    "went home",
    "repatriated",
    "came back",
    "intention to",
    "hoping",
    "set to",
    "called on",
    "due to",
    "REGISTERED",
    "Eligible",
    "planning",
    "onwards",
    "No.",
    "(BM)",
    "(GNA)",
    "al-Bunyan al-Marsus",
    "el-Sisi",
    "the",
    "The Government of National Accord",
    "operations room",
    "said",
    "told",
    "According to",
    "the mayor",
    "a spokesman for",
    "Municipal Council",
    "local officials",
    "head of",
    "Residents",
    "year to date",
    "YTD",
    "so far",
    "since the start of",
    "xCouncil",
    "approx.",
    "(e.g.",
    "U.S.”",
    "Mr.)",
    "…",
    "?!",
    "\u00a0",
    "often",
    "someone",
    "mayor",
    "decade",
    "Mid",
    "Sept",
    "sunday",
    "  ",
    "\n",
]
TEXT = st.lists(st.sampled_from(PIECES), max_size=30).map(" ".join) | st.text(max_size=200)


def _spans(matches) -> list[tuple[int, int, str | None]]:
    return [(m.start(), m.end(), m.lastgroup) for m in matches]


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_numbers_found_as_by_finditer(text: str) -> None:
    assert _spans(find_where_may_start(NUMBER, NUMBER_START, text)) == _spans(NUMBER.finditer(text))


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_dates_found_as_by_finditer(text: str) -> None:
    assert _spans(find_where_may_start(DATE_PHRASE, DATE_START, text)) == _spans(
        DATE_PHRASE.finditer(text)
    )


def test_a_start_pattern_that_misses_starts_finds_less() -> None:
    """The scan is only as good as its start pattern (so the tests above can fail)."""
    text = "On 13 February and on Thursday"
    assert len(list(DATE_PHRASE.finditer(text))) == 2
    only_digits = re.compile(r"\b\d")
    assert [m.group(0) for m in find_where_may_start(DATE_PHRASE, only_digits, text)] == [
        "13 February"
    ]


@settings(max_examples=400, deadline=None)
@given(TEXT)
@example("an intention to return")
@example("HOPING to return")
@example("The RETURN of 20 families was POSTPONED")
@example("Police STOPPED them from Returning")
@example("ومن المقرر عودة 200 أسرة")
def test_not_yet_as_the_pattern_says(text: str) -> None:
    said = NOT_YET.search(text) or HALTED.search(text) or ARABIC_NOT_YET.search(text)
    assert not_yet(text) == bool(said)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_unit_word_test_as_the_pattern_says(text: str) -> None:
    assert has_unit_word(text) == bool(ANY_UNIT.search(text))


@settings(max_examples=400, deadline=None)
@given(TEXT, st.integers(min_value=0, max_value=400))
@example("0!\n", 3)  # "$" matched before the final newline, which the fast path skips
def test_last_word_before_a_stop_as_the_pattern_says(text: str, end: int) -> None:
    end = min(end, len(text))
    if end == 0:
        return
    plain = LAST_WORD.search(text, max(0, end - 40), end)
    fast = _last_word(text, end)
    assert (plain and plain.group(1)) == (fast and fast.group(1))


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_find_numbers_finds_what_finditer_finds(text: str) -> None:
    """Through its prefilters and, for ASCII text, starts looked for in the lowercase."""
    plain = [(m.start(), m.end(), _value(m)) for m in NUMBER.finditer(text)]
    assert [(n.start, n.end, n.value) for n in find_numbers(text)] == [
        p for p in plain if p[2] is not None
    ]


@settings(max_examples=400, deadline=None)
@given(TEXT)
@example("said el-Sisi (ES), and al-Bunyan al-Marsus (BM) operations room, the the Council (C)")
def test_definitions_found_as_by_finditer(text: str) -> None:
    assert _spans(find_where_may_start(DEFINITION, DEFINITION_START, text)) == _spans(
        DEFINITION.finditer(text)
    )


@settings(max_examples=400, deadline=None)
@given(TEXT)
@example("Local officials said; the head of the council told, according to a mayor, families SAID")
@example("The Minister of State, Ahmed Abu, said Ｔhe mayor said")
def test_attributions_found_as_by_finditer(text: str) -> None:
    """Each speaker pattern is tried only when its words are there, the role pattern only
    where an article starts, people before a speech verb are looked for in the lowercase."""
    patterns = [SPEAKER_BEFORE, WITNESSES_ANY_CASE, ACCORDING_TO, ROLE_BEFORE, ROLE_ACCORDING]
    plain = [m for pattern in [*patterns, PLURAL_BEFORE] for m in pattern.finditer(text)]
    assert sorted((m.span(), m.group("org").lower()) for m in _matches(text)) == sorted(
        (m.span(), m.group("org").lower()) for m in plain
    )


@pytest.mark.parametrize("name", sorted(PREFILTERED))
@settings(max_examples=150, deadline=None)
@given(text=TEXT)
@example(text="300 families ALONE")
@example(text="they had come back; phase one, the 2nd stage")
@example(text="resettled or repatriated, now home since the past week")
def test_prefiltered_searches_as_the_pattern_says(name: str, text: str) -> None:
    pattern, words = PREFILTERED[name]
    fast, plain = search(pattern, words, text), pattern.search(text)
    assert (fast and fast.span()) == (plain and plain.span())
