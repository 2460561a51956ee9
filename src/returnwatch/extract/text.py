"""Return figures in free text, read sentence by sentence the way an analyst would.

A figure is a number followed by a unit of people (families, households, people,
residents …) in a clause that says they returned, and not that they will. Its
place is the most specific gazetteer place of that clause, its date the clause's
date phrase (else the document's published date), its speaker the organisation
the sentence quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from returnwatch.extract import vocabulary as vocab
from returnwatch.extract.dates import DateMention, find_dates, period_end
from returnwatch.extract.figure import Figure
from returnwatch.extract.numbers import NumberMention, find_numbers
from returnwatch.extract.places import Place, PlacePicker
from returnwatch.extract.sentences import Sentence, split_sentences
from returnwatch.extract.speakers import abbreviations, speaker
from returnwatch.gazetteer import Gazetteer

METHOD = "text-rules/1"
EXCERPT_CHARS = 400


@dataclass(frozen=True)
class _Candidate:
    number: NumberMention
    unit: str
    unit_word: str
    unit_start: int  # sentence-relative
    end: int  # end of the unit word, sentence-relative
    low: NumberMention | None = None  # the low end of a range

    @property
    def first(self) -> NumberMention:
        return self.low or self.number


def extract_text_figures(
    document_id: str,
    file: str,
    text: str,
    body_start: int,
    published: date | None,
    gazetteer: Gazetteer,
) -> list[Figure]:
    """Every return figure in ``text`` (spans index ``text``; the body starts at ``body_start``)."""
    body = text[body_start:]
    reader = _Reader(
        published=published,
        places=PlacePicker(gazetteer, text, body_start),
        known=abbreviations(body),
        base=Figure(
            document_id=document_id, file=file, quantity=0, unit="", figure_type="", method=METHOD
        ),
    )
    sentences = split_sentences(body, offset=body_start)
    figures: list[Figure] = []
    for index, sentence in enumerate(sentences):
        figures += reader.sentence_figures(sentence, sentences[:index])
    return figures


@dataclass
class _Reader:
    """Reads one document's sentences in order, remembering who spoke last."""

    published: date | None
    places: PlacePicker
    known: dict[str, str]
    base: Figure
    last_speaker: str | None = None

    def sentence_figures(self, sentence: Sentence, previous: list[Sentence]) -> list[Figure]:
        s = sentence.text
        dates = find_dates(s, self.published)
        numbers = [n for n in find_numbers(s) if not any(d.start <= n.start < d.end for d in dates)]
        candidates = _candidates(s, numbers)
        said = speaker(s, len(s), self.known, self.places.is_place)
        out: list[Figure] = []
        for i, cand in enumerate(candidates):
            left = candidates[i - 1].end if i else 0
            right = candidates[i + 1].number.start if i + 1 < len(candidates) else len(s)
            pair = _pair_of(s, candidates, i)
            if pair is not None:
                if out and out[-1].span_end == sentence.start + pair.end:
                    other = self._paired(out[-1], cand, sentence)
                    out[-1] = out[-1].with_(paired_figure_id=other.figure_id)
                    out.append(other.with_(paired_figure_id=out[-1].figure_id))
                continue
            clause = s[left:right]
            if not _is_return(clause, previous, sentence):
                continue
            out.append(self._figure(sentence, cand, left, right, dates, previous))
        if said:
            self.last_speaker = said
        return out

    def _figure(self, sentence, cand, left, right, dates, previous) -> Figure:
        s = sentence.text
        clause = s[left:right]
        first = cand.first
        when = _date_for(s, dates, first.start, left, right)
        as_of = when is not None and bool(
            vocab.AS_OF.search(s[max(0, when.start - 12) : when.start])
        )
        is_stock = bool(vocab.STOCK_CUE.search(clause)) or as_of or _counts_returnees(s, cand)
        event_date = when.value if when else self.published
        if when and is_stock:
            event_date = period_end(when.value, when.precision, self.published)
        place = self._place(sentence, cand, left, right, previous)
        stage = vocab.STAGE.search(s)
        said = speaker(s, first.start, self.known, self.places.is_place) or self.last_speaker
        return self.base.with_(
            quantity=first.value,
            quantity_high=cand.number.value if cand.low else None,
            qualifier="range" if cand.low else vocab.qualifier_before(s[left : first.start]),
            unit=cand.unit,
            figure_type="stock" if is_stock else "flow",
            stage=vocab.stage_number(stage) if stage else None,
            event_date=event_date,
            date_precision=when.precision if when else ("day" if self.published else None),
            date_text=when.text if when else None,
            location_text=place.text,
            location_context=place.context,
            announced_by=said,
            excerpt=_excerpt(s, first.start),
            span_start=sentence.start + first.start,
            span_end=sentence.start + cand.end,
        )

    def _place(self, sentence, cand, left, right, previous) -> Place:
        clause = sentence.text[left:right]
        country = self.places.country()
        if country and vocab.NATIONAL.search(clause):
            return Place(country, None)
        return self.places.pick(sentence, cand.first.start, cand.end, left, right, previous)

    def _paired(self, figure: Figure, cand: _Candidate, sentence: Sentence) -> Figure:
        """The same return given again in the other unit ("4,137 families, or about 20,688 people")."""
        return figure.with_(
            quantity=cand.number.value,
            unit=cand.unit,
            qualifier=vocab.qualifier_before(sentence.text[: cand.number.start]),
            span_start=sentence.start + cand.number.start,
            span_end=sentence.start + cand.end,
        )


