"""What the words of a figure's clause say (it returned, it is still to return, someone is
quoted) and where the clause ends."""

from __future__ import annotations

import re

from returnwatch.extract import vocabulary as vocab
from returnwatch.extract.arabic_speakers import quotes_someone_arabic
from returnwatch.extract.sentences import Sentence
from returnwatch.extract.when import RoledDate

_SPEECH_WORDS = ("said", "says", "announced", "stated", "reported", "confirmed", "declared")
_SPEECH_WORDS += ("told", "according")
SPEECH = re.compile(rf"\b(?:{'|'.join(_SPEECH_WORDS)})\b")


def quotes_someone(s: str) -> bool:
    """``SPEECH.search(s)``, run only when one of its words is in the sentence at all (most
    sentences hold none, and a substring test is far cheaper than the search)."""
    if any(word in s for word in _SPEECH_WORDS) and SPEECH.search(s) is not None:
        return True
    return not s.isascii() and quotes_someone_arabic(s)


def is_return(clause: str, previous: list[Sentence], sentence: Sentence, own: int) -> bool:
    """The clause says people returned (and not that they will: checked on its first
    ``own`` characters, before a later "and that 500 will return"); a bare total ("put
    the total at 5,325 families") counts when the sentence before speaks of returns."""
    if vocab.not_yet(clause[:own]):
        return False
    if return_cue(clause):
        return True
    before = previous[-1] if previous else None
    return bool(
        (vocab.STOCK_CUE.search(clause) or vocab.DID_SO.search(clause))
        and before is not None
        and before.paragraph == sentence.paragraph
        and return_cue(before.text)
        and not vocab.not_yet(before.text)
    )


def verb_left_out(s: str, left: int, start: int, end: int, own: int) -> bool:
    """The count at ``start``..``end`` is joined to the figure before it (which ends at
    ``left``) with its verb left out: "400 families returned to Misrata and 300 families to
    Tripoli on 1 March". ``own``: where its own words end."""
    return (
        vocab.ELLIPTICAL_BEFORE.search(s, left, start) is not None
        and vocab.ELLIPTICAL_AFTER.match(s, end) is not None
        and not return_cue(s[end:own])
    )


def return_cue(text: str) -> bool:
    return vocab.search(vocab.RETURN_CUE, vocab.RETURN_CUE_WORDS, text) is not None


def present_perfect(text: str) -> bool:
    return vocab.search(vocab.PRESENT_PERFECT, vocab.PRESENT_PERFECT_WORDS, text) is not None


def cut_before(s: str, end: int, right: int) -> int:
    """Cue words of the next figure are not this one's: stop at the last comma, semicolon
    or "and that"/"while"/"but" between this figure and the next."""
    cuts = [m.start() for m in vocab.CLAUSE_BREAK.finditer(s, end, right)]
    return cuts[-1] if cuts else right


def without_earlier_total(s: str, dated: list[RoledDate], at: int, right: int) -> list[RoledDate]:
    """The dates of an earlier total the figure is compared with are not its own: "15,000
    people have returned, up from 12,000 in March" is counted now, not in March."""
    compared = vocab.UP_FROM.search(s, at, right)
    if compared is None:
        return dated
    stop = vocab.COMPARED_END.search(s, compared.end(), right)
    end = stop.start() if stop else right
    return [d for d in dated if not compared.start() <= d.start < end]
