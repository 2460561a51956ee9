"""Normalise place text so spellings that differ only in case, marks or punctuation compare equal.

Two forms are used:
- the *surface* form (casefolded, marks and tatweel removed, Arabic letter variants and
  digits unified, every punctuation mark or symbol turned into a space, spaces collapsed)
  is what free text is scanned in; `surface_with_map` keeps the way back to the original
  characters so mentions keep their spans;
- the *key* form is the surface form without a leading article ("al-", "el-", "the", "ال"),
  used to look up place text that is already known to be a place.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_DIGITS = "0123456789"
_CHAR_MAP: dict[str, str] = {
    **{arabic: ascii_ for arabic, ascii_ in zip("٠١٢٣٤٥٦٧٨٩", _DIGITS, strict=True)},
    **{persian: ascii_ for persian, ascii_ in zip("۰۱۲۳۴۵۶۷۸۹", _DIGITS, strict=True)},
    "\u0640": "",  # tatweel: stretches a word, never changes it
    "\u0671": "\u0627",  # alef wasla -> alef
    "\u0629": "\u0647",  # taa marbuta -> haa: Misrata is spelt with either
    "\u0649": "\u064a",  # alef maqsura -> yaa, as often written
    "\u06a9": "\u0643",  # Persian keheh -> kaf
    "\u06cc": "\u064a",  # Persian yeh -> yaa
}
_LATIN_ARTICLES = frozenset({"al", "el", "the", "ad", "an", "ar", "as", "ash", "at", "az"})
_ARABIC_ARTICLE = "ال"


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """The surface form of one character: "", " ", or one or more folded characters."""
    if ch in _CHAR_MAP:
        return _CHAR_MAP[ch]
    out: list[str] = []
    for part in unicodedata.normalize("NFKD", ch.casefold()):
        category = unicodedata.category(part)
        if category in ("Mn", "Me", "Cf"):
            continue
        if category[0] in "PSZC":
            out.append(" ")
        else:
            out.append(_CHAR_MAP.get(part, part))
    return "".join(out)


# ASCII letter-and-digit runs and non-ASCII runs, split out (captured) from the ASCII
# punctuation and spaces between them
_RUNS = re.compile(r"([A-Za-z0-9]+|[^\x00-\x7f]+)")


def surface_with_map(text: str) -> tuple[str, list[int]]:
    """The surface form of `text` and, for each of its characters, the index it came from.

    ASCII letters and digits are folded a run at a time (the common case, and fast);
    other characters one by one. The text is split once, so runs need no match objects."""
    chars: list[str] = []
    origin: list[int] = []
    position = 0
    for index, piece in enumerate(_RUNS.split(text)):
        end = position + len(piece)
        if index % 2 == 0:  # ASCII punctuation and spaces between runs (maybe none)
            if piece and chars and chars[-1] != " ":
                chars.append(" ")
                origin.append(position)
        elif piece[0].isascii():
            chars.append(piece.lower())
            origin.extend(range(position, end))
        else:
            for at in range(position, end):
                for out in _fold_char(text[at]):
                    if out == " " and (not chars or chars[-1] == " "):
                        continue
                    chars.append(out)
                    origin.append(at)
        position = end
    if chars and chars[-1] == " ":
        chars.pop()
        origin.pop()
    return "".join(chars), origin


def surface(text: str) -> str:
    """The surface form of `text` (see the module docstring)."""
    return surface_with_map(text)[0]


def key(text: str) -> str:
    """The lookup key of `text`: its surface form without leading articles."""
    tokens = surface(text).split(" ")
    while len(tokens) > 1 and tokens[0] in _LATIN_ARTICLES:
        tokens = tokens[1:]
    first = tokens[0]
    if first.startswith(_ARABIC_ARTICLE) and len(first) > len(_ARABIC_ARTICLE) + 1:
        tokens[0] = first[len(_ARABIC_ARTICLE) :]
    return " ".join(tokens)


def is_numeric(normalised: str) -> bool:
    """True when a normalised text holds only numbers, such as "700" or "3 4"."""
    tokens = normalised.split()
    return bool(tokens) and all(token.isdigit() for token in tokens)


def digits_of(normalised: str) -> tuple[str, ...]:
    """The runs of digits in a normalised text, in order ("hay 700" -> ("700",))."""
    runs: list[str] = []
    current = ""
    for ch in normalised:
        if ch.isdigit():
            current += ch
        elif current:
            runs.append(current)
            current = ""
    if current:
        runs.append(current)
    return tuple(runs)
