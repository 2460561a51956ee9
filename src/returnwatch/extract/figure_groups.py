"""Figures read together: the same return in another unit, the parts of a total, a list's
items that share the date the list gives at its end, and a headline's figure that the
story repeats (not another return)."""

from __future__ import annotations

from returnwatch.extract import vocabulary as vocab
from returnwatch.extract.figure import Figure
from returnwatch.extract.parts import Part
from returnwatch.extract.sentences import Sentence
from returnwatch.extract.units import Candidate


def without_headline_repeats(figures: list[Figure], sentences: list[Sentence]) -> list[Figure]:
    """A headline ("150 families return to Tawergha", a line of its own with no full stop
    before the story) sums up the story: its figure is the story's, not another return, when
    the story gives the same count in the same unit."""
    if len(sentences) < 2 or sentences[0].paragraph == sentences[1].paragraph:
        return figures
    head = sentences[0]
    if head.text.rstrip().endswith((".", "!", "?", ":", "…", "。")):
        return figures
    in_head = [
        f for f in figures if f.span_start is not None and head.start <= f.span_start < head.end
    ]
    told = {(f.quantity, f.unit) for f in figures if f not in in_head}
    repeats = {id(f) for f in in_head if (f.quantity, f.unit) in told}
    return [f for f in figures if id(f) not in repeats]


def share_list_date(figures: list[Figure], runs: list[list[int]], said: set[str]) -> list[Figure]:
    """Items of a list that name no date of their own (or only the statement's, ``said``)
    take the one date the list gives at its end ("300 families returned to Sabri and 200
    to Laithi on 5 March"), with their paired figures; not an item of another type than the
    last ("400 families have returned to Misrata and 300 families to Tripoli since 1 March":
    the stock 400 is no flow since that day)."""
    for run in runs:
        if not run:
            continue
        last = figures[run[-1]]

        def undated_flow(f: Figure) -> bool:
            return f.date_text is None or (f.figure_type == "flow" and f.date_text in said)

        alike = [figures[i] for i in run if figures[i].figure_type == last.figure_type]
        own = {f.date_text for f in alike if not undated_flow(f)}
        if len(alike) < 2 or len(own) != 1 or undated_flow(last):
            continue
        dates = {"event_date": last.event_date, "date_precision": last.date_precision}
        undated = {f.figure_id for f in alike if undated_flow(f)}
        figures = [
            f.with_(date_text=last.date_text, **dates)
            if f.figure_id in undated or f.paired_figure_id in undated
            else f
            for f in figures
        ]
    return figures


def paired(figure: Figure, cand: Candidate, sentence: Sentence) -> Figure:
    """The same return given again in the other unit ("4,137 families, or about 20,688 people")."""
    return figure.with_(
        quantity=cand.number.value,
        unit=cand.unit,
        qualifier=vocab.qualifier_before(sentence.text[: cand.number.start]),
        span_start=sentence.start + cand.number.start,
        span_end=sentence.start + cand.end,
    )


def part_of(total: Figure, part: Part, sentence: Sentence) -> Figure:
    """A part of a total ("…: 340 to District 1"): the total's unit, type and date."""
    return total.with_(
        quantity=part.number.value,
        quantity_high=None,
        qualifier=vocab.qualifier_before(sentence.text[: part.number.start]),
        location_text=part.place,
        span_start=sentence.start + part.number.start,
        span_end=sentence.start + part.end,
        part_of_figure_id=total.figure_id,
        paired_figure_id=None,
        corrects_quantity=None,
        confidence=round(total.confidence * 0.95, 2),
    )
