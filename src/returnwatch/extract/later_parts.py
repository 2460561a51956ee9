"""Parts given in the sentence after their total: "585 families returned to Sirte. Of these,
340 returned to District 1 and 245 to District 2.", or in the list items after "They
returned to:". Each part is a part of the previous sentence's total (same paragraph only),
in the total's unit unless it names its own, on the total's date unless it names its own,
at its own place."""

from __future__ import annotations

import itertools
import re
from datetime import date

from returnwatch.extract import vocabulary as vocab
from returnwatch.extract.dates import find_dates, period_end
from returnwatch.extract.figure import Figure
from returnwatch.extract.figure_groups import part_of
from returnwatch.extract.numbers import NumberMention, find_numbers
from returnwatch.extract.parts import PART_GAP, PART_TAIL, Part
from returnwatch.extract.sentences import Sentence
from returnwatch.extract.units import unit_after
from returnwatch.extract.when import RoledDate, roles

# "Of these,", "Among them,", "Of whom", "Of the total,", "Of the 585 families,",
# "This includes", "Most (340) went to …"
LEAD = re.compile(
    r"^\s*(?:(?:of|among)\s+(?:(?:these|them|those|whom|the\s+total)\s*,?|"
    r"the\s+(?P<whole>[\d\u0660-\u0669][\d,\u066c]*)(?:\s+[\w'’-]+){0,2}?\s*,)"
    r"|(?:this|that|these|the\s+(?:total|figure|number))\s+includ(?:es|ed|e)"
    r"|most(?=\s*\())\s*",
    re.IGNORECASE,
)
FIRST_WORDS = ("of ", "among ", "this ", "that ", "these ", "the ", "most")
"""What a sentence opening with LEAD starts with (lower case): a cheap first look."""
# "They returned to:", "Of these:", "They went back to the following districts:" (then a list)
LIST_LEAD = re.compile(
    r"^\s*(?:(?:they|these|those|the\s+(?:families|returnees|households))\s+(?:have\s+|had\s+)?"
    r"(?:returned|went|moved|came)\s+(?:back\s+)?(?:to|in|into)(?:\s+the\s+following"
    r"(?:\s+[\w-]+)?)?|(?:of|among)\s+(?:these|them|those|whom|the\s+total))\s*:\s*$",
    re.IGNORECASE,
)
# "- Residential District No. 1: 340 families", "- District 1 (340)", or a dash
PLACE_FIRST_ITEM = re.compile(
    r"^\s*(?:[-*+•]|\d+[.)])\s+(?P<place>[^:(–—\d][^:(–—]*?)\s*(?::|\(|–|—|\s-\s)\s*"
    r"(?=[\d\u0660-\u0669])"
)
# "… 120 families in Misrata were displaced again": the place of no return
NOT_RETURNED = re.compile(
    r"^[^,;]*?\b(?:displaced|fled|left|killed|injured|wounded|died|remain\w*|stay\w*)\b",
    re.IGNORECASE,
)

DATE_LEAD = re.compile(r"\s+(?:on|in|since|by|as\s+of)\s*$", re.IGNORECASE)


def with_later_parts(
    figures: list[Figure],
    sentences: list[Sentence],
    dates_from: date | None,
    published: date | None,
) -> list[Figure]:
    """``figures`` with what a sentence that takes parts out of the total before it gives
    (or the list items after "They returned to:") read as those parts, in place of what it
    gave read alone."""
    for i, sentence in enumerate(sentences[1:], start=1):
        if sentence.text.rstrip().endswith(":") and LIST_LEAD.match(sentence.text):
            items = list(itertools.takewhile(_is_item, sentences[i + 1 :]))
            figures = _read_parts(figures, sentences[i - 1], sentence, items, dates_from, published)
        elif opens_parts(sentence.text):
            figures = _read_parts(figures, sentences[i - 1], sentence, [], dates_from, published)
    return figures


def opens_parts(text: str) -> bool:
    """The sentence opens with a phrase that takes parts out of a total said before it."""
    return text.lstrip()[:7].lower().startswith(FIRST_WORDS) and LEAD.match(text) is not None


def _is_item(sentence: Sentence) -> bool:
    return vocab.LIST_ITEM.match(sentence.text) is not None


