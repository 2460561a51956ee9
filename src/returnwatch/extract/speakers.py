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
# Officials and bodies named by their role, in lower case as often as not: "the mayor",
# "the head of the municipal council", "a spokesman for the Sirte municipality", "local
# officials". A singular role needs its article, so "mayor" in "the town's mayor-elect"
# or "families said" never starts one; up to three describing words stand before the role
# ("the Sirte municipal council"), an "of"/"for" phrase after it.
_ROLE = (
    r"(?i:(?:deputy\s+)?(?:mayor|governor|minister)|spokes(?:man|woman|person)|officials?|"
    r"officer|head|chair(?:man|woman)?|director(?:ate)?|member|council|municipality|committee|"
    r"ministry|authorities|administration|commander|coordinator|office|department|agency|"
    r"mission|government)"
)
_DESCRIBING = (
    r"(?:(?!(?i:the|a|an|and|or|of|for|to|in|on|at|that|said|says|told|with|by|from)\b)"
    r"[A-Za-z][\w'’-]*\s+){0,3}"
)
_ROLE_OF = r"(?:\s+(?:of|for)\s+(?:(?i:the)\s+)?(?:[\w'’-]+\s+){0,5}?[\w'’-]+)?"
_WITH_ARTICLE = rf"(?i:the|a|an)\s+{_DESCRIBING}{_ROLE}{_ROLE_OF}"
_PLURAL = rf"{_DESCRIBING}(?i:officials|authorities){_ROLE_OF}"
# "the Minister …, Ahmed Abu Khuzam, said", "Ahmed Abu Khuzam, the Minister …, said"
_THEN_SPEECH = rf"(?:,\s+[A-Z][\w'’ .-]{{1,50}}?,|,)?\s+{_SPEECH}\b"
ROLE_BEFORE = re.compile(rf"(?<![\w'’-])(?P<org>{_WITH_ARTICLE}){_THEN_SPEECH}")
ARTICLE = re.compile(r"\b(?:the|a|an)\s", re.IGNORECASE)  # where a ROLE_BEFORE may start
ARTICLE_LOWER = re.compile(r"\b(?:the|a|an)\s")
PLURAL_BEFORE = re.compile(rf"(?<![\w'’-])(?P<org>{_PLURAL}){_THEN_SPEECH}")
ROLE_ACCORDING = re.compile(
    rf"\b(?i:according\s+to)\s+(?P<org>{_WITH_ARTICLE}|{_PLURAL})(?![\w'’-])"
)
# every role name holds one of these (lowercased): the role patterns run only then
_ROLE_WORDS = (
    "mayor", "governor", "minister", "spokes", "official", "officer", "head", "chair", "member",
    "director", "council", "municipality", "committee", "ministry", "authorities",
    "administration", "commander", "coordinator", "office", "department", "agency", "mission",
    "government",
)  # fmt: skip
# People who tell of their own return are witnesses, not the figure's announcer:
# "Families said they were relieved", "residents told reporters", "the head of one
# returning family said"
_WITNESSES = (
    r"\b(?P<org>families|residents|returnees|people|witnesses|locals|citizens|"
    r"inhabitants|displaced|idps)\s+(?:said|say|says|told|reported)\b"
)
WITNESSES = re.compile(_WITNESSES)  # in lowercased ASCII text (faster than ignoring case)
WITNESSES_ANY_CASE = re.compile(_WITNESSES, re.IGNORECASE)
WITNESS = re.compile(
    r"\b(?:families|family|households?|residents?|returnees?|people|persons|individuals|"
    r"witness(?:es)?|locals|citizens|inhabitants|civilians|idps|displaced)$",
    re.IGNORECASE,
)
_OF_FOR = re.compile(r"\s+(?:of|for)\s+")
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
_ARTICLE = re.compile(r"^(?:a|an)\s+", re.IGNORECASE)
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
    sentence: str,
    at: int,
    known: dict[str, str],
    is_place: Callable[[str], bool] = lambda _: False,
    otherwise: Callable[[], str | None] = lambda: None,
) -> str | None:
    """Who a sentence quotes for the figure at offset ``at``: the nearest attribution
    before it, else the first after it ("…, the council said"); else ``otherwise()`` (who
    spoke before), unless the sentence quotes witnesses ("residents told reporters"), who
    tell of a return but announce no figure: then no one."""
    found = _attributions(sentence)
    before = sorted((a for a in found if a[0] < at), key=lambda a: -a[0])
    after = sorted((a for a in found if a[0] >= at), key=lambda a: a[0])
    for _, name, spaced in [*before, *after]:
        if name and (not is_place(name) or NAMED_BODY.search(name) or ARABIC_BODY.match(name)):
            return _named_before(spaced, otherwise) or known.get(spaced, spaced)
    return None if any(not name for _, name, _ in found) else otherwise()


