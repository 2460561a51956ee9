"""Parts given in the sentence after their total ("585 families returned to Sirte. Of these,
340 returned to District 1 and 245 to District 2."): each is a part of that total, in its
unit and on its date unless it names its own, at its own place; not a return of its own."""

from datetime import date

import pytest

from returnwatch.documents import Document
from returnwatch.extract import extract_document
from returnwatch.gazetteer.phrases import resolve_figures

PUBLISHED = date(2017, 2, 14)
TOTAL = "On 12 February, 585 families returned to Sirte, the media office said."


def figures_of(gazetteer, text: str):
    extraction = extract_document(Document("t", "n.md", text.encode()), gazetteer, PUBLISHED)
    return resolve_figures(gazetteer, extraction.figures)


def assert_parts_of_the_total(found, areas=("ly-sirte-d1", "ly-sirte-d2"), day=date(2017, 2, 12)):
    total, *parts = found
    assert (total.quantity, total.area_id, total.part_of_figure_id) == (585, "ly-sirte", None)
    assert [(f.quantity, f.area_id) for f in parts] == list(zip((340, 245), areas, strict=False))
    assert {f.part_of_figure_id for f in parts} == {total.figure_id}
    assert {(f.unit, f.figure_type, f.event_date) for f in parts} == {("households", "flow", day)}


@pytest.mark.parametrize(
    "after",
    [
        "Of these, 340 returned to Residential District No. 1 and 245 to Residential District No. 2.",
        "Of them, 340 families went to Residential District No. 1, while 245 families went back "
        "to Residential District No. 2.",
        "Among them, 340 families returned to Residential District No. 1 and 245 to "
        "Residential District No. 2.",
        "Of whom 340 returned to Residential District No. 1 and 245 to Residential District No. 2.",
        "Of those, 340 returned to Residential District No. 1 and 245 to Residential District No. 2.",
        "Of the total, 340 returned to Residential District No. 1 and 245 to Residential "
        "District No. 2.",
        "Of the 585 families, 340 returned to Residential District No. 1 and 245 to "
        "Residential District No. 2.",
        "This includes 340 families in Residential District No. 1 and 245 in Residential "
        "District No. 2.",
    ],
)
def test_parts_in_the_next_sentence_are_parts_of_its_total(gazetteer, after):
    assert_parts_of_the_total(figures_of(gazetteer, f"{TOTAL} {after}\n"))


def test_most_in_parentheses_is_one_part(gazetteer):
    found = figures_of(gazetteer, f"{TOTAL} Most (340) went to Residential District No. 1.\n")
    assert_parts_of_the_total(found, areas=("ly-sirte-d1",))


def test_a_part_that_names_its_own_date_keeps_it(gazetteer):
    text = f"{TOTAL} Of them, 340 families returned to Residential District No. 1 on 13 February.\n"
    assert_parts_of_the_total(figures_of(gazetteer, text), ("ly-sirte-d1",), date(2017, 2, 13))


@pytest.mark.parametrize(
    "items",
    [
        "\n\n- Residential District No. 1: 340 families\n- Residential District No. 2: 245 families\n",
        "\n- 340 families to Residential District No. 1\n- 245 families to Residential District No. 2\n",
    ],
)
def test_list_items_after_they_returned_to_are_parts(gazetteer, items):
    assert_parts_of_the_total(figures_of(gazetteer, f"{TOTAL} They returned to:{items}"))


def test_a_date_after_the_last_part_is_every_part_s(gazetteer):
    text = (
        "On 12 February, 585 families returned to Sirte. Of these, 340 returned to Residential "
        "District No. 1 and 245 to Residential District No. 2 on 13 February.\n"
    )
    assert_parts_of_the_total(figures_of(gazetteer, text), day=date(2017, 2, 13))


def test_a_part_in_the_total_s_other_unit_is_a_part_of_that_figure(gazetteer):
    text = (
        "On 12 February, 585 families (2,900 people) returned to Sirte. Of these, 1,700 people "
        "returned to Residential District No. 1.\n"
    )
    _, people, part = figures_of(gazetteer, text)
    assert (part.quantity, part.unit, part.area_id) == (1700, "individuals", "ly-sirte-d1")
    assert (part.part_of_figure_id, part.event_date) == (people.figure_id, date(2017, 2, 12))


def test_people_of_the_total_who_did_not_return_are_no_part(gazetteer):
    text = (
        f"{TOTAL} Of them, 340 families went to Residential District No. 1, while 120 families "
        "in Misrata were displaced again.\n"
    )
    assert [(f.quantity, f.part_of_figure_id is None) for f in figures_of(gazetteer, text)] == [
        (585, True),
        (340, False),
    ]
