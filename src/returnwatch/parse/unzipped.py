"""How much a workbook (a zip) unzips to, judged before calamine opens it.

First from the sizes its central directory declares (free, nothing unzipped), then by
inflating each deflated part through ``zipfile`` with a byte cap, not trusting those sizes:
a zip whose headers understate its parts would pass the first check. Inflating stops at
the cap, so a zip bomb costs at most the cap (some 100 ms per 50 MiB).
"""

from __future__ import annotations

import copy
import io
import struct
import zipfile

from returnwatch.parse.errors import ParseError

MOST_UNZIPPED = 500 * 1024 * 1024
"""The most a workbook's parts may unzip to, together (500 MiB: a 20 MB workbook of DTM
rows unzips to some 160 MB; its XML compresses 5 to 20 times)."""
MOST_RATIO = 100
RATIO_FLOOR = 20 * 1024 * 1024
"""A part over this size (the document limit) that unzips to more than MOST_RATIO times its
zipped size is a zip bomb's, not a sheet's."""
CHUNK = 1024 * 1024
"""Bytes inflated at a time while measuring a part."""


class WorkbookUnread(ParseError):
    """A workbook that is not read on purpose: no sheet has a hashtag row, or it would unzip
    to too much."""


def check_unzipped_size(content: bytes) -> None:
    """WorkbookUnread when the parts of the workbook (a zip) unzip to more than MOST_UNZIPPED
    together or a part to a zip bomb's ratio, whether its headers say so or not; a file that
    is no zip is left to the workbook reader to explain."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        return
    with archive:
        parts = archive.infolist()
        said = _declared_excess(parts) or _inflated_excess(archive, parts, content)
    if said is not None:
        raise WorkbookUnread(
            f"workbook not opened: {said}; if it is a real workbook, delete empty rows and"
            " columns or split it, or export the sheet as CSV"
        )


def _declared_excess(parts: list[zipfile.ZipInfo]) -> str | None:
    """What is too much in the sizes the parts declare, if anything."""
    for part in parts:
        if _bomb_ratio(part, part.file_size):
            return _ratio_said(part, f"{part.file_size:,}")
    total = sum(part.file_size for part in parts)
    return _total_said(f"{total:,}") if total > MOST_UNZIPPED else None


def _inflated_excess(
    archive: zipfile.ZipFile, parts: list[zipfile.ZipInfo], content: bytes
) -> str | None:
    """What is too much in what the parts really unzip to, inflating each up to its cap."""
    total = 0
    for part in parts:
        if part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise WorkbookUnread(
                f"workbook not opened: its part {part.filename!r} is compressed with zip method"
                f" {part.compress_type}, which Excel and LibreOffice never write; open it in"
                " Excel or LibreOffice and save it again as .xlsx, or export the sheet as CSV"
            )
        if part.compress_type == zipfile.ZIP_STORED:  # stored: as many bytes as it holds
            total += min(part.compress_size, len(content))
            continue
        cap = min(MOST_UNZIPPED - total, max(RATIO_FLOOR, MOST_RATIO * part.compress_size)) + 1
        unzipped = _inflate(archive, part, content, cap)
        if _bomb_ratio(part, unzipped):
            return _ratio_said(
                part, f"at least {unzipped:,}", f", not the {part.file_size:,} it says"
            )
        total += unzipped
        if total > MOST_UNZIPPED:
            return _total_said(f"at least {total:,}", ", more than their headers say")
    return None


def _inflate(archive: zipfile.ZipFile, part: zipfile.ZipInfo, content: bytes, cap: int) -> int:
    """Bytes the part inflates to, up to ``cap``: its declared sizes are set to all the file
    holds after its local header, so that only the end of its deflate stream (or the cap)
    stops it."""
    measured = copy.copy(part)
    measured.file_size = cap + CHUNK + 1  # the cap stops it first, never zipfile's size
    unzipped = 0
    try:
        measured.compress_size = len(content) - _data_start(content, part)
        with archive.open(measured) as stream:
            while unzipped <= cap and (chunk := stream.read(CHUNK)):
                unzipped += len(chunk)
    except (zipfile.BadZipFile, RuntimeError, EOFError, OSError, ValueError, struct.error):
        pass  # broken, encrypted or cut short: the workbook reader says so when it opens it
    return unzipped


def _data_start(content: bytes, part: zipfile.ZipInfo) -> int:
    """Where the part's data begins: after its local header, whose name and extra field
    lengths may differ from the central directory's."""
    start = part.header_offset + zipfile.sizeFileHeader
    name, extra = struct.unpack_from("<HH", content, start - 4)
    return start + name + extra


def _bomb_ratio(part: zipfile.ZipInfo, unzipped: int) -> bool:
    return unzipped > RATIO_FLOOR and unzipped > MOST_RATIO * max(1, part.compress_size)


def _ratio_said(part: zipfile.ZipInfo, unzipped: str, note: str = "") -> str:
    return (
        f"its part {part.filename!r} unzips from {part.compress_size:,} to {unzipped} bytes"
        f"{note} (over {MOST_RATIO} times: a zip bomb's ratio, not a sheet's)"
    )


def _total_said(total: str, note: str = "") -> str:
    return f"its parts unzip to {total} bytes{note} (over {MOST_UNZIPPED:,})"
