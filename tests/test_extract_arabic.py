"""Arabic announcements as Libyan municipal councils and LANA word them."""

from datetime import date

from returnwatch.documents import Document
from returnwatch.extract import extract_document
from returnwatch.gazetteer.phrases import resolve_figures

PUBLISHED = date(2024, 5, 2)


def figures_of(gazetteer, text: str):
    document = Document("test", "note.md", text.encode())
    found = extract_document(document, gazetteer, PUBLISHED).figures
    return [
        (f.quantity, f.unit, f.figure_type, f.qualifier, f.area_id)
        for f in resolve_figures(gazetteer, found)
    ]


def test_arabic_returns_are_read(gazetteer):
    text = (
        "عودة 150 أسرة نازحة إلى منطقة تاورغاء، بحسب المجلس المحلي.\n\n"
        "وقال المجلس إن 1200 عائلة عادت إلى سرت منذ بداية العام.\n\n"
        "ارتفع عدد الأسر العائدة إلى سرت إلى 3400 أسرة.\n\n"
        "عادت أكثر من 300 عائلة إلى بنغازي.\n\n"
        "عودة ١٥٠ أسرة إلى سرت.\n"
    )
    assert figures_of(gazetteer, text) == [
        (150, "households", "flow", "exact", "ly-tawergha"),
        (1200, "households", "stock", "exact", "ly-sirte"),
        (3400, "households", "stock", "exact", "ly-sirte"),
        (300, "households", "flow", "min", "ly-benghazi"),
        (150, "households", "flow", "exact", "ly-sirte"),
    ]


def test_arabic_plans_negations_and_the_displaced_are_not_returns(gazetteer):
    text = (
        "ومن المقرر عودة 200 أسرة أخرى الأسبوع المقبل.\n\n"
        "لا تزال 500 أسرة نازحة في طرابلس.\n\n"
        "لم تعد 700 أسرة إلى تاورغاء بعد.\n\n"
        "عودة 120 أسرة إلى سرت.\n"
    )
    assert figures_of(gazetteer, text) == [(120, "households", "flow", "exact", "ly-sirte")]


def test_a_number_joined_to_and_is_read(gazetteer):
    text = "عادت 80 أسرة إلى سرت و50 أسرة إلى درنة.\n"
    assert figures_of(gazetteer, text) == [
        (80, "households", "flow", "exact", "ly-sirte"),
        (50, "households", "flow", "exact", "LY0101"),
    ]


def test_a_return_joined_to_with_is_read(gazetteer):
    # "بعودة" (with the return of), as statements write "أفادت البلدية بعودة …"
    text = "أفادت البلدية بعودة 120 أسرة إلى بنغازي.\n"
    assert figures_of(gazetteer, text) == [(120, "households", "flow", "exact", "ly-benghazi")]
