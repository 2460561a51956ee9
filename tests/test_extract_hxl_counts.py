"""Count cells of an HXL table: digits grouped by threes are read; a decimal comma (in a
semicolon-separated table, as Excel writes where the comma is the decimal mark), a stray
group mark or a footnote mark is quarantined, never read as a count ten times too big."""

from __future__ import annotations

import pytest

from returnwatch.documents import Document
from returnwatch.extract import extract_document
from returnwatch.extract.hxl_counts import count

HEADER = ["Mantika", "Date", "Returnee HH"]
TAGS = ["#adm2+name", "#date+reported", "#affected+returnees+hh"]


def table(delimiter: str, *counts: str) -> bytes:
    """A DTM table of one row per count, each cell quoted (a comma in a comma CSV)."""
    rows = [HEADER, TAGS, *([f"Place {i}", "2017-03-31", c] for i, c in enumerate(counts))]
    return "\r\n".join(delimiter.join(f'"{cell}"' for cell in row) for row in rows).encode()


def read(gazetteer, content: bytes):
    extraction = extract_document(Document("inbox", "dtm.csv", content), gazetteer)
    found = {f.location_text: f.quantity for f in extraction.figures}
    problems = [p.reason for p in extraction.problems if p.check == "count_is_number"]
    return found, problems


def test_a_semicolon_table_groups_with_dots_and_marks_decimals_with_a_comma(gazetteer):
    content = table(";", "1.234", "1 234,0", "12.345.678", "5,5", "12,34", "1,234")

    found, problems = read(gazetteer, content)

    assert found == {"Place 0": 1234, "Place 1": 1234, "Place 2": 12345678}
    assert [reason.split(": ", 1)[0] for reason in problems] == [
        f"dtm.csv line {line}" for line in (6, 7, 8)
    ]
    assert "is '5,5', not a whole number of people (its cells are separated by semicolons, so" \
        " a comma marks decimals); correct the cell" in problems[0]  # fmt: skip


def test_a_comma_table_reads_only_groups_of_three(gazetteer):
    content = table(",", "1,234", "1 234", "9\u202f800", "9800.0", "1,5", "12,34", "1 2", "1.234")

    found, problems = read(gazetteer, content)

    assert found == {"Place 0": 1234, "Place 1": 1234, "Place 2": 9800, "Place 3": 9800}
    assert [reason.split("is ", 1)[1].split(",")[0] for reason in problems] == [
        "'1",
        "'12",
        "'1 2'",
        "'1.234'",
    ]


def test_a_footnote_mark_after_a_count_is_quarantined_not_a_crash(gazetteer):
    found, problems = read(gazetteer, table(",", "5\u00b2", "1,234\u00b9", "12"))

    assert found == {"Place 2": 12}
    assert len(problems) == 2 and "is '5\u00b2', not a whole number" in problems[0]


@pytest.mark.parametrize(
    ("raw", "decimal_comma", "number"),
    [
        ("\u0661\u0662\u0663\u0664", False, 1234),
        ("\u0661,\u0662\u0663\u0664", False, 1234),
        ("1,234,567", False, 1234567),
        ("1,234 567", False, None),
        ("1,2345", False, None),
        ("1.234", False, None),
        ("1.234", True, 1234),
        ("1,234", True, None),
        ("9800,00", True, 9800),
        ("9800.00", False, 9800),
        ("1.000", False, None),
    ],
)
def test_count(raw, decimal_comma, number):
    assert count(raw, decimal_comma) == number
