"""Totals and their parts, and corrections, in one sentence.

"585 families returned: 340 to District 1 and 245 to District 2" gives the total and two
parts; "revised from 1,200 to 1,020" gives one figure (1,020) that corrects 1,200.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from returnwatch.extract.not_returns import is_name_number
from returnwatch.extract.numbers import NumberMention

PARTS_START = re.compile(
    r"^\s*(?:[^.;:]{0,80}?)(?P<lead>:|—|–|\s-\s|,?\s+including|,?\s+of\s+(?:whom|which|them)|"
    r",?\s+among\s+them|,?\s+with|\s+\(|"
    # "585 families returned …, 340 of them to District 1 and 245 to District 2"
    r",(?=\s*[\d\u0660-\u0669][\d,\u066c]*\s+of\s+(?:them|whom|which|these)\b))\s*",
    re.IGNORECASE,
)
PART_GAP = re.compile(
    r"^\s*(?:,|;|\band\b|,?\s*(?:and|while)\b)?\s*(?:another\s+)?$", re.IGNORECASE
)
PART_TAIL = re.compile(
    r"^\s*(?:of\s+(?:them|whom|which|these)\s+)?(?:(?:[\w-]+\s+){0,2}?(?:families|family|households|individuals|persons|people|residents|returnees)\s+)?"
    r"(?:(?:have\s+|had\s+|were\s+)?(?:returned|went|came|moved)\s+(?:back\s+)?)?"
    # "Residential District No. 1": the full stop of "No." ends no place
    r"(?:to|in|into|at|for)\s+(?P<place>(?:[^,;.)]|(?<=\bNo)\.(?=\s*\d))+?)"
    r"(?=\s*(?:,|;|\.(?<!\bNo\.)|\)|\band\b|$))",
    re.IGNORECASE,
)
_CORRECTED = (
    r"\b(?:revised|corrected|amended|adjusted|updated|changed|reduced|raised|lowered)\b"
    r"(?:\s+(?:down|up)(?:wards?)?)?[^.;]{0,80}"
)
"""A verb of correcting, then up to 80 characters of the same clause."""
CORRECTION = re.compile(
    _CORRECTED + r"\bfrom\s*$",
    re.IGNORECASE,
)
CORRECTION_TO = re.compile(r"^\s*(?:[\w-]+\s+){0,2}?(?:to)\s*$", re.IGNORECASE)
# "revised down to 1,020 from 1,200": the new value first
CORRECTION_NEW_FIRST = re.compile(
    _CORRECTED + r"\bto\s*$",
    re.IGNORECASE,
)
CORRECTION_FROM = re.compile(r"^\s*(?:[\w-]+\s+){0,2}?from\s*$", re.IGNORECASE)
# "… to 1,020 families, not 1,200 as first reported"
CORRECTION_NOT = re.compile(
    r"^[^.;]{0,80}?(?:,|\b)\s*(?:and\s+)?(?:not|rather\s+than|instead\s+of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
AS_FIRST_REPORTED = re.compile(
    r"^\s*(?:[\w-]+\s+){0,2}?(?:as|that\s+were|that\s+was)\s+(?:first\s+|initially\s+|"
    r"earlier\s+|previously\s+|originally\s+|wrongly\s+)?(?:reported|announced|stated|said|given)\b",
    re.IGNORECASE,
)
ONLY_BEFORE = re.compile(r"\bonly\s+$", re.IGNORECASE)
# "250 families, not 300, returned": the earlier value set off by commas right after the new
NOT_ASIDE = re.compile(r"^(?:\s+[\w-]+){0,2}?\s*,\s*not\s+$", re.IGNORECASE)
ASIDE_END = re.compile(r"^(?:\s+[\w-]+)?\s*,")
# "the number … was not 300 but 250": the earlier value first, denied, then the new
NOT_BEFORE = re.compile(r"\bnot\s+(?:the\s+)?$", re.IGNORECASE)
BUT_BETWEEN = re.compile(
    r"^(?:\s+[\w-]+){0,2}?\s*,?\s*but\s+(?:rather\s+|in\s+fact\s+|actually\s+)?$", re.IGNORECASE
)
# "the 1,200 families reported … were in fact 1,020": the earlier value first, then the fact
IN_FACT = re.compile(
    r"^[^.;]{0,140}?\b(?:(?:were|was|are|is|numbered|totall?ed)\s+(?:in\s+fact|actually|really|"
    r"only)|in\s+fact\s+(?:were|was|numbered|totall?ed)|(?:were|was)\s+(?:later\s+)?"
    r"(?:found|confirmed|shown)\s+to\s+(?:be|have\s+been)|(?:actual|real|correct|true|verified)\s+"
    r"(?:number|figure|count|total)\s+(?:was|is|were|stood\s+at|stands\s+at)|"
    r"should\s+(?:have\s+)?(?:read|been|said))\s*$",
    re.IGNORECASE,
)

# a cheap first look: could the sentence hold one of the word orders above?
MAY_CORRECT = re.compile(
    r"\b(?:revised|corrected|amended|adjusted|updated|changed|reduced|raised|lowered|not|"
    r"rather|instead|fact|actually|really|only|found|confirmed|shown|actual|real|correct|true|"
    r"verified|should)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Part:
    number: NumberMention
    place: str
    end: int  # end of the place phrase, sentence-relative


def find_parts(s: str, total_end: int, numbers: list[NumberMention]) -> tuple[int, list[Part]]:
    """Parts listed after a total that ends at ``total_end``: (where the list starts, parts).
    Without a list, (len(s), [])."""
    lead = PARTS_START.match(s[total_end:])
    if not lead:
        return len(s), []
    start = total_end + lead.end()
    parts: list[Part] = []
    position = start
    for number in (n for n in numbers if n.start >= start):
        if number.start < position:
            continue
        if not PART_GAP.match(s[position : number.start]):
            break
        tail = PART_TAIL.match(s[number.end :])
        if not tail:
            break
        parts.append(Part(number, tail.group("place").strip(), number.end + tail.end()))
        position = number.end + tail.end()
    if len(parts) < 2:
        return len(s), []
    return total_end + lead.start("lead"), parts


def corrections(s: str, numbers: list[NumberMention]) -> dict[int, tuple[int, int]]:
    """{start of the new number: (start, value) of the earlier one} for "from X to Y",
    "down to Y from X", "to Y, not X as first reported", "Y, not X,", "the X … were in
    fact Y" and "not X but Y"."""
    found: dict[int, tuple[int, int]] = {}
    for old, new in itertools.pairwise(numbers):
        # the anchored test first: it is cheap, and rarely passes
        if CORRECTION_TO.match(s[old.end : new.start]) and CORRECTION.search(
            s[max(0, old.start - 120) : old.start]
        ):
            found[new.start] = (old.start, old.value)
    if len(numbers) < 2 or not MAY_CORRECT.search(s):
        return found
    counts = [n for n in numbers if not is_name_number(s[: n.start])]  # not "District 3"
    for old, new in itertools.pairwise(counts):
        if new.start in found or old.start in found:
            continue
        if _new_first(s, old, new) or _old_first(s, old, new):
            # "revised down to 1,020 from 1,200", "to 1,020, not 1,200 as first reported",
            # "the 1,200 families … were in fact 1,020", "was not 1,200 but 1,020"
            newer, older = (old, new) if _new_first(s, old, new) else (new, old)
            found[newer.start] = (older.start, older.value)
    return found


def _new_first(s: str, new: NumberMention, old: NumberMention) -> bool:
    """ "revised down to NEW from OLD", "corrected to NEW …, not OLD (as first reported)"."""
    between = s[new.end : old.start]
    if CORRECTION_NEW_FIRST.search(s[max(0, new.start - 120) : new.start]) and (
        CORRECTION_FROM.match(between) or CORRECTION_NOT.match(between)
    ):
        return True
    if NOT_ASIDE.match(between) and ASIDE_END.match(s[old.end :]):
        return True  # "1,020 families, not 1,200, returned"
    if not CORRECTION_NOT.match(between):
        return False
    # "only 1,020 families, not 1,200, had returned"
    return bool(AS_FIRST_REPORTED.match(s[old.end :]) or ONLY_BEFORE.search(s[: new.start]))


def _old_first(s: str, old: NumberMention, new: NumberMention) -> bool:
    """ "the OLD families … were in fact NEW", "the number … was not OLD but NEW"."""
    between = s[old.end : new.start]
    if IN_FACT.match(between):
        return True
    return bool(BUT_BETWEEN.match(between) and NOT_BEFORE.search(s[: old.start]))
