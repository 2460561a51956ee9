from datetime import date

import pytest

from returnwatch.extract.dates import find_dates, full_date, period_end


def first(text: str, published: date):
    (mention,) = find_dates(text, published)
    return mention.value, mention.precision


def test_day_month_takes_the_published_year():
    assert first("On 13 February BM said", date(2017, 2, 14)) == (date(2017, 2, 13), "day")


def test_december_event_published_in_january_is_the_previous_year():
    assert first("on 28 December", date(2017, 1, 3)) == (date(2016, 12, 28), "day")


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("on Wednesday", date(2017, 2, 22)),  # the story's own day
        ("on Tuesday", date(2017, 2, 21)),
        ("last Wednesday", date(2017, 2, 15)),
        ("yesterday", date(2017, 2, 21)),
    ],
)
def test_relative_days_resolve_against_the_published_date(phrase, expected):
    assert first(phrase, date(2017, 2, 22))[0] == expected


def test_month_only_text_has_month_precision():
    assert first("Back in February the committee", date(2017, 3, 13)) == (date(2017, 2, 1), "month")


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("by the end of 2023", date(2023, 1, 1)),
        ("in early 2017", date(2017, 1, 1)),
        ("since mid-2020", date(2020, 1, 1)),
        ("by the end of last year", date(2023, 1, 1)),
        ("returned last year", date(2023, 1, 1)),
        ("by 2022", date(2022, 1, 1)),
    ],
)
def test_a_year_named_without_in_has_year_precision(phrase, expected):
    assert first(phrase, date(2024, 7, 4)) == (expected, "year")
    assert find_dates("Law No. 5 of 2023", date(2024, 7, 4)) == []  # a document's year


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("in the first half of 2024", date(2024, 1, 1)),
        ("in the second half of 2023", date(2023, 7, 1)),
        ("in Q3 2023", date(2023, 7, 1)),
        ("during the fourth quarter of 2021", date(2021, 10, 1)),
    ],
)
def test_a_half_or_quarter_of_a_year_is_its_year_from_its_start(phrase, expected):
    assert first(phrase, date(2024, 7, 4)) == (expected, "year")


@pytest.mark.parametrize(
    "phrase", ["as of August", "up to August", "until August", "as at August", "through August"]
)
def test_a_month_after_as_of_or_until_is_a_date(phrase):
    assert first(phrase, date(2024, 9, 12)) == (date(2024, 8, 1), "month")
    assert find_dates("families preparing to march and may stay", date(2024, 9, 12)) == []


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Two days ago, 75 families", date(2024, 9, 10)),
        ("3 days ago", date(2024, 9, 9)),
        ("a week ago", date(2024, 9, 5)),
        ("the day before yesterday", date(2024, 9, 10)),
        ("On the 8th, 30 families", date(2024, 9, 8)),
        ("on the 20th", date(2024, 8, 20)),  # after the 12th: last month's
    ],
)
def test_days_ago_and_a_bare_day_of_the_month(phrase, expected):
    assert first(phrase, date(2024, 9, 12)) == (expected, "day")
    assert find_dates("on the 2nd day of the 3rd round", date(2024, 9, 12)) == []


def test_period_end_of_a_month_is_capped_by_publication():
    assert period_end(date(2017, 2, 1), "month", date(2017, 3, 13)) == date(2017, 2, 28)
    assert period_end(date(2018, 8, 1), "month", date(2018, 8, 23)) == date(2018, 8, 23)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 March 2017", date(2017, 3, 12)),
        ("March 12, 2017", date(2017, 3, 12)),
        ("  12th of March 2017 ", date(2017, 3, 12)),
        ("2017-03-12", date(2017, 3, 12)),
        ("12 March", None),  # no year: which year would be a guess
        ("March 2017", None),  # a month, not a day
        ("yesterday", None),
        ("last Sunday", None),
        ("31 February 2017", None),
        ("2017-13-45", None),
        ("12/03/2017", None),  # day first or month first: not guessed
        ("published 12 March 2017 in Tripoli", None),  # not the whole text
        ("notadate", None),
    ],
)
def test_a_whole_written_date_is_read_and_nothing_else_is(text, expected):
    assert full_date(text) == expected


def test_the_day_before_is_the_day_before_the_day_named_earlier(gazetteer):
    from returnwatch.documents import Document
    from returnwatch.extract import extract_document

    published = date(2017, 2, 14)  # a Tuesday: "Monday" is 13 February

    def dates_of(text: str):
        document = Document("test", "note.md", text.encode())
        found = extract_document(document, gazetteer, published).figures
        return [(f.quantity, f.event_date, f.date_text) for f in found]

    assert dates_of(
        "On Monday, the council said that the day before, 30 families returned to Sirte.\n"
    ) == [(30, date(2017, 2, 12), "the day before")]
    assert dates_of(
        "On 5 February 200 families returned to Sirte. "
        "A day earlier, 30 families returned to Misrata.\n"
    ) == [(200, date(2017, 2, 5), "5 February"), (30, date(2017, 2, 4), "A day earlier")]
    # no day to count from, or a day this reader cannot date: the published day, undated
    assert dates_of("The day before, 30 families returned to Sirte.\n") == [(30, published, None)]
    assert dates_of("30 families returned to Sirte the day before the ceasefire.\n") == [
        (30, published, None)
    ]
