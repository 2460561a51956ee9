"""A sheet Excel saved as "Unicode Text" (UTF-16, tab-separated, .txt) or a .tsv is read as
the HXL table it is, Arabic place names and all; a text whose hashtags are prose is not."""

from __future__ import annotations

import json

from conftest import returnwatch

from returnwatch.documents import Document
from returnwatch.extract import extract_document

ROWS = [
    ["Mantika", "Baladiya", "Date", "Returnee HH", "Returnee IND"],
    ["#adm2+name", "#adm3+name", "#date+reported", "#affected+returnees+hh"],
    ["سرت", "سرت", "2017-03-31", "1234"],
    ["مصراتة", "تاورغاء", "2017-03-31", "450"],
]
ROWS[1].append("#affected+returnees+ind")
ROWS[2].append("6170")
ROWS[3].append("2250")
SHEET_AS_TEXT = "\r\n".join("\t".join(row) for row in ROWS).encode("utf-16")
"""What Excel writes for File > Save As > Unicode Text: a BOM, UTF-16 LE, tabs, CRLF."""


def test_a_sheet_saved_as_unicode_text_gives_its_rows(tmp_path):
    path = tmp_path / "dtm-r9.txt"
    path.write_bytes(SHEET_AS_TEXT)

    done = returnwatch("extract", str(path))

    assert done.returncode == 0, done.stderr
    found = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(f["quantity"], f["unit"], f["area_id"]) for f in found] == [
        (1234, "households", "ly-sirt-baladiya"),
        (6170, "individuals", "ly-sirt-baladiya"),
        (450, "households", "ly-tawergha-baladiya"),
        (2250, "individuals", "ly-tawergha-baladiya"),
    ]
    assert found[0]["excerpt"].startswith("line 3: Mantika=سرت;")


def test_a_tsv_is_read_as_a_table(gazetteer):
    content = "\n".join("\t".join(row) for row in ROWS).encode()

    extraction = extract_document(Document("inbox", "dtm.tsv", content), gazetteer)

    assert extraction.failed is None
    assert sorted(f.quantity for f in extraction.figures) == [450, 1234, 2250, 6170]


def test_hashtags_in_prose_leave_a_text_a_text(gazetteer):
    text = "Returns to Sirte\n#Libya, #Sirte, #returns\n300 families returned to Sirte.\n"

    extraction = extract_document(Document("inbox", "post.txt", text.encode()), gazetteer)

    assert [f.quantity for f in extraction.figures] == [300]
