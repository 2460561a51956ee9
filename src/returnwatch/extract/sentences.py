"""Split text into sentences with their character spans (Markdown lines count as breaks)."""

from __future__ import annotations

import re
from dataclasses import dataclass

EXCERPT_CHARS = 400

ABBREVIATIONS = {
    "no",
    "nos",
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "gen",
    "col",
    "lt",
    "e.g",
    "i.e",
    "approx",
    "km",
    "vs",
    "u.s",
    "u.n",
}
_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9\u0600-\u06ff])")
LAST_WORD = re.compile(r"([\w.]+)[.!?…]+\S*\Z")  # \Z: "$" also matches before a final "\n"
LIST_NUMBER = re.compile(r"\s*\d{1,3}[.)]")
_BREAK = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*+]\s|\d+[.)]\s|#|\|))")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


def split_sentences(text: str, offset: int = 0) -> list[Sentence]:
    """Sentences of ``text``; spans are shifted by ``offset`` (the body's place in the file)."""
    sentences: list[Sentence] = []
    for paragraph, (block_start, block) in enumerate(_blocks(text)):
        start = 0
        for match in _END.finditer(block):
            word = _last_word(block, match.end())
            if word and word.group(1).lower().rstrip(".") in ABBREVIATIONS:
                continue
            if LIST_NUMBER.fullmatch(block[start : match.end()]):
                continue
            _add(sentences, block, start, match.end(), block_start + offset, paragraph)
            start = match.end()
        _add(sentences, block, start, len(block), block_start + offset, paragraph)
    return sentences


def _last_word(block: str, end: int) -> re.Match[str] | None:
    """``LAST_WORD.search(block, end - 40, end)``, tried only on the window's last run of
    non-space characters: a match holds no space and ends at ``end``, so none starts
    earlier, and the search does not retry the window's every position."""
    start = max(0, end - 40)
    tail = block[start:end].split()
    if not tail or block[end - 1].isspace():
        return None
    return LAST_WORD.search(block, end - len(tail[-1]), end)


def _blocks(text: str) -> list[tuple[int, str]]:
    blocks, start = [], 0
    for match in _BREAK.finditer(text):
        blocks.append((start, text[start : match.start()]))
        start = match.end()
    blocks.append((start, text[start:]))
    return blocks


def _add(out: list[Sentence], block: str, start: int, end: int, shift: int, paragraph: int) -> None:
    piece = block[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    begin = shift + start + lead
    out.append(Sentence(begin, begin + len(stripped), stripped, paragraph))


def excerpt(s: str, at: int) -> str:
    """``s``, or its EXCERPT_CHARS characters around offset ``at`` when it is longer."""
    if len(s) <= EXCERPT_CHARS:
        return s
    start = max(0, min(at - EXCERPT_CHARS // 2, len(s) - EXCERPT_CHARS))
    return re.sub(r"\s+", " ", s[start : start + EXCERPT_CHARS]).strip()
