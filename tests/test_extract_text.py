"""The text extractor on the seed's facts and on the forms an analyst meets."""

from datetime import date

import pytest

from returnwatch.documents import Document
from returnwatch.extract import extract_document
from returnwatch.gazetteer.phrases import resolve_figures

SEED = "2017-02-13-libya-analysis-sirte.md"


def figures_of(gazetteer, text: str, published: date = date(2017, 2, 14)):
    document = Document("test", "note.md", text.encode())
    extraction = extract_document(document, gazetteer, published)
    return resolve_figures(gazetteer, extraction.figures)


def test_seed_gives_exactly_the_two_returns(gazetteer, samples):
    document = Document("samples", SEED, (samples / SEED).read_bytes())
    found = resolve_figures(gazetteer, extract_document(document, gazetteer).figures)
    assert [(f.quantity, f.unit, f.area_id, f.event_date) for f in found] == [
        (585, "households", "ly-sirte-700-gharbiya", date(2017, 2, 13)),
        (1025, "households", "ly-sirte-d3", date(2017, 2, 13)),
    ]
    assert {f.announced_by for f in found} == {"al-Bunyan al-Marsus (BM) operations room"}


def test_seed_distractors_are_not_figures(gazetteer, samples):
    document = Document("samples", SEED, (samples / SEED).read_bytes())
    quantities = {f.quantity for f in extract_document(document, gazetteer).figures}
    assert quantities.isdisjoint({14, 5, 90, 2, 1, 11, 13, 9})


def test_excerpt_and_span_point_at_the_figure(gazetteer, samples):
    raw = (samples / SEED).read_bytes()
    document = Document("samples", SEED, raw)
    figure = extract_document(document, gazetteer).figures[0]
    text = raw.decode()
    assert text[figure.span_start : figure.span_end] == "585\nfamilies"
    assert "Hay al-Gharbiya" in figure.excerpt


@pytest.mark.parametrize(
    ("sentence", "quantity", "qualifier", "high"),
    [
        ("About 200 families returned to Sirte on 12 February.", 200, "approx", None),
        ("More than 1,600 families returned to Sirte.", 1600, "min", None),
        ("On 19 July no fewer than 300 families returned to Sirte.", 300, "min", None),
        ("On 19 July not less than 300 families returned to Sirte.", 300, "min", None),
        ("On 19 July no more than 300 families returned to Sirte.", 300, "max", None),
        ("On 19 July not more than 300 families returned to Sirte.", 300, "max", None),
        ("Between 200 and 300 families returned to Sirte.", 200, "range", 300),
        ("Two hundred families returned to Sirte.", 200, "exact", None),
    ],
)
def test_qualifiers_and_ranges(gazetteer, sentence, quantity, qualifier, high):
    (figure,) = figures_of(gazetteer, sentence)
    assert (figure.quantity, figure.qualifier, figure.quantity_high) == (quantity, qualifier, high)


def test_returns_so_far_this_year_are_the_year_s_flow_not_the_total(gazetteer):
    # a stock would replace Sirte's running total, earlier years' returns and all
    for text, day in [
        ("1,200 families have returned to Sirte so far this year, the council said.", 2017),
        ("So far in 2016, 1,200 families have returned to Sirte.", 2016),
        ("1,200 families have returned to Sirte this year so far.", 2017),
    ]:
        found = figures_of(gazetteer, text, date(2017, 2, 22))
        assert [(f.quantity, f.figure_type, f.event_date, f.date_precision) for f in found] == [
            (1200, "flow", date(day, 1, 1), "year")
        ], text
    found = figures_of(gazetteer, "1,200 families have returned to Sirte so far.")
    assert [f.figure_type for f in found] == ["stock"]


@pytest.mark.parametrize(
    "text",
    [
        "Year to date, 2,300 families have returned to Benghazi, the mayor said.",
        "Year-to-date, 2,300 families have returned to Benghazi.",
        "YTD, 2,300 families have returned to Benghazi.",
        "2,300 families have returned to Benghazi year to date, the council said on Sunday.",
        "Since the start of the year, 2,300 families have returned to Benghazi.",
        "Since the beginning of the year, 2,300 families have returned to Benghazi.",
        "Since the start of 2017, 2,300 families have returned to Benghazi.",
        "2,300 families have returned to Benghazi since January.",
        "2,300 families have returned to Benghazi since January 2017.",
    ],
)
def test_returns_year_to_date_are_the_year_s_flow(gazetteer, text):
    # read like "so far this year": a stock would replace Benghazi's total, earlier years too
    found = figures_of(gazetteer, text, date(2017, 3, 3))
    assert [(f.quantity, f.figure_type, f.event_date, f.date_precision) for f in found] == [
        (2300, "flow", date(2017, 1, 1), "year")
    ]