def _named_before(role: str, otherwise: Callable[[], str | None]) -> str | None:
    """The body a role written in lower case stands for ("…, the committee added" after
    "The Sirte return committee said"): the one quoted before, when its name ends with
    the role's word (``otherwise()``: quoted earlier in the paragraph)."""
    if not role.islower() or " of " in role or " for " in role:
        return None
    earlier = otherwise()
    word = role.rsplit(" ", 1)[-1]
    return earlier if earlier and earlier.lower().endswith(" " + word) else None


@lru_cache(maxsize=2048)
def _attributions(sentence: str) -> tuple[tuple[int, str, str], ...]:
    """Every attribution of a sentence that names someone (a capital letter, or an
    official or body by role), in the order speaker() weighs them: (start, name, name
    with its spaces collapsed); a witness's name is "". Of the names one speech word is
    given, the longest ("the head of the Sirte Municipal Council said", not "Sirte
    Municipal Council"). Cached: a sentence with several figures is asked once per figure."""
    named: dict[tuple[bool, int], tuple[int, str]] = {}
    for match in _matches(sentence):
        pattern = match.re
        name = _clean(match.group("org"))
        by_role = pattern in (ROLE_BEFORE, PLURAL_BEFORE, ROLE_ACCORDING)
        if not name or not (by_role or any(ch.isupper() for ch in name)):
            continue
        if pattern in (WITNESSES, WITNESSES_ANY_CASE) or _is_witness(name):
            name = ""
        according = pattern is ACCORDING_TO or pattern is ROLE_ACCORDING
        key = (according, match.start() if according else match.end())
        if key not in named or (name and (match.start(), -len(name)) < _weight(named[key])):
            named[key] = (match.start(), name)
    found = [(start, name, " ".join(name.split())) for start, name in named.values()]
    if not sentence.isascii():  # Arabic has no capitals: its own rules name the speaker
        found += [(at, name, " ".join(name.split())) for at, name in arabic_speakers(sentence)]
    return tuple(found)


def _weight(named: tuple[int, str]) -> tuple[int, int]:
    """Of two names given one speech word, the one starting first, then the longer ("the
    UN refugee agency", not "UN")."""
    start, name = named
    return start, -len(name)


def _matches(sentence: str) -> list[re.Match[str]]:
    """The attribution patterns' matches; for ASCII text, each pattern only when the words
    every match of it holds are there (a substring test is far cheaper than the search)."""
    lowered = sentence.lower()
    if not sentence.isascii():
        return [
            *SPEAKER_BEFORE.finditer(sentence),
            *WITNESSES_ANY_CASE.finditer(sentence),
            *ACCORDING_TO.finditer(sentence),
            *find_where_may_start(ROLE_BEFORE, ARTICLE, sentence),
            *ROLE_ACCORDING.finditer(sentence),
            *PLURAL_BEFORE.finditer(sentence),
        ]
    found = [*SPEAKER_BEFORE.finditer(sentence), *WITNESSES.finditer(lowered)]
    according = "according" in lowered
    if according:
        found += ACCORDING_TO.finditer(sentence)
    if any(word in lowered for word in _ROLE_WORDS):
        found += find_where_may_start(ROLE_BEFORE, ARTICLE_LOWER, sentence, lowered)
        if according:
            found += ROLE_ACCORDING.finditer(sentence)
        if "officials" in lowered or "authorities" in lowered:
            found += PLURAL_BEFORE.finditer(sentence)
    return found


def _is_witness(name: str) -> bool:
    """A name whose head is people ("Families", "Returnees", "head of one returning family")."""
    head = _OF_FOR.split(name, maxsplit=1)
    return bool(WITNESS.search(head[0]) or (len(head) > 1 and WITNESS.search(head[1])))


def _clean(phrase: str) -> str:
    words = phrase.split()
    while words and words[0].strip("(),") in LEADING_NOT_NAMES:
        words = words[1:]
    if words and words[-1].endswith(".") and "." not in words[-1][:-1]:
        # the sentence's full stop ("according to the Derna Municipality."), not an
        # abbreviation's ("U.N.")
        words[-1] = words[-1][:-1]
    return _ARTICLE.sub("", _EDGE.sub("", " ".join(words)).strip())
