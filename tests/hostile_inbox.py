"""A folder of hostile and broken inputs, built in a temporary folder by the tests that use it
(never committed: some names hold right-to-left overrides and bytes that are not UTF-8).

``build(inbox, outside)`` writes every case and returns what each should become:
``{documents.name: (status, words its reason holds or None, quantity loaded or None)}``.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from returnwatch.config import MAX_DOCUMENT_BYTES

RLO = "\u202e"
FRONT = "---\npublished: 2017-02-20\n---\n"


def _story(quantity: int, place: str = "the Third District of Sirte", day: int = 13) -> str:
    return (
        f"{FRONT}On {day} February, {quantity} families returned to {place}, the committee said.\n"
    )


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document>611 families returned</w:document>")
    return buffer.getvalue()


HXL_HEADER = (
    "Admin 2 name,Admin 2 pcode,Date reported,Round,Returnee households\n"
    "#adm2+name,#adm2+code,#date+reported,#round+code,#affected+returnees+hh\n"
)
ARABIC = "عادت عائلات إلى مدينة سرت.\n"


def build(inbox: Path, outside: Path) -> dict[str, tuple[str, str | None, int | None]]:
    """Write the hostile inbox; ``outside`` is a folder beside it that symlinks point into."""
    inbox.mkdir(parents=True, exist_ok=True)
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "secret.txt").write_text(_story(999))
    files: dict[str, bytes] = {
        "empty.txt": b"",
        "binary-junk.txt": bytes(range(256)) * 8,
        "sirte-windows-1256.md": (_story(611, "سرت") + ARABIC).encode("cp1256"),
        "sirte-iso-8859-6.md": (_story(612, "سرت", 14) + ARABIC).encode("iso8859_6"),
        "sirte-utf-16.txt": (_story(613, "سرت", 15) + ARABIC).encode("utf-16"),
        "invalid-utf8.md": _story(614).encode() + b"\xff\xfe\xc3(\xa0\xa1 caf\xe9\n",
        "ragged.csv": HXL_HEADER.encode() + b"Sirt,LY0208,2017-06-08,R11,10,11,12,13\n",
        "unclosed-quote.csv": HXL_HEADER.encode() + b'"Sirt,LY0208,2017-06-08,R11,10\n',
        "wrong-delimiter.csv": HXL_HEADER.replace(",", ":").encode() + b"Sirt:LY0208:x:R1:10\n",
        "deeply-nested.json": b"[" * 200_000 + b"]" * 200_000,
        "huge.json": b'{"rows": [' + b'{"returned": 611},' * 200_000 + b"{}]}",
        "bad-front-matter.md": b"---\npublished: [2017-02-20\ntitle: a: b\n---\n"
        b"On 13 February 2017, 615 families returned to the Third District of Sirte.\n",
        "impossible-date.md": _story(622).replace("2017-02-20", "2017-13-45").encode(),
        "unreadable-published.md": _story(624).replace("2017-02-20", "soon after the war").encode(),
        "ancient-date.md": _story(623).replace("2017-02-20", "1900-02-20").encode(),
        "future-date.md": _story(616).replace("2017-02-20", "2031-02-20").encode(),
        "implausible.md": _story(1_000_000, "Sirte").encode(),
        "overflow.md": _story(10**23, "Sirte").encode(),
        "negative-counts.csv": (
            HXL_HEADER + "Sirt,LY0208,2017-06-08,R11,-50\nSirt,LY0208,2017-06-15,R12,many\n"
            "Misrata,LY0214,2017-06-08,R11,1234\n"
        ).encode(),
        "scan.pdf.txt": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n",
        "report.docx": _docx(),
        "name with spaces é سرت.md": _story(617).encode(),
        f"evil{RLO}dm.exe": _story(618).encode(),
        "Robert'); DROP TABLE documents;--.md": _story(619)
        .replace("the committee said", "'); DROP TABLE figures; --")
        .encode(),
        "=HYPERLINK(formula).md": _story(620)
        .replace("the committee said", '=HYPERLINK("http://x","y") +cmd|calc')
        .encode(),
    }
    files["copy of invalid-utf8.md"] = files["invalid-utf8.md"]
    for name, content in files.items():
        (inbox / name).write_bytes(content)
    with open(os.fsencode(inbox) + b"/caf\xe9-latin1-name.md", "wb") as handle:
        handle.write(_story(621).encode())
    (inbox / "escape.txt").symlink_to(outside / "secret.txt")
    (inbox / "escape-dir").symlink_to(outside, target_is_directory=True)
    (inbox / "dangling.txt").symlink_to(inbox / "no-such-file.txt")
    os.mkfifo(inbox / "pipe.txt")
    with (inbox / "too-large.txt").open("wb") as handle:
        handle.truncate(MAX_DOCUMENT_BYTES + 1)  # sparse: costs no disk, would cost memory

    return {
        "empty.txt": ("rejected", "empty file", None),
        "binary-junk.txt": ("failed", "binary content", None),
        "sirte-windows-1256.md": ("loaded", None, 611),
        "sirte-iso-8859-6.md": ("loaded", None, 612),
        "sirte-utf-16.txt": ("loaded", None, 613),
        "copy of invalid-utf8.md": ("loaded", None, 614),  # first in name order
        "invalid-utf8.md": ("duplicate", "same bytes as document", None),
        "ragged.csv": ("failed", "not a readable CSV", None),
        "unclosed-quote.csv": ("failed", "not a readable CSV", None),
        "wrong-delimiter.csv": ("no_figures", "no return figures", None),
        "deeply-nested.json": ("rejected", "'.json' is not read", None),
        "huge.json": ("rejected", "'.json' is not read", None),
        "bad-front-matter.md": ("loaded", None, 615),
        "future-date.md": ("no_figures", "in the future", None),
        "impossible-date.md": ("loaded", None, 622),
        "unreadable-published.md": ("loaded", None, 624),  # its year from the day of the run
        "ancient-date.md": ("no_figures", "before 1990", None),
        "implausible.md": ("no_figures", "quarantined", None),
        "overflow.md": ("no_figures", "quarantined", None),
        "negative-counts.csv": ("loaded", None, 1234),
        "scan.pdf.txt": ("rejected", "bytes are a PDF", None),
        "report.docx": ("rejected", "'.docx' is not read", None),
        "name with spaces é سرت.md": ("loaded", None, 617),
        f"evil{RLO}dm.exe": ("rejected", "'.exe' is not read", None),
        "Robert'); DROP TABLE documents;--.md": ("loaded", None, 619),
        "=HYPERLINK(formula).md": ("loaded", None, 620),
        "caf\\xe9-latin1-name.md": ("loaded", None, 621),
        "escape.txt": ("rejected", "symlink leads out", None),
        "escape-dir": ("rejected", "symlink leads out", None),
        "dangling.txt": ("rejected", "cannot be read", None),
        "pipe.txt": ("rejected", "not a regular file", None),
        "too-large.txt": ("rejected", "byte limit", None),
    }
