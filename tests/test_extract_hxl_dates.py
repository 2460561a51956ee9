"""A day written in a locale's numbers (31/03/2017, 3/31/2017, 31.03.2017), as Excel exports
dates to CSV, is read when the column shows its day/month order; else the row goes to
quarantine asking for YYYY-MM-DD, never to a guessed month."""

from __future__ import annotations

from datetime import date

from returnwatch.documents import Document
from returnwatch.extract import extract_document


def read(gazetteer, *days: str):
    rows = ["Mantika,Date,Returnee HH", "#adm2+name,#date+reported,#affected+returnees+hh"]
    rows += [f"Place {i},{day},{10 + i}" for i, day in enumerate(days)]
    content = "\n".join(rows).encode()
    extraction = extract_document(Document("inbox", "dtm.csv", content), gazetteer)
    found = {f.quantity: f.event_date for f in extraction.figures}
    return found, [p.reason for p in extraction.problems if p.check == "date_is_iso"]


def test_a_day_over_twelve_shows_the_column_puts_the_day_first(gazetteer):
    found, problems = read(gazetteer, "31/03/2017", "03/04/2017", "31/02/2017")

    assert found == {10: date(2017, 3, 31), 11: date(2017, 4, 3)}
    assert problems == [
        "dtm.csv line 5: date '31/02/2017' is not an ISO date (YYYY-MM-DD) nor a month"
        " (YYYY-MM, June 2017); fix the cell"
    ]


def test_a_month_first_column_is_read_month_first(gazetteer):
    found, problems = read(gazetteer, "3/31/2017", "03/04/2017")

    assert found == {10: date(2017, 3, 31), 11: date(2017, 3, 4)}
    assert problems == []


def test_dots_put_the_day_first_and_an_undecided_column_is_quarantined(gazetteer):
    found, problems = read(gazetteer, "31.03.2017", "03/04/2017", "31/03/2017", "3/31/2017")

    assert found == {10: date(2017, 3, 31)}
    assert [reason.split(": ", 1)[0] for reason in problems] == [
        "dtm.csv line 4", "dtm.csv line 5", "dtm.csv line 6",
    ]  # fmt: skip
    assert "'03/04/2017' may be day/month or month/day" in problems[0]
    assert "write it as YYYY-MM-DD" in problems[0]