def test_returns_since_a_january_or_a_start_of_an_earlier_year_are_a_total(gazetteer):
    # two years of returns: no year's flow
    for text in [
        "2,300 families have returned to Benghazi since January 2016.",
        "Since the start of 2016, 2,300 families have returned to Benghazi.",
    ]:
        found = figures_of(gazetteer, text, date(2017, 3, 3))
        assert [(f.figure_type, f.event_date) for f in found] == [("stock", date(2017, 3, 3))]


def test_the_first_since_the_ceasefire_describes_a_flow(gazetteer):
    text = "Some 45 families returned to Sirte, the first since the ceasefire, on Monday."
    found = figures_of(gazetteer, text, date(2017, 2, 22))
    assert [(f.quantity, f.figure_type, f.event_date) for f in found] == [
        (45, "flow", date(2017, 2, 20))
    ]
    text = "Some 45 families returned to Sirte, the first families since the ceasefire."
    found = figures_of(gazetteer, text, date(2017, 2, 22))
    assert [(f.quantity, f.figure_type, f.event_date) for f in found] == [
        (45, "flow", date(2017, 2, 22))
    ]
    text = "Since the ceasefire, 3,000 families returned to Sirte."
    assert [f.figure_type for f in figures_of(gazetteer, text)] == ["stock"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Some 1,000 families are expected to return to Sirte next week.",
        "The council plans to let 500 families return to Sirte.",
        "Fighting displaced at least 5,065 families in Tripoli.",
        "Reports spoke of 14 ISIS fighters with five technicals near Sirte.",
        # the state after the last count is the state of every count joined to it
        "400 families (Misrata) and 300 families (Tripoli) awaiting return.",
        "400 families, 300 families and 200 families are still waiting to return to Sirte.",
    ],
)
def test_planned_returns_and_non_returns_are_left_out(gazetteer, sentence):
    assert figures_of(gazetteer, sentence) == []


def test_totals_so_far_are_stocks_and_day_returns_are_flows(gazetteer):
    text = (
        "A total of 5,325 families have returned to Sirte so far. "
        "On Monday 200 families returned to Sirte."
    )
    found = figures_of(gazetteer, text, date(2017, 2, 22))
    assert [(f.quantity, f.figure_type) for f in found] == [(5325, "stock"), (200, "flow")]
    assert found[1].event_date == date(2017, 2, 20)


@pytest.mark.parametrize(
    "sentence",
    [
        "The number of returnees in Sirte reached 11,200 households.",
        "The number of returned families in Sirte reached 11,200.",
        "Returns to Sirte reached a total of 1,610 families.",
    ],
)
def test_a_number_that_returns_reached_is_a_stock(gazetteer, sentence):
    # docs/extraction.md lists "reached N" among the total cues; N of several digits too
    (figure,) = figures_of(gazetteer, sentence)
    assert figure.figure_type == "stock"


def test_individuals_and_arabic_place_names(gazetteer):
    (figure,) = figures_of(gazetteer, "Some 120 people returned to سرت on 12 February.")
    assert (figure.unit, figure.area_id) == ("individuals", "ly-sirte")


def test_the_same_return_in_both_units_is_paired(gazetteer):
    text = "In Derna, 4,137 newly returned families, or approximately 20,688 individuals, were counted."
    households, individuals = figures_of(gazetteer, text)
    assert (households.unit, individuals.unit) == ("households", "individuals")
    assert households.paired_figure_id == individuals.figure_id
    assert individuals.paired_figure_id == households.figure_id


def test_unknown_place_is_kept_unresolved_not_guessed(gazetteer):
    (figure,) = figures_of(gazetteer, "Some 40 families returned to Qasr Bu Hadi on 12 February.")
    assert figure.location_text == "Qasr Bu Hadi"
    assert figure.area_id is None
    assert figure.resolve_method in {"unresolved", "ambiguous"}


def test_figures_are_deterministic(gazetteer, samples):
    document = Document("samples", SEED, (samples / SEED).read_bytes())
    first = [f.record() for f in extract_document(document, gazetteer).figures]
    again = [f.record() for f in extract_document(document, gazetteer).figures]
    assert first == again


def _with_published(value: str) -> Document:
    text = f"---\npublished: {value}\n---\n50 families returned yesterday to Tawergha.\n"
    return Document("t", "statement.md", text.encode())


def test_a_published_date_written_out_in_front_matter_dates_the_document(gazetteer):
    extraction = extract_document(_with_published("12 March 2017"), gazetteer)
    assert extraction.published == date(2017, 3, 12)
    assert [f.event_date for f in extraction.figures] == [date(2017, 3, 11)]
    assert extraction.problems == []