def _pair_of(s: str, candidates: list[_Candidate], i: int) -> _Candidate | None:
    if i == 0:
        return None
    before = candidates[i - 1]
    if before.unit == candidates[i].unit or candidates[i].low is not None:
        return None
    gap = s[before.end : candidates[i].number.start]
    return before if vocab.PAIRED_UNIT.match(gap) else None


def _counts_returnees(s: str, cand: _Candidate) -> bool:
    """ "382,222 returnees" counts people who have returned (a stock); "new returnees" a flow."""
    if cand.unit_word.lower() not in {"returnees", "returnee"}:
        return False
    return not vocab.NEW_RETURNEES.search(s[: cand.unit_start])


def _candidates(s: str, numbers: list[NumberMention]) -> list[_Candidate]:
    found: list[_Candidate] = []
    for i, number in enumerate(numbers):
        match = vocab.UNIT_AFTER.match(s[number.end :])
        if not match or vocab.NOT_DESCRIBING.match(
            s[number.end : number.end + match.start("unit")]
        ):
            continue
        word = match.group("unit")
        low = _range_low(s, numbers[i - 1], number) if i else None
        found.append(
            _Candidate(
                number,
                vocab.UNIT_WORDS[word.lower()],
                word,
                number.end + match.start("unit"),
                number.end + match.end("unit"),
                low,
            )
        )
    return found


def _range_low(s: str, low: NumberMention, high: NumberMention) -> NumberMention | None:
    if not vocab.RANGE_JOIN.match(s[low.end : high.start]) or low.value >= high.value:
        return None
    joined_by_and = s[low.end : high.start].strip().lower() == "and"
    if joined_by_and and not vocab.BETWEEN.search(s[: low.start]):
        return None
    return low


def _is_return(clause: str, previous: list[Sentence], sentence: Sentence) -> bool:
    """The clause says people returned (and not that they will); a bare total ("put the
    total at 5,325 families") counts when the sentence before it speaks of returns."""
    if vocab.NOT_YET.search(clause):
        return False
    if vocab.RETURN_CUE.search(clause):
        return True
    before = previous[-1] if previous else None
    return bool(
        vocab.STOCK_CUE.search(clause)
        and before is not None
        and before.paragraph == sentence.paragraph
        and vocab.RETURN_CUE.search(before.text)
        and not vocab.NOT_YET.search(before.text)
    )


def _date_for(
    s: str, dates: list[DateMention], at: int, left: int, right: int
) -> DateMention | None:
    """The clause's own date phrase nearest the number, preferring one it is "as of"
    ("by last Sunday"), else the sentence's nearest before it."""
    inside = [d for d in dates if left <= d.start < right]
    as_of = [d for d in inside if vocab.AS_OF.search(s[max(0, d.start - 12) : d.start])]
    pool = as_of or inside or [d for d in dates if d.start < at] or dates
    return min(pool, key=lambda d: abs(d.start - at)) if pool else None


def _excerpt(s: str, at: int) -> str:
    if len(s) <= EXCERPT_CHARS:
        return s
    start = max(0, min(at - EXCERPT_CHARS // 2, len(s) - EXCERPT_CHARS))
    return re.sub(r"\s+", " ", s[start : start + EXCERPT_CHARS]).strip()
