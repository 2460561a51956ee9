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
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate

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


_NON_ASCII = re.compile(r"([^\x00-\x7f]+)")  # split out (captured) from the ASCII between
_ASCII_WORDS = re.compile(r"([a-z0-9]+)")  # in lowercased ASCII, split out from the rest


class SurfaceMap:
    """The surface form of a text, and the way back from each of its characters to the
    index of the text it came from (`origin`).

    Text between non-ASCII runs is folded a stretch at a time by C-level string methods
    (lowercase, split into words, join with single spaces), and the way back from a
    character of such a stretch is worked out only when asked (a scan asks for a few
    mention ends, not for every character); non-ASCII characters are folded one by one."""

    def __init__(self, text: str) -> None:
        self._parts: list[str] = []
        self._starts: list[int] = []  # where each stretch starts in the surface form
        self._stretches: list[tuple] = []  # ("ascii", offset, pieces, lead) | ("chars", origins)
        self._length = 0
        self._last = ""  # the last character of the surface form so far
        self._offsets: dict[int, tuple[list[str], list[int], list[int]]] = {}
        offset = 0
        for index, segment in enumerate(_NON_ASCII.split(text)):
            if index % 2 == 0:
                self._add_ascii(segment, offset)
            else:
                self._add_chars(segment, offset)
            offset += len(segment)
        self.text = "".join(self._parts)
        if self.text.endswith(" "):
            self.text = self.text[:-1]

    def _add(self, folded: str, stretch: tuple) -> None:
        if folded:
            self._starts.append(self._length)
            self._stretches.append(stretch)
            self._parts.append(folded)
            self._length += len(folded)
            self._last = folded[-1]

    def _add_ascii(self, segment: str, offset: int) -> None:
        if not segment:
            return
        pieces = _ASCII_WORDS.split(segment.lower())  # separator, word, …, word, separator
        lead = " " if pieces[0] and self._last not in ("", " ") else ""
        if len(pieces) == 1:  # punctuation and spaces only
            self._add(lead, ("ascii", offset, pieces, lead))
            return
        trail = " " if pieces[-1] else ""
        self._add(lead + " ".join(pieces[1::2]) + trail, ("ascii", offset, pieces, lead))

    def _add_chars(self, segment: str, offset: int) -> None:
        chars: list[str] = []
        origins: list[int] = []
        last = self._last
        for at, ch in enumerate(segment, offset):
            for out in _fold_char(ch):
                if out == " " and last in ("", " "):
                    continue
                chars.append(out)
                origins.append(at)
                last = out
        self._add("".join(chars), ("chars", origins))

    def origin(self, position: int) -> int:
        """The index in the text of the surface form's character at ``position``."""
        which = bisect_right(self._starts, position) - 1
        local = position - self._starts[which]
        stretch = self._stretches[which]
        if stretch[0] == "chars":
            return stretch[1][local]
        _, offset, pieces, lead = stretch
        if lead:
            if local == 0:
                return offset  # the space of the separator the stretch starts with
            local -= 1
        words, ends, folded_starts = self._word_offsets(which, pieces)
        word = bisect_right(folded_starts, local) - 1
        within = local - folded_starts[word]
        start = ends[2 * word + 1] - len(words[word])
        return offset + start + within  # within a word, or its end: the space after it

    def _word_offsets(
        self, which: int, pieces: list[str]
    ) -> tuple[list[str], list[int], list[int]]:
        """A stretch's words, the ends of its pieces in the text (``ends[2j + 1]``: the
        end of word j) and where each word starts in the folded stretch; worked out once."""
        if which not in self._offsets:
            words = pieces[1::2]
            ends = list(accumulate(map(len, pieces)))
            folded_starts = list(accumulate((len(w) + 1 for w in words[:-1]), initial=0))
            self._offsets[which] = (words, ends, folded_starts)
        return self._offsets[which]


def surface_with_map(text: str) -> tuple[str, list[int]]:
    """The surface form of `text` and, for each of its characters, the index it came from."""
    folded = SurfaceMap(text)
    return folded.text, [folded.origin(i) for i in range(len(folded.text))]


def surface(text: str) -> str:
    """The surface form of `text` (see the module docstring)."""
    return SurfaceMap(text).text


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
