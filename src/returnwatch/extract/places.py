"""Which places a figure's clause names (the resolve stage turns them into an area)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from returnwatch.extract.sentences import Sentence
from returnwatch.extract.vocabulary import CLAUSE_BREAK
from returnwatch.gazetteer import Gazetteer, Mention
from returnwatch.gazetteer.phrases import SEPARATOR

CONTEXT_KINDS = ("settlement", "baladiya", "mantika")
# "most of them from Misrata": where people came from, not where they returned to
ORIGIN = re.compile(r"\b(?:from|left|leaving|fled|fleeing)\s+(?:the\s+)?(?:city\s+of\s+)?$", re.I)
# "who had been living in camps in Tripoli and Benghazi": where people stayed while displaced
STAYED_IN = re.compile(
    r"\b(?:living|lived|staying|stayed|sheltering|sheltered|hosted|camped|camps?)\b[^,.;]{0,40}?"
    r"\b(?:in|at)\s+(?:the\s+)?(?:(?:[A-Z][\w'’-]*|al-[\w'’-]+)(?:\s+[A-Z][\w'’-]*)?\s*(?:,|and|or)\s+)*$"
)
IN_PARENS = re.compile(r"\s*\([^()]{1,40}\)")  # "400 families (Misrata)"
COMPOUND = re.compile(r"-[a-z]")  # "Tripoli-based" names no place
FREE_PLACE = re.compile(
    r"\b(?:to|in|into)\s+(?:the\s+)?(?P<place>(?:[A-Z][\w'’-]*|al-[\w'’-]+)"
    r"(?:\s+(?:[A-Z][\w'’-]*|al-[\w'’-]+|\d+))*)"
)


@dataclass(frozen=True)
class Place:
    text: str | None  # the clause's place phrases, joined by SEPARATOR
    context: str | None  # the area the document is about, to resolve the phrases within


class PlacePicker:
    """Places mentioned in one document, and the settlement the document is about."""

    def __init__(self, gazetteer: Gazetteer, text: str, body_start: int) -> None:
        self.gazetteer = gazetteer
        self.mentions = [
            m
            for m in gazetteer.find_mentions(text)
            if m.start >= body_start and not COMPOUND.match(text, m.end)
        ]
        self._starts = [m.start for m in self.mentions]  # in text order
        self.context = self._document_context()

    def _starting_in(self, start: int, end: int) -> list[Mention]:
        """The mentions that start at ``start``..``end`` (by bisection: a long report has
        hundreds of mentions, and every figure asks)."""
        return self.mentions[bisect_left(self._starts, start) : bisect_left(self._starts, end)]

    def _document_context(self) -> str | None:
        counts: Counter[str] = Counter()
        for mention in self.mentions:
            context = _context_of(self.gazetteer, mention.text)
            if context:
                counts[context] += 1
        return counts.most_common(1)[0][0] if counts else None

    def country(self) -> str | None:
        """The country of the area the document is about."""
        return self.gazetteer.area(self.context).country if self.context else None

    def is_place(self, text: str) -> bool:
        """Whether a phrase is only a place name (so not a speaker)."""
        return self.gazetteer.resolve(text, within=self.context).area_id is not None

    def pick(
        self, sentence: Sentence, at: int, end: int, left: int, right: int, previous: list[Sentence]
    ) -> Place:
        """Places of the figure at sentence offsets ``at``..``end`` in clause ``left``..``right``:
        those after it up to the next comma (or in the parentheses right after it: "400
        families (Misrata) and …"), else after it in its clause, else before it, else a
        capitalised "to X", else the first place of an earlier sentence of its paragraph
        (for a paragraph's first sentence, the previous paragraph's last)."""
        base = sentence.start
        clause = self._starting_in(base + left, base + right)
        stop = CLAUSE_BREAK.search(sentence.text, end, right)
        parens = IN_PARENS.match(sentence.text, end, right)
        own_end = base + (parens.end() if parens else stop.start() if stop else right)
        group = (
            [m for m in clause if base + end <= m.start < own_end]
            or [m for m in clause if m.start >= base + end]
            or [m for m in clause if m.start < base + at]
        )
        destinations = [m for m in group if not ORIGIN.search(sentence.text[: m.start - base])]
        stayed = [m for m in group if STAYED_IN.search(sentence.text[: m.start - base])]
        destinations = [m for m in destinations if m not in stayed]
        if destinations or (group and len(stayed) < len(group)):
            return self._place(destinations or group)
        free = FREE_PLACE.search(sentence.text[end:right])
        if free:
            return Place(free.group("place"), self.context)
        earlier_here = self._starting_in(base, base + left)
        if earlier_here:
            return self._place(earlier_here[-1:])
        for earlier in _lookback(sentence, previous):
            inside = self._starting_in(earlier.start, earlier.end)
            if inside:
                return self._place(inside)
        return Place(None, self.context)

    def document_place(self) -> Place:
        """The settlement the document is about, for "returned home" / "to the town"."""
        if self.context is None:
            return Place(None, None)
        return Place(self.gazetteer.area(self.context).name, self.context)

    def _place(self, group: list[Mention]) -> Place:
        return Place(SEPARATOR.join(" ".join(m.text.split()) for m in group), self.context)


@lru_cache(maxsize=4096)
def _context_of(gazetteer: Gazetteer, text: str) -> str | None:
    """The settlement (else baladiya, else mantika) a place name lies in, if any.
    Remembered: the same names recur in every document, and a gazetteer does not change."""
    area_id = gazetteer.resolve(text).area_id
    for kind in CONTEXT_KINDS if area_id else ():
        area = gazetteer.nearest(area_id, kind)
        if area:
            return area.area_id
    return None


def _lookback(sentence: Sentence, previous: list[Sentence]) -> list[Sentence]:
    same = [p for p in previous if p.paragraph == sentence.paragraph]
    if same:
        return same[::-1]
    return previous[-1:]
