"""An .xlsx dropped in a folder source or --inbox is read like an HXL CSV: the first sheet
with a hashtag row, below any title rows; Excel dates and 9800.0 come out as written; the
bytes are archived as they are, so ``rebuild`` reads the workbook again."""

from __future__ import annotations

import hashlib
import io
import struct
import time
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from conftest import returnwatch, rows
from feeds import FAST, serve

from returnwatch.documents import Document
from returnwatch.extract.document import extract_document
from returnwatch.sources import HttpClient, SourceConfig, pull

server = pytest.fixture(serve)

HEADER = ["Mantika", "Mantika P-code", "Date", "Returnee HH", "Returnee IND"]
TAGS = ["#adm2+name", "#adm2+code", "#date+reported", "#affected+returnees+hh"]
TAGS += ["#affected+returnees+ind"]


def workbook(*sheets: tuple[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows_ in sheets:
        sheet = book.create_sheet(name)
        for row in rows_:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def dtm_workbook() -> bytes:
    """A DTM/HDX-shaped workbook: a notes sheet first, then a sheet with a title and a note
    above the header and hashtag row, Excel date cells and counts stored as floats."""
    return workbook(
        ("Read me", [["About this dataset"], ["Counts of returnee households by mantika"]]),
        (
            "Returnees R9",
            [
                ["IOM DTM Libya - returnees by mantika, round 9"],
                ["Source: DTM Libya; figures as of the end of the round"],
                HEADER,
                TAGS,
                ["Misrata", "LY0214", datetime(2017, 3, 31), 2100, 9800.0],
                ["Benghazi", "LY0103", date(2017, 3, 31), 5400.0, None],
            ],
        ),
    )


def test_the_tagged_sheet_below_its_title_rows_gives_figures(gazetteer):
    document = Document(source_id="inbox", name="dtm-r9.xlsx", content=dtm_workbook())

    extraction = extract_document(document, gazetteer)

    assert extraction.failed is None
    got = sorted(
        (f.location_text, f.unit, f.quantity, f.event_date, f.span_start)
        for f in extraction.figures
    )
    assert got == [
        ("LY0103", "households", 5400, date(2017, 3, 31), 6),
        ("LY0214", "households", 2100, date(2017, 3, 31), 5),
        ("LY0214", "individuals", 9800, date(2017, 3, 31), 5),
    ]
    excerpts = {f.excerpt for f in extraction.figures}
    assert "Returnees R9 row 5: Mantika=Misrata; Mantika P-code=LY0214; Date=2017-03-31; " \
        "Returnee HH=2100; Returnee IND=9800" in excerpts  # fmt: skip


def test_a_problem_in_a_sheet_names_the_sheet_and_row(gazetteer):
    content = workbook(("Data", [HEADER, TAGS, ["Misrata", "LY0214", "2017-03-31", "many", 1]]))

    extraction = extract_document(Document("inbox", "r.xlsx", content), gazetteer)

    (problem,) = extraction.problems
    assert problem.reason.startswith("r.xlsx sheet 'Data' row 3: #affected+returnees+hh is")


def test_a_note_on_several_rows_of_a_sheet_names_the_sheet_and_its_rows(gazetteer):
    total = ["Total", "", "2017-03-31", 7500, 9800]
    data = [HEADER, TAGS, ["Misrata", "LY0214", "2017-03-31", 2100, 9800], total, total]
    content = workbook(("Data", data))

    extraction = extract_document(Document("inbox", "r.xlsx", content), gazetteer)

    (note,) = [p for p in extraction.problems if p.check == "total_row"]
    assert note.reason.startswith("r.xlsx sheet 'Data' rows 4, 5: 'Total' is the table's total")


def test_a_visible_tagged_sheet_is_read_before_a_hidden_one(gazetteer):
    """A hidden sheet is most often an old round kept out of sight: its rows are not this
    workbook's figures while a visible sheet has a hashtag row."""
    book = openpyxl.load_workbook(io.BytesIO(dtm_workbook()))
    old = book.create_sheet("R8 (old)", 1)
    for row in [HEADER, TAGS, ["Misrata", "LY0214", date(2016, 12, 31), 99, 495]]:
        old.append(row)
    old.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)

    extraction = extract_document(Document("inbox", "r9.xlsx", buffer.getvalue()), gazetteer)

    assert sorted(f.quantity for f in extraction.figures) == [2100, 5400, 9800]
    book.remove(book["Returnees R9"])
    buffer = io.BytesIO()
    book.save(buffer)
    only_hidden = extract_document(Document("inbox", "r8.xlsx", buffer.getvalue()), gazetteer)
    assert sorted(f.quantity for f in only_hidden.figures) == [99, 495]


def test_a_place_merged_down_its_rows_places_each_row_but_a_merged_count_counts_once(
    gazetteer,
):
    """DTM sheets merge a mantika (or a date) over the rows it holds: each row is in it. A
    count merged over two rows is one count, so only its first row gives it."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    for row in [HEADER, TAGS, ["Misrata", "LY0214", date(2017, 3, 31), 2100, 9800]]:
        sheet.append(row)
    sheet.append([None, None, date(2017, 4, 30), 2300, None])
    sheet.append(["Benghazi", None, date(2017, 3, 31), 5400, None])
    sheet.append(["Sirt", None, date(2017, 3, 31), None, None])
    for cells in ("A3:A4", "B3:B4", "D5:D6"):
        sheet.merge_cells(cells)
    buffer = io.BytesIO()
    book.save(buffer)

    extraction = extract_document(Document("inbox", "m.xlsx", buffer.getvalue()), gazetteer)

    got = sorted(
        ((f.location_text, f.event_date, f.unit, f.quantity) for f in extraction.figures), key=str
    )
    assert got == [
        ("LY0103", date(2017, 3, 31), "households", 5400),
        ("LY0214", date(2017, 3, 31), "households", 2100),
        ("LY0214", date(2017, 3, 31), "individuals", 9800),
        ("LY0214", date(2017, 4, 30), "households", 2300),
    ]


def run_inbox(folder: Path, w: Path) -> None:
    paths = ["--warehouse", str(w / "returns.duckdb"), "--archive", str(w / "archive")]
    done = returnwatch("run", "--inbox", str(folder), *paths, "--exports", str(w / "exports"))
    assert done.returncode == 0, done.stdout + done.stderr


FIGURES = (
    "select d.name, f.location_text, f.unit, f.quantity, f.event_date, f.excerpt "
    "from figures f join documents d using (document_id) order by all"
)


def test_run_reads_a_workbook_refuses_the_others_and_rebuild_reads_it_again(
    prefect_server, tmp_path
):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    content = dtm_workbook()
    (inbox / "dtm-r9.xlsx").write_bytes(content)
    (inbox / "untagged.xlsx").write_bytes(workbook(("Sheet1", [HEADER, ["Misrata", 1, 2]])))
    (inbox / "broken.xlsx").write_bytes(content[: len(content) // 2])
    (inbox / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    w = tmp_path / "w"

    run_inbox(inbox, w)

    warehouse = w / "returns.duckdb"
    documents = dict(rows(warehouse, "select name, status from documents"))
    assert documents == {
        "dtm-r9.xlsx": "loaded",
        "untagged.xlsx": "rejected",
        "broken.xlsx": "failed",
        "old.xls": "rejected",
    }
    reasons = dict(rows(warehouse, "select name, reason from documents where reason is not null"))
    assert "add a row of #hashtags" in reasons["untagged.xlsx"]
    assert "columns map" in reasons["untagged.xlsx"]
    assert "not a readable XLSX workbook" in reasons["broken.xlsx"]
    assert "save it again as .xlsx" in reasons["broken.xlsx"]
    assert "save an old binary .xls workbook as Excel Workbook (.xlsx)" in reasons["old.xls"]
    figures = rows(warehouse, FIGURES)
    assert [row[:5] for row in figures] == [
        ("dtm-r9.xlsx", "LY0103", "households", 5400, date(2017, 3, 31)),
        ("dtm-r9.xlsx", "LY0214", "households", 2100, date(2017, 3, 31)),
        ("dtm-r9.xlsx", "LY0214", "individuals", 9800, date(2017, 3, 31)),
    ]
    assert figures[0][5].startswith("Returnees R9 row 6: Mantika=Benghazi;")
    digest = hashlib.sha256(content).hexdigest()
    assert (w / "archive" / "inbox" / f"{digest}.xlsx").read_bytes() == content
    events = rows(warehouse, "select * from return_events order by all")

    rebuilt = returnwatch(
        "rebuild",
        *("--warehouse", str(warehouse), "--archive", str(w / "archive")),
        *("--exports", str(w / "exports")),
    )

    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    assert rows(warehouse, FIGURES) == figures
    assert rows(warehouse, "select * from return_events order by all") == events


def test_a_sheet_whose_hashtag_row_is_below_sixty_note_rows_is_read(gazetteer):
    notes = [[f"Note {i}: methodology and caveats"] for i in range(60)]
    rows_ = [*notes, HEADER, TAGS, ["Misrata", "LY0214", date(2017, 3, 31), 2100, 9800]]
    content = workbook(("Returnees", rows_))
    extraction = extract_document(Document("inbox", "dtm.xlsx", content), gazetteer)
    assert extraction.failed is None
    assert sorted((f.quantity, f.span_start) for f in extraction.figures) == [
        (2100, 63),
        (9800, 63),
    ]


def spaces_workbook(megabytes: int = 25) -> bytes:
    """A valid workbook whose tagged sheet holds one cell of ``megabytes`` MB of spaces: it
    zips to some tens of KB (over 1000 times smaller), as a zip bomb does."""
    plain = zipfile.ZipFile(io.BytesIO(dtm_workbook()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for part in plain.infolist():
            data = plain.read(part)
            if part.filename == "xl/worksheets/sheet2.xml":
                cell = '<row r="99"><c r="A99" t="inlineStr"><is><t xml:space="preserve">'
                cell += " " * (megabytes << 20) + "</t></is></c></row></sheetData>"
                data = data.replace(b"</sheetData>", cell.encode())
            out.writestr(part, data)
    return buffer.getvalue()


def declaring(content: bytes, part: str, size: int) -> bytes:
    """``content`` with the central directory saying ``part`` unzips to ``size`` bytes."""
    entry = content.rindex(b"PK\x01\x02", 0, content.rindex(part.encode()))
    return content[: entry + 24] + struct.pack("<I", size) + content[entry + 28 :]


def test_a_workbook_that_unzips_a_thousand_fold_is_refused_before_it_is_opened(gazetteer):
    content = spaces_workbook()
    assert len(content) < 200_000
    started = time.perf_counter()
    extraction = extract_document(Document("inbox", "bomb.xlsx", content), gazetteer)
    assert time.perf_counter() - started < 1
    assert extraction.rejected and extraction.figures == []
    assert "'xl/worksheets/sheet2.xml' unzips from" in extraction.failed
    assert "zip bomb" in extraction.failed and "export the sheet as CSV" in extraction.failed


def test_a_workbook_whose_part_declares_a_huge_size_is_refused(gazetteer):
    content = declaring(dtm_workbook(), "xl/styles.xml", 4_000_000_000)
    extraction = extract_document(Document("inbox", "huge.xlsx", content), gazetteer)
    assert extraction.rejected and "'xl/styles.xml' unzips from" in extraction.failed


def understating(content: bytes, part: str, size: int) -> bytes:
    """``content`` with both headers of ``part``, local and central, saying it unzips to
    ``size`` bytes: the sizes a zip declares are the zip maker's word, not its data's."""
    out, name = bytearray(content), part.encode()
    for signature, name_at, size_at, name_length_at in ((b"PK\x03\x04", 30, 22, 26),
                                                       (b"PK\x01\x02", 46, 24, 28)):  # fmt: skip
        at = out.find(signature)
        while at != -1:
            (length,) = struct.unpack_from("<H", out, at + name_length_at)
            if out[at + name_at : at + name_at + length] == name:
                struct.pack_into("<I", out, at + size_at, size)
            at = out.find(signature, at + 4)
    return bytes(out)


def test_a_workbook_whose_headers_understate_a_part_is_refused_for_what_it_unzips_to(
    gazetteer,
):
    content = understating(spaces_workbook(), "xl/worksheets/sheet2.xml", 30_000)
    declared = zipfile.ZipFile(io.BytesIO(content)).getinfo("xl/worksheets/sheet2.xml")
    assert declared.file_size == 30_000 and declared.compress_size > 20_000  # looks harmless

    started = time.perf_counter()
    extraction = extract_document(Document("inbox", "liar.xlsx", content), gazetteer)

    assert time.perf_counter() - started < 1
    assert extraction.rejected and extraction.figures == []
    assert "'xl/worksheets/sheet2.xml' unzips from" in extraction.failed
    assert "not the 30,000 it says" in extraction.failed and "zip bomb" in extraction.failed


def test_a_workbook_zipped_with_bzip2_is_refused_with_what_to_do(gazetteer):
    """Excel and LibreOffice deflate; a part in another zip method is neither measured nor
    read (calamine cannot), so the reason says how to make it a workbook again."""
    plain, buffer = zipfile.ZipFile(io.BytesIO(dtm_workbook())), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_BZIP2) as out:
        for part in plain.infolist():
            out.writestr(part.filename, plain.read(part))

    extraction = extract_document(Document("inbox", "bz.xlsx", buffer.getvalue()), gazetteer)

    assert extraction.rejected and "is compressed with zip method 12" in extraction.failed
    assert "save it again as .xlsx" in extraction.failed


def test_an_xlsx_source_without_a_sheet_reads_the_first_visible_one(server):
    book = openpyxl.Workbook()
    book.active.append(["Mantika", "Returnee HH"])
    book.active.append(["Misrata", 99])
    book.active.sheet_state = "hidden"
    book.create_sheet("R9").append(["Mantika", "Returnee HH"])
    book["R9"].append(["Misrata", 2100])
    buffer = io.BytesIO()
    book.save(buffer)
    server.expect_request("/r9.xlsx").respond_with_data(
        buffer.getvalue(), content_type="application/octet-stream"
    )
    columns = {"adm2_name": "Mantika", "quantity_households": "Returnee HH"}
    config = SourceConfig("sheet", "xlsx", url=server.url_for("/r9.xlsx"), columns=columns)
    with HttpClient(FAST) as http:
        (document,) = list(pull(config, http))
    assert document.content.decode().splitlines()[2] == "Misrata,2100"


def test_an_xlsx_source_refuses_a_zip_bomb_before_pandas_reads_it(server):
    server.expect_request("/dtm.xlsx").respond_with_data(
        spaces_workbook(), content_type="application/octet-stream"
    )
    columns = {"adm2_name": "Mantika", "quantity_households": "Returnee HH"}
    config = SourceConfig(
        "sheet", "xlsx", url=server.url_for("/dtm.xlsx"), columns=columns, sheet="Returnees R9"
    )
    with HttpClient(FAST) as http:
        (refused,) = list(pull(config, http))
    assert refused.status == "failed" and "zip bomb" in refused.reason