def _read_parts(figures, before, lead_sentence, items, dates_from, published) -> list[Figure]:
    """``figures`` with the parts in ``lead_sentence`` (or its list ``items``) of the total
    in ``before`` in place of what those sentences gave read alone."""
    if before.paragraph != lead_sentence.paragraph or not (
        items or opens_parts(lead_sentence.text)
    ):
        return figures
    lead = LEAD.match(lead_sentence.text)
    total = _total(figures, before, lead.group("whole") if lead else None)
    if total is None:
        return figures
    for sentence in items or [lead_sentence]:
        s = sentence.text
        if vocab.not_yet(s):
            continue
        dated = roles(s, find_dates(s, dates_from))
        numbers = [
            n for n in find_numbers(s) if not any(d.start <= n.start < d.mention.end for d in dated)
        ]
        start = vocab.LIST_ITEM.match(s).end() if items else lead.end()
        parts = _parts(s, start, numbers) or (_place_first(s, numbers) if items else [])
        if parts:
            inside = range(sentence.start, sentence.end)
            figures = [f for f in figures if f.span_start not in inside]
            pair = next((f for f in figures if f.figure_id == total.paired_figure_id), None)
            figures += _figures((total, pair), sentence, parts, dated, published)
    return figures


def _figures(totals, sentence, parts, dated, published) -> list[Figure]:
    """Each part as a figure: the total's (or, when it names the unit of the total's other
    unit, that one's: "585 families (2,900 people). Of these, 1,700 people …"), with its own
    count, place, and unit and date when it names them."""
    s = sentence.text
    total, pair = totals
    ends = [p.number.start for p in parts[1:]] + [len(s)]
    out: list[Figure] = []
    for part, end in zip(parts, ends, strict=True):
        # its own date ("340 returned to District 1 on 13 February"), else one after the last
        day = next(
            (d for d in dated if part.number.end <= d.start < end and d.role != "statement"),
            None,
        )
        day = day or next(
            (d for d in dated if d.start >= parts[-1].number.end and d.role != "statement"), None
        )
        if day is not None and part.number.end <= day.start < part.end:  # not in the place
            place = s[s.index(part.place, part.number.end) : day.start]
            part = Part(part.number, DATE_LEAD.sub("", place).strip(), part.end)
        own = unit_after(s, part.number)
        whole = pair if own and pair and own.unit == pair.unit != total.unit else total
        figure = part_of(whole, part, sentence)
        if own is not None and own.unit != whole.unit:
            figure = figure.with_(unit=own.unit)
        out.append(_dated(figure, day, published))
    return out


def _dated(figure: Figure, day: RoledDate | None, published: date | None) -> Figure:
    if day is None:
        return figure
    mention = day.mention
    value = mention.value
    if figure.figure_type == "stock":
        value = period_end(mention.value, mention.precision, published)
    return figure.with_(event_date=value, date_precision=mention.precision, date_text=mention.text)


def _total(figures: list[Figure], before: Sentence, whole: str | None) -> Figure | None:
    """The one figure of ``before`` that is no part and no second unit of another (with
    "Of the 585 families", the one of 585)."""
    totals = [
        f
        for f in figures
        if f.span_start is not None
        and before.start <= f.span_start < before.end
        and f.part_of_figure_id is None
    ]
    seen: set[str] = set()
    firsts = []
    for f in totals:  # the second unit of a pair comes right after the first
        if f.paired_figure_id is None or f.paired_figure_id not in seen:
            firsts.append(f)
        seen.add(f.figure_id)
    totals = firsts
    if whole is not None:
        value = find_numbers(whole)[0].value
        totals = [f for f in totals if f.quantity == value]
    # "585 families returned to Sirte and 300 to Misrata. Of these, …": whose parts, unsaid
    return totals[0] if len(totals) == 1 else None


def _parts(s: str, start: int, numbers: list[NumberMention]) -> list[Part]:
    """Each count after ``start`` followed by its place ("340 (families) (returned/went) to
    District 1"), as long as only "and", "while", commas or semicolons come between."""
    parts: list[Part] = []
    position = start
    for number in numbers:
        if number.start < position:
            continue
        # "Most (340)": the opening parenthesis is no gap
        if not PART_GAP.match(s[position : number.start].replace("(", "", 1)):
            break
        shift = 1 if s.startswith(")", number.end) else 0  # "Most (340) went to …"
        tail = PART_TAIL.match(s[number.end + shift :])
        if not tail:
            break
        end = number.end + shift + tail.end()
        if NOT_RETURNED.match(s[number.end :]):
            break
        parts.append(Part(number, tail.group("place").strip(), end))
        position = end
    return parts


def _place_first(s: str, numbers: list[NumberMention]) -> list[Part]:
    """The part of a list item that names its place first ("- District 1: 340 families")."""
    item = PLACE_FIRST_ITEM.match(s)
    number = next((n for n in numbers if item and n.start == item.end()), None)
    if number is None:
        return []
    own = unit_after(s, number)
    return [Part(number, item.group("place").strip(), own.end if own else number.end)]
