"""Totals and their parts, corrections, paired units, list items and tables: one document,
many figures, each linked as an analyst would link them."""

from datetime import date

import pytest

from returnwatch.documents import Document
from returnwatch.extract import extract_document
from returnwatch.gazetteer.phrases import resolve_figures


def figures_of(gazetteer, text: str, published: date = date(2017, 2, 14), name: str = "n.md"):
    extraction = extract_document(Document("t", name, text.encode()), gazetteer, published)
    return resolve_figures(gazetteer, extraction.figures)


def test_a_total_and_its_parts_give_three_linked_figures(gazetteer):
    total, first, second = figures_of(
        gazetteer,
        "On 13 February 585 families returned to Sirte: 340 to District 1 and 245 to District 2.",
    )
    assert [(f.quantity, f.area_id) for f in (total, first, second)] == [
        (585, "ly-sirte"),
        (340, "ly-sirte-d1"),
        (245, "ly-sirte-d2"),
    ]
    assert total.part_of_figure_id is None
    assert first.part_of_figure_id == second.part_of_figure_id == total.figure_id
    assert {f.event_date for f in (total, first, second)} == {date(2017, 2, 13)}
    assert {f.unit for f in (first, second)} == {"households"}


def test_a_place_named_no_1_ends_at_its_number_not_at_the_full_stop_of_no(gazetteer):
    total, *parts = figures_of(
        gazetteer,
        "On 12 February, 585 families returned to Sirte: 340 to Residential District No. 1 "
        "and 245 to Residential District No. 2.",
    )
    assert [(f.quantity, f.area_id) for f in (total, *parts)] == [
        (585, "ly-sirte"),
        (340, "ly-sirte-d1"),
        (245, "ly-sirte-d2"),
    ]
    assert {f.part_of_figure_id for f in parts} == {total.figure_id}


def test_including_introduces_parts_too(gazetteer):
    found = figures_of(
        gazetteer,
        "900 families returned to Sirte, including 500 to al-Dollar and 400 to al-Sha'biya.",
    )
    assert [f.quantity for f in found] == [900, 500, 400]
    assert [f.part_of_figure_id for f in found[1:]] == [found[0].figure_id] * 2


def test_a_number_list_without_places_is_not_parts(gazetteer):
    found = figures_of(
        gazetteer, "585 families returned to Sirte: 14 fighters and 5 cars were seen."
    )
    assert [f.quantity for f in found] == [585]


@pytest.mark.parametrize(
    "sentence",
    [
        "The number of families who returned to Misrata was revised from 1,200 to 1,020.",
        "The council corrected the count from 1,200 families to 1,020 families who returned to Misrata.",
    ],
)
def test_a_correction_is_one_figure_that_names_the_value_it_replaces(gazetteer, sentence):
    (figure,) = figures_of(gazetteer, sentence)
    assert (figure.quantity, figure.corrects_quantity, figure.unit) == (1020, 1200, "households")


@pytest.mark.parametrize(
    "sentence",
    [
        "250 families, not 300, returned to Neighbourhood 700 on 1 March.",
        "The number of families who returned to Neighbourhood 700 on 1 March was not 300 but 250.",
    ],
)
def test_a_denied_value_is_corrected_by_the_value_beside_it(gazetteer, sentence):
    (figure,) = figures_of(gazetteer, sentence, date(2017, 3, 5))
    assert (figure.quantity, figure.corrects_quantity, figure.unit, figure.area_id) == (
        (250, 300, "households", "ly-sirte-700")
    )
    assert figure.event_date == date(2017, 3, 1)


def test_one_return_in_two_units_is_a_pair(gazetteer):
    families, people = figures_of(
        gazetteer, "85 families (about 420 persons) returned to Tawergha on 1 February."
    )
    assert (families.unit, people.unit, people.qualifier) == ("households", "individuals", "approx")
    assert families.paired_figure_id == people.figure_id
    assert people.paired_figure_id == families.figure_id


