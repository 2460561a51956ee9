"""The column-wise HXL reader: figures in line order, households before individuals, pairs
only within a row, and every row that cannot give figures accounted for as a problem."""

import random
from dataclasses import replace

from returnwatch.documents import Document
from returnwatch.extract import extract_document
from returnwatch.extract.figure_table import FigureTable
from returnwatch.gazetteer.phrases import resolve_figures
from returnwatch.validate import validate_extractions

HEADER = "Mantika,Code,Date,HH,IND,Note\n#adm2+name,#adm2+code,#date+reported,#affected+returnees+hh,#affected+returnees+ind,\n"
BODY = (
    "Sirt,LY0208,2017-06-08,10,60,a\n"  # line 3: a pair
    "Sirt,LY0208,2017-06-09,,70,\n"  # line 4: individuals only
    "Misurata,LY9999,2017-06-09,٣٤,,\n"  # line 5: Arabic-Indic digits, placed by name
    "Sirt,LY0208,9 June,11,66,\n"  # line 6: a date that is not ISO drops the row
    "Sirt,LY0208,2017-06-10,lots,80,\n"  # line 7: a bad count; the other stands alone
)


def read(gazetteer):
    document = Document("dtm", "dtm.csv", (HEADER + BODY).encode())
    extraction = extract_document(document, gazetteer)
    return extraction, resolve_figures(gazetteer, extraction.figures)


def test_figures_come_as_a_table_in_line_order_with_pairs_inside_rows(gazetteer):
    _, figures = read(gazetteer)
    assert isinstance(figures, FigureTable)
    seen = [(f.span_start, f.unit, f.quantity, f.area_id) for f in figures]
    assert seen == [
        (3, "households", 10, "LY0208"),
        (3, "individuals", 60, "LY0208"),
        (4, "individuals", 70, "LY0208"),
        (5, "households", 34, "LY0214"),
        (7, "individuals", 80, "LY0208"),
    ]
    households, individuals = figures[0], figures[1]
    assert households.paired_figure_id == individuals.figure_id
    assert individuals.paired_figure_id == households.figure_id
    assert [f.paired_figure_id for f in figures[2:]] == [None, None, None]
    assert (
        figures[0].excerpt
        == "line 3: Mantika=Sirt; Code=LY0208; Date=2017-06-08; HH=10; IND=60; Note=a"
    )
    assert list(figures.frame["figure_id"]) == [f.figure_id for f in figures]


def test_rows_without_figures_are_problems_naming_their_line(gazetteer):
    extraction, _ = read(gazetteer)
    assert [(p.check, p.value) for p in extraction.problems] == [
        ("date_is_iso", "9 June"),
        ("count_is_number", "lots"),
    ]
    assert "line 6" in extraction.problems[0].reason and "line 7" in extraction.problems[1].reason
    assert extraction.problems[1].record["HH"] == "lots"


def test_the_table_is_validated_as_a_frame_with_the_published_date(gazetteer):
    extraction, figures = read(gazetteer)
    validated = validate_extractions([replace(extraction, figures=figures)])
    assert len(validated.accepted) == 5 and validated.rejected == []
    assert validated.accepted["quantity"].tolist() == [10, 60, 70, 34, 80]


def test_each_excerpt_lists_its_rows_non_blank_cells_as_written_on_a_large_table(gazetteer):
    """Thousands of rows, so that neighbouring columns are written per combination in
    several groups, with rows whose whole group of cells is blank."""
    rng = random.Random(8)
    names = ["Region", "Code", "Place", "Date", "HH", "Note"]
    tags = "#adm1+name,#adm2+code,#loc+name,#date+reported,#affected+returnees+hh,"
    rows = [
        [
            rng.choice(["", "East", " "]),
            rng.choice(["", "LY0208", "\tLY0214"]),
            rng.choice(["", "Sirt", "Tawergha"]),
            f"2017-{1 + i % 12:02d}-{1 + i % 28:02d}",
            str(rng.randrange(1, 10**6)),
            rng.choice(["", "ü" * 450, "note", " "]),
        ]
        for i in range(6000)
    ]
    text = ",".join(names) + "\n" + tags + "\n" + "\n".join(",".join(r) for r in rows) + "\n"
    figures = extract_document(Document("dtm", "big.csv", text.encode()), gazetteer).figures
    expected = [
        f"line {line}: "
        + "; ".join(f"{n}={c}" for n, c in zip(names, row, strict=True) if c.strip(" \t"))
        for line, row in enumerate(rows, start=3)
    ]
    assert list(figures.frame["excerpt"]) == [e[:400] for e in expected]
    assert list(figures.frame["figure_id"]) == [f.figure_id for f in figures]


def test_a_table_whose_header_pandas_renames_gives_its_figures(gazetteer):
    """A repeated or empty column name sends the file to pandas' reader (Arrow columns of
    ``large_string``); its figures come out the same way, under pandas' column names."""
    text = "Place,Place,,HH\n#loc+name,#adm2+code,,#affected+returnees+hh\nSirt,LY0208,x,10\n,LY0208,,12\n"
    extraction = extract_document(Document("dtm", "dup.csv", text.encode()), gazetteer)
    assert [(f.span_start, f.quantity, f.location_text) for f in extraction.figures] == [
        (3, 10, "Sirt"),  # the #loc+name, within the #adm2+code
        (4, 12, "LY0208"),
    ]
    assert (
        extraction.figures[0].excerpt == "line 3: Place=Sirt; Place.1=LY0208; Unnamed: 2=x; HH=10"
    )
    assert extraction.problems == []
