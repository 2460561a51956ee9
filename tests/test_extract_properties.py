"""Properties of text extraction: any text is read without raising, and reading it twice
gives the same figures (ids included)."""

import os
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from returnwatch.documents import Document
from returnwatch.extract import extract_document
from returnwatch.gazetteer.phrases import resolve_figures

# Pieces of real announcements, so random text often looks like a figure and its traps.
WORDS = [
    "585",
    "1,025",
    "٤٥٠",
    "two hundred",
    "a dozen",
    "between",
    "and",
    "families",
    "people",
    "returnees",
    "households",
    "returned",
    "have returned",
    "will return",
    "fled",
    "to",
    "Sirte",
    "سرت",
    "Hay 700",
    "District 3",
    "Tawergha",
    "Benghazi",
    "on",
    "13 February",
    "last Sunday",
    "yesterday",
    "end of October",
    "as of",
    "since",
    "total",
    "so far",
    "revised from",
    "including",
    ":",
    ",",
    ".",
    "(",
    ")",
    "|",
    "-",
    "\n",
    "\n\n",
    "- ",
    "1.",
    "<p>",
    "</p>",
    "<script>",
    "---",
    "published: 2017-02-14",
    "said",
    "BM (BM)",
]
SETTINGS = settings(
    max_examples=int(os.environ.get("EXTRACT_EXAMPLES", "80")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
announcement = st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join)
any_text = st.one_of(st.text(max_size=400), announcement)
published = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)))


def _records(gazetteer, text: str, when: date | None, name: str) -> list[dict]:
    extraction = extract_document(Document("p", name, text.encode()), gazetteer, when)
    return [f.record() for f in resolve_figures(gazetteer, extraction.figures)]


@SETTINGS
@given(text=any_text, when=published, name=st.sampled_from(["a.md", "a.txt", "a.html"]))
def test_any_text_is_read_without_raising(gazetteer, text, when, name):
    records = _records(gazetteer, text, when, name)
    for record in records:
        assert record["quantity"] >= 0
        assert record["unit"] in {"households", "individuals"}
        assert record["figure_type"] in {"flow", "stock"}
        assert 0.0 <= record["confidence"] <= 1.0


@SETTINGS
@given(text=announcement, when=published)
def test_extraction_is_deterministic(gazetteer, text, when):
    assert _records(gazetteer, text, when, "a.md") == _records(gazetteer, text, when, "a.md")


@SETTINGS
@given(text=announcement, when=published)
def test_spans_point_into_the_text(gazetteer, text, when):
    for record in _records(gazetteer, text, when, "a.txt"):
        assert 0 <= record["span_start"] < record["span_end"] <= len(text)


PLACE_WORDS = [
    "Sirte", "sirte", "SIRTE", "Hay", "al-Gharbiya", "al", "Gharbiya", "700", "area", "Third",
    "District", "3", "No.", "Benghazi", "Laithi", "Giza", "Bahriya", "Misrata", "city", "'s",
    "Residential", "Suq", "al-Hout", "Sha'biya", "x", ",", ".", "-", "  ", "\n",
]  # fmt: skip


@SETTINGS
@given(
    text=st.one_of(
        st.lists(st.sampled_from(PLACE_WORDS), max_size=25).map(" ".join),
        st.text(alphabet=st.characters(max_codepoint=127), max_size=80),
    )
)
def test_fast_ascii_place_scan_finds_what_the_general_scan_finds(gazetteer, text):
    finder = gazetteer._mentions
    assert finder._find_ascii(text) == finder._find_folded(text)