def test_list_items_take_the_date_of_the_line_that_introduces_them(gazetteer):
    text = "Returns on 1 March:\n\n- 120 families returned to Sabkha\n- 40 families returned to Campo\n"
    found = figures_of(gazetteer, text, date(2017, 3, 3))
    assert [(f.quantity, f.event_date, f.area_id) for f in found] == [
        (120, date(2017, 3, 1), "ly-sirte-sabkha"),
        (40, date(2017, 3, 1), "ly-sirte-campo"),
    ]


def test_markdown_table_columns_named_by_unit_are_figures_and_a_total_row_links(gazetteer):
    text = (
        "Cumulative families returned to Sirte as of 9 March 2017:\n\n"
        "| Stage | Area | Families |\n|---|---|---|\n"
        "| 1 | Neighbourhood 700 | 585 |\n| 2 | District 3 | 1,025 |\n| | Total | 1,610 |\n"
    )
    found = figures_of(gazetteer, text, date(2017, 3, 10))
    assert [(f.quantity, f.figure_type, f.area_id) for f in found] == [
        (585, "stock", "ly-sirte-700"),
        (1025, "stock", "ly-sirte-d3"),
        (1610, "stock", None),
    ]
    assert {f.event_date for f in found} == {date(2017, 3, 9)}
    assert found[0].part_of_figure_id == found[1].part_of_figure_id == found[2].figure_id


def test_a_table_that_is_not_about_returns_gives_nothing(gazetteer):
    text = "Displaced families by town:\n\n| Town | Families |\n|---|---|\n| Derna | 2,900 |\n"
    assert figures_of(gazetteer, text) == []


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        (
            "The council said on Sunday that 310 families returned to Sirte on Saturday.",
            date(2017, 2, 20),
            date(2017, 2, 18),
        ),
        (
            "TRIPOLI, Feb 3 (wire) - About 130 families returned to Tawergha on Thursday.",
            date(2018, 2, 3),
            date(2018, 2, 1),
        ),
        (
            "More than 3,400 people have returned to Misrata since returns began in October.",
            date(2016, 12, 28),
            date(2016, 12, 28),
        ),
        (
            "By last Sunday 1,610 families had returned to Sirte.",
            date(2017, 2, 15),
            date(2017, 2, 12),
        ),
    ],
)
def test_the_event_date_is_neither_the_statement_nor_the_start_of_a_count(
    gazetteer, sentence, published, expected
):
    (figure,) = figures_of(gazetteer, sentence, published)
    assert figure.event_date == expected


def test_same_day_refers_back(gazetteer):
    text = "The second stage began on Friday. 430 families returned to District 3 on the first day."
    (figure,) = figures_of(gazetteer, text, date(2017, 2, 13))
    assert figure.event_date == date(2017, 2, 10)


@pytest.mark.parametrize(
    "sentence",
    [
        "Seven years ago the town's 40,000 residents fled Tawergha, which families returned to later.",
        "DTM recorded 6,100 newly displaced persons in Benghazi, where returns continue.",
        "About 1,500 families returned to Derna, out of 2,900 families registered as displaced.",
        "No families have returned to Zafran yet, although 700 families from the district have registered.",
        "Families returned to Sirte after the first phase in Hay 700 residents' area ended.",
        "In the same month 22 returnees were injured in road accidents in Misrata.",
    ],
)
def test_people_who_did_not_return_are_not_figures(gazetteer, sentence):
    found = figures_of(gazetteer, sentence)
    assert {f.quantity for f in found} <= {1500}


def test_every_figure_carries_excerpt_span_method_and_confidence(gazetteer):
    text = "The committee said 200 families returned to Campo on 12 February."
    (figure,) = figures_of(gazetteer, text)
    assert text[figure.span_start : figure.span_end] == "200 families"
    assert figure.excerpt == text
    assert figure.method.startswith("text-rules/")
    assert 0.5 <= figure.confidence <= 1.0
