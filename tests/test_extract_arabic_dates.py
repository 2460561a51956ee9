"""Dates written in Arabic, read against the published date as English dates are."""

from datetime import date

import pytest

from returnwatch.documents import Document
from returnwatch.extract import extract_document
from returnwatch.extract.dates import find_dates
from returnwatch.extract.when import roles

PUBLISHED = date(2024, 5, 2)  # a Thursday
LEVANTINE = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب"]
LEVANTINE += ["أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"]
EGYPTIAN = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس"]
EGYPTIAN += ["سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]


def dates_of(text: str, published: date = PUBLISHED) -> list[tuple[str, date, str]]:
    return [(d.text, d.value, d.precision) for d in find_dates(text, published)]


@pytest.mark.parametrize("month", range(1, 13))
def test_both_sets_of_month_names_with_a_year(month):
    for name in (LEVANTINE[month - 1], EGYPTIAN[month - 1]):
        text = f"عادت 300 أسرة إلى سرت في 7 {name} 2023."
        assert dates_of(text) == [(f"7 {name} 2023", date(2023, month, 7), "day")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("عادت 50 أسرة يوم ١٢ كانون الأول ٢٠٢٣", date(2023, 12, 12)),  # Arabic-Indic digits
        ("عادت 50 أسرة في 10 ابريل", date(2024, 4, 10)),  # hamza left out
        ("عادت 50 أسرة في 10 يونيه", date(2023, 6, 10)),  # Egyptian spelling
        ("عادت 50 أسرة في 3 يوليه 2016م", date(2016, 7, 3)),  # م: of the Common Era
        ("عادت 50 أسرة في 3 تشرين الثاني من عام 2023", date(2023, 11, 3)),
        ("عادت 50 أسرة يوم 13 شباط/فبراير", date(2024, 2, 13)),  # one month in two calendars
        ("عادت 50 أسرة في 15 جانفي", date(2024, 1, 15)),  # Tunisian and Algerian
    ],
)
def test_written_forms(text, expected):
    ((_, value, precision),) = dates_of(text)
    assert (value, precision) == (expected, "day")


def test_a_day_and_month_take_the_published_year_preferring_the_past():
    assert dates_of("عادت 585 أسرة يوم 13 شباط", date(2017, 2, 14))[0][1] == date(2017, 2, 13)
    assert dates_of("عادت 585 أسرة في 2 مايو")[0][1] == date(2024, 5, 2)  # the published day
    assert dates_of("عادت 585 أسرة في 5 مايو")[0][1] == date(2023, 5, 5)  # never after it
    # a December event published in January belongs to the previous year
    assert dates_of("عادت 40 أسرة في 28 ديسمبر", date(2017, 1, 3))[0][1] == date(2016, 12, 28)


@pytest.mark.parametrize(
    ("phrase", "expected", "precision"),
    [
        ("أمس", date(2024, 5, 1), "day"),
        ("اليوم", date(2024, 5, 2), "day"),
        ("أول أمس", date(2024, 4, 30), "day"),
        ("أول من أمس", date(2024, 4, 30), "day"),
        ("الأسبوع الماضي", date(2024, 4, 25), "week"),
        ("يوم الخميس", date(2024, 5, 2), "day"),  # the story's own day, as "on Thursday"
        ("الخميس الماضي", date(2024, 4, 25), "day"),
        ("يوم الأحد", date(2024, 4, 28), "day"),
        ("اليوم الثلاثاء", date(2024, 4, 30), "day"),
        ("الجمعة الماضية", date(2024, 4, 26), "day"),
        ("خلال شهر مارس", date(2024, 3, 1), "month"),
    ],
)
def test_relative_days_count_back_from_the_published_date(phrase, expected, precision):
    ((_, value, found_precision),) = dates_of(f"عادت 80 أسرة إلى بنغازي {phrase}.")
    assert (value, found_precision) == (expected, precision)


@pytest.mark.parametrize(
    "not_a_date",
    [
        "في اليوم التالي",  # the next day: no day of its own
        "الخميس المقبل",  # next Thursday
        "في 10 الماء",  # Gaddafi's name for May: out of use since 2011, and "water"
        "يومية",  # daily
    ],
)
def test_only_the_date_is_read(not_a_date):
    text = f"وزعت 80 سلة غذائية {not_a_date}، بعد عودة 50 أسرة أمس."
    assert dates_of(text) == [("أمس", date(2024, 5, 1), "day")]


def test_the_role_of_an_arabic_date():
    def role(text: str) -> list[tuple[str, str]]:
        return [(d.mention.text, d.role) for d in roles(text, find_dates(text, PUBLISHED))]

    assert role("وقال المجلس المحلي يوم الأحد إن 1200 عائلة عادت") == [("يوم الأحد", "statement")]
    assert role("بلغ عدد الأسر العائدة حتى 30 أبريل 3400 أسرة") == [("30 أبريل", "as_of")]
    assert role("عادت 45 أسرة منذ 5 فبراير") == [("5 فبراير", "since")]
    assert role("عادت 45 أسرة يوم 5 فبراير") == [("5 فبراير", "event")]


def test_figures_take_their_arabic_dates(gazetteer):
    text = (
        "عادت 300 أسرة إلى سرت في 5 فبراير.\n\n"
        "عادت أمس 80 أسرة إلى بنغازي.\n\n"
        "وقال المجلس المحلي يوم الأحد إن 1200 عائلة عادت إلى سرت منذ بداية العام.\n\n"
        "وبلغ عدد الأسر العائدة إلى تاورغاء حتى 30 أبريل 3400 أسرة.\n"
    )
    document = Document("test", "note.md", text.encode())
    found = extract_document(document, gazetteer, PUBLISHED).figures
    assert [(f.quantity, f.figure_type, f.event_date, f.date_text) for f in found] == [
        (300, "flow", date(2024, 2, 5), "5 فبراير"),
        (80, "flow", date(2024, 5, 1), "أمس"),
        (1200, "stock", date(2024, 4, 28), "يوم الأحد"),
        (3400, "stock", date(2024, 4, 30), "30 أبريل"),
    ]


def test_returns_since_a_named_day_are_a_flow_from_that_day(gazetteer):
    # as "since Thursday, 45 families returned": what came back since then, not the total
    text = (
        "عادت 45 أسرة إلى درنة منذ يوم الخميس الماضي.\n\n"
        "عادت 60 أسرة إلى سرت منذ 5 فبراير.\n\n"
        "وقال المجلس إن 1200 عائلة عادت إلى سرت منذ بداية العام.\n"
    )
    document = Document("test", "note.md", text.encode())
    found = extract_document(document, gazetteer, PUBLISHED).figures
    assert [(f.quantity, f.figure_type, f.event_date) for f in found] == [
        (45, "flow", date(2024, 4, 25)),
        (60, "flow", date(2024, 2, 5)),
        (1200, "stock", PUBLISHED),  # since no day: the total as of the statement
    ]