def test_an_unreadable_published_date_is_a_problem_not_a_silent_loss(gazetteer):
    extraction = extract_document(_with_published("last Tuesday"), gazetteer)
    (problem,) = extraction.problems
    assert (problem.stage, problem.check, problem.value) == (
        "parse",
        "front_matter_published",
        "last Tuesday",
    )
    assert "statement.md" in problem.reason and "YYYY-MM-DD" in problem.reason
    assert "front matter published: 'last Tuesday'" in problem.reason
    assert extraction.published is None and len(extraction.figures) == 1  # still read


def test_an_unreadable_date_key_is_named_in_the_reason(gazetteer):
    text = "---\ndate: last Tuesday\n---\n50 families returned yesterday to Tawergha.\n"
    extraction = extract_document(Document("t", "statement.md", text.encode()), gazetteer)
    (problem,) = extraction.problems
    assert problem.check == "front_matter_published" and problem.value == "last Tuesday"
    assert "front matter date: 'last Tuesday'" in problem.reason
    assert "published" not in problem.reason.split("is not a date")[0]


def test_the_published_option_makes_an_unreadable_front_matter_date_moot(gazetteer):
    extraction = extract_document(_with_published("soon"), gazetteer, date(2018, 6, 6))
    assert extraction.problems == []
    assert [f.event_date for f in extraction.figures] == [date(2018, 6, 5)]


def test_an_undated_document_counts_its_dates_from_the_day_it_was_first_read(gazetteer):
    text = "50 families returned yesterday to Tawergha. 30 families returned to Tawergha."
    document = Document("t", "statement.md", text.encode(), read_on=date(2019, 5, 10))
    extraction = extract_document(document, gazetteer)
    assert extraction.published is None  # the day it was read is not its published date
    assert [f.event_date for f in extraction.figures] == [date(2019, 5, 9), None]
    assert [f.date_precision for f in extraction.figures] == ["day", None]


def test_a_published_date_outweighs_the_day_a_document_was_read(gazetteer):
    html = b"<html><body><p>50 families returned to Tawergha on Tuesday.</p></body></html>"
    cases = {  # (published, read on) -> the Tuesday the figure is dated
        (date(2017, 2, 16), None): date(2017, 2, 14),
        (None, date(2019, 5, 10)): date(2019, 5, 7),
        (date(2017, 2, 16), date(2019, 5, 10)): date(2017, 2, 14),
    }
    for (published, read_on), tuesday in cases.items():
        document = Document("t", "page.html", html, published=published, read_on=read_on)
        extraction = extract_document(document, gazetteer)
        assert extraction.published == published
        assert [f.event_date for f in extraction.figures] == [tuesday]


def test_a_date_key_in_front_matter_is_the_published_date(gazetteer):
    # Jekyll, Hugo, Pandoc and R Markdown write the publication date as `date:`
    text = (
        "---\ndate: 2017-02-14\n---\nOn 13 February 585 families returned to Neighbourhood 700.\n"
    )
    extraction = extract_document(Document("t", "post.md", text.encode()), gazetteer)
    assert extraction.published == date(2017, 2, 14)
    assert [str(f.event_date) for f in extraction.figures] == ["2017-02-13"]
    both = "---\npublished: 2017-03-01\ndate: 2017-02-14\n---\n50 families returned yesterday to Tawergha.\n"
    extraction = extract_document(Document("t", "both.md", both.encode()), gazetteer)
    assert extraction.published == date(2017, 3, 1)  # published wins


@pytest.mark.parametrize(
    ("sentence", "area_id", "mantika"),
    [
        ("120 families returned to Ain Zara on Monday.", "ly-ain-zara-baladiya", "LY0211"),
        ("120 families returned to Abu Salim on Monday.", "ly-abu-salim-baladiya", "LY0211"),
        ("120 families returned to Abusliem on Monday.", "ly-abu-salim-baladiya", "LY0211"),
        ("120 families returned to Souq al-Juma on Monday.", "ly-souq-al-juma-baladiya", "LY0211"),
        ("120 families returned to Tajoura on Monday.", "ly-tajoura-baladiya", "LY0211"),
        (
            "120 families returned to Hay al-Andalus on Monday.",
            "ly-hay-al-andalus-baladiya",
            "LY0211",
        ),
        ("120 families returned to Janzour on Monday.", "ly-janzour-baladiya", "LY0212"),
        (
            "120 families returned to Qasr Bin Ghashir on Monday.",
            "ly-qasr-bin-ghashir-baladiya",
            "LY0212",
        ),
        ("عادت 120 أسرة إلى عين زارة يوم الاثنين.", "ly-ain-zara-baladiya", "LY0211"),
    ],
)
def test_returns_to_tripoli_s_municipalities_resolve(gazetteer, sentence, area_id, mantika):
    (found,) = figures_of(gazetteer, sentence)
    assert (found.quantity, found.area_id) == (120, area_id)
    assert gazetteer.nearest(found.area_id, "mantika").area_id == mantika
