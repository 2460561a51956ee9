"""Who said it: the organisation whose statement carries a figure (not the page's publisher)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from returnwatch.extract.arabic_speakers import NAMED_BODY as ARABIC_BODY
from returnwatch.extract.arabic_speakers import arabic_speakers
from returnwatch.extract.scan import find_where_may_start

_SPEECH = (
    r"(?:said|says|announced|announces|reported|reports|stated|states|confirmed|declared|added|"
    r"noted|told|identified|counted|recorded|estimated|put)"
)
_ORG_WORD = (
    r"(?:[A-Z][\w'’.&-]*|(?:al|el|ad|as|ash|an|ar)-[\w'’-]+|\([A-Z][A-Za-z]{1,9}\)|of|the|for|and|on|"
    r"operations|room|council|ministry|municipality|committee|office|authority|agency|department|"
    r"centre|center|spokesman|spokesperson|team|force|forces|mission|crisis|local|municipal|city|"
    r"media|operation|field|military|special|return|returns)"
)
SPEAKER_BEFORE = re.compile(rf"(?P<org>{_ORG_WORD}(?:\s+{_ORG_WORD}){{0,9}})\s+{_SPEECH}\b")
ACCORDING_TO = re.compile(
    rf"\b(?i:according\s+to)\s+(?:the\s+)?(?P<org>{_ORG_WORD}(?:\s+{_ORG_WORD}){{0,9}})"
)
DEFINITION = re.compile(
    r"(?P<long>(?:the\s+)?(?:[A-Z][\w'’-]*|(?:al|el)-[\w'’-]+)(?:\s+(?:[A-Z][\w'’-]*|(?:al|el)-[\w'’-]+|of|for|and)){0,7})"
    r"\s*\((?P<abbr>[A-Z][A-Za-z]{1,9})\)(?P<tail>(?:\s+(?:operations\s+room|council|committee|office|forces?|mission))?)"
)
# Every DEFINITION holds one; searching for it alone is far cheaper than DEFINITION.
ABBREVIATION = re.compile(r"\([A-Z][A-Za-z]{1,9}\)")
# Where a DEFINITION may begin ("the ", a capital, "al-", "el-"): DEFINITION is tried only
# there (see extract/scan.py), not at every position of the document.
DEFINITION_START = re.compile(r"the\s|[A-Z]|al-|el-")
LEADING_NOT_NAMES = {
    "On",
    "In",
    "However",
    "Meanwhile",
    "Also",
    "Back",
    "Then",
    "Later",
    "Earlier",
    "Last",
    "This",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
}
# a body named after its place ("Derna Municipality", "Sirte Municipal Council") is a
# speaker, though the gazetteer knows the name as the baladiya's
NAMED_BODY = re.compile(
    r"\b(?:municipality|council|committee|ministry|office|authority|agency|department|room|"
    r"centre|center|team|mission|government|directorate|administration|spokesman|spokesperson)$",
    re.IGNORECASE,
)
_EDGE = re.compile(
    r"^(?:(?:the|and|of|for|on|while|but|when)\s+)+|(?:\s+(?:the|and|of|for|on))+$", re.IGNORECASE
)


def abbreviations(text: str) -> dict[str, str]:
    """Acronyms a document defines: "al-Bunyan al-Marsus (BM) operations room" -> BM."""
    found: dict[str, str] = {}
    if ABBREVIATION.search(text) is None:  # cheap: most documents define none
        return found
    for match in find_where_may_start(DEFINITION, DEFINITION_START, text):
        long = " ".join(_EDGE.sub("", match.group("long")).split())
        tail = match.group("tail").strip()
        found.setdefault(
            match.group("abbr"), f"{long} ({match.group('abbr')}){' ' + tail if tail else ''}"
        )
    return found


def speaker(
    sentence: str, at: int, known: dict[str, str], is_place: Callable[[str], bool] = lambda _: False
) -> str | None:
    """The organisation a sentence quotes for the figure at offset ``at``: the nearest
    attribution before it, else the first after it ("…, the council said")."""
    found = _attributions(sentence)
    before = sorted((a for a in found if a[0] < at), key=lambda a: -a[0])
    after = sorted((a for a in found if a[0] >= at), key=lambda a: a[0])
    for _, name, spaced in [*before, *after]:
        if not is_place(name) or NAMED_BODY.search(name) or ARABIC_BODY.match(name):
            return known.get(spaced, spaced)
    return None


@lru_cache(maxsize=2048)
def _attributions(sentence: str) -> tuple[tuple[int, str, str], ...]:
    """Every attribution of a sentence that names someone (a capital letter), in the
    order speaker() weighs them: (start, name, name with its spaces collapsed). Cached:
    a sentence with several figures is asked once per figure."""
    matches = [*SPEAKER_BEFORE.finditer(sentence), *ACCORDING_TO.finditer(sentence)]
    found = []
    for match in matches:
        name = _clean(match.group("org"))
        if name and any(ch.isupper() for ch in name):
            found.append((match.start(), name, " ".join(name.split())))
    if not sentence.isascii():  # Arabic has no capitals: its own rules name the speaker
        found += [(at, name, " ".join(name.split())) for at, name in arabic_speakers(sentence)]
    return tuple(found)


def _clean(phrase: str) -> str:
    words = phrase.split()
    while words and words[0].strip("(),") in LEADING_NOT_NAMES:
        words = words[1:]
    return _EDGE.sub("", " ".join(words)).strip()
