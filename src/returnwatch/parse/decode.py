"""Bytes to text: UTF-8 first, then the encoding charset-normalizer finds most likely."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from returnwatch.config import LEGACY_ENCODINGS
from returnwatch.parse.errors import ParseError

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(content: bytes) -> tuple[str, str]:
    """Return the text and the name of the encoding it was read with."""
    for bom, encoding in BOMS:  # UTF-16/32 hold NUL bytes: read them before the binary test
        if content.startswith(bom):
            try:
                return content.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    if b"\x00" in content[:4096]:
        raise ParseError("binary content (NUL bytes) under a text name; supply the text itself")
    try:
        return content.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(content, cp_isolation=list(LEGACY_ENCODINGS)).best()
    best = best or from_bytes(content).best()
    if best is None:
        raise ParseError("not text in any known encoding; save it as UTF-8")
    return str(best), best.encoding
