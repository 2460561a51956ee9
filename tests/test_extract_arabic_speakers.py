"""Who an Arabic statement quotes, kept as written (in Arabic)."""

import json
from datetime import date

import pytest
from conftest import returnwatch

from returnwatch.documents import Document
from returnwatch.extract import extract_document

PUBLISHED = date(2024, 5, 2)


def speakers_of(gazetteer, text: str) -> list[tuple[int, str | None]]:
    document = Document("test", "note.md", text.encode())
    found = extract_document(document, gazetteer, PUBLISHED).figures
    return [(f.quantity, f.announced_by) for f in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أعلنت بلدية سرت أن ٣٠٠ عائلة عادت إلى المدينة.", "بلدية سرت"),
        ("وقال المجلس المحلي تاورغاء إن 200 أسرة عادت إلى تاورغاء.", "المجلس المحلي تاورغاء"),
        ("أفاد المجلس البلدي بنغازي بعودة 120 أسرة إلى بنغازي.", "المجلس البلدي بنغازي"),
        ("وذكرت لجنة الأزمة في بيان أن 90 أسرة عادت إلى درنة.", "لجنة الأزمة"),
        ("وأكد عميد بلدية سرت، الخميس، أن 60 أسرة عادت إلى سرت.", "عميد بلدية سرت"),
        ("عودة 150 أسرة نازحة إلى منطقة تاورغاء، بحسب المجلس المحلي.", "المجلس المحلي"),
        ("عادت 80 أسرة إلى سرت وفقاً لبلدية سرت.", "بلدية سرت"),
        ("عادت 70 أسرة إلى سرت، وفقا للمنظمة الدولية للهجرة.", "المنظمة الدولية للهجرة"),
        ("عادت 40 أسرة إلى سرت، حسب المجلس البلدي.", "المجلس البلدي"),
        ("ذكرت مصادر محلية لوكالة الأنباء الليبية أن 30 أسرة عادت إلى سرت.", "مصادر محلية"),
    ],
)
def test_the_body_quoted(gazetteer, text, expected):
    assert [said for _, said in speakers_of(gazetteer, text)] == [expected]


def test_a_pronoun_names_nobody_so_the_body_named_before_it_stands(gazetteer):
    text = "أعلنت بلدية سرت عودة 300 أسرة إلى سرت. وقال إن 1200 عائلة عادت إلى سرت منذ بداية العام."
    assert speakers_of(gazetteer, text) == [(300, "بلدية سرت"), (1200, "بلدية سرت")]


def test_a_later_figure_of_the_paragraph_takes_the_speaker_quoted_before_it(gazetteer):
    text = (
        "أفادت غرفة عمليات البنيان المرصوص بعودة 585 أسرة إلى سرت. "
        "وعادت 40 أسرة أخرى إلى الحي الثالث أمس.\n\n"
        "عادت 25 أسرة إلى بنغازي.\n"
    )
    assert speakers_of(gazetteer, text) == [
        (585, "غرفة عمليات البنيان المرصوص"),
        (40, "غرفة عمليات البنيان المرصوص"),
        (25, None),  # a new paragraph: an earlier paragraph's speaker is not its
    ]


def test_the_cli_reads_an_arabic_date_and_speaker(tmp_path):
    statement = tmp_path / "bm.md"
    statement.write_text(
        "---\npublished: 2017-02-14\n---\n"
        "أعلنت غرفة عمليات البنيان المرصوص أن 585 أسرة عادت إلى سرت يوم ١٣ شباط.\n",
        encoding="utf-8",
    )
    result = returnwatch("extract", str(statement))
    assert result.returncode == 0, result.stderr
    (figure,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert (figure["quantity"], figure["event_date"], figure["date_text"]) == (
        585,
        "2017-02-13",
        "١٣ شباط",
    )
    assert figure["announced_by"] == "غرفة عمليات البنيان المرصوص"
