"""Bytes to text: UTF-8 first, then the encoding charset-normalizer finds most likely."""

from __future__ import annotations

from charset_normalizer import from_bytes

from returnwatch.parse.errors import ParseError


def decode_text(content: bytes) -> tuple[str, str]:
    """Return the text and the name of the encoding it was read with."""
    if b"\x00" in content[:4096]:
        raise ParseError("binary content (NUL bytes) under a text name; supply the text itself")
    try:
        return content.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(content).best()
    if best is None:
        raise ParseError("not text in any known encoding; save it as UTF-8")
    return str(best), best.encoding
