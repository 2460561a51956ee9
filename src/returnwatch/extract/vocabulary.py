"""The words an analyst reads a return figure by: units, returns, plans, totals, hedges."""

from __future__ import annotations

import re

UNIT_WORDS = {
    "families": "households",
    "family": "households",
    "households": "households",
    "household": "households",
    "individuals": "individuals",
    "persons": "individuals",
    "people": "individuals",
    "residents": "individuals",
    "returnees": "individuals",
    "citizens": "individuals",
    "inhabitants": "individuals",
    "civilians": "individuals",
    "idps": "individuals",
    # Arabic, as Libyan councils and LANA write them ("عودة 150 أسرة نازحة"), with the
    # hamza often left out; "نازح" (displaced) is not a unit: it counts IDPs as often
    "أسرة": "households",
    "اسرة": "households",
    "أسر": "households",
    "اسر": "households",
    "عائلة": "households",
    "عائله": "households",
    "عائلات": "households",
    "فرد": "individuals",
    "أفراد": "individuals",
    "افراد": "individuals",
    "شخص": "individuals",
    "أشخاص": "individuals",
    "اشخاص": "individuals",
    "مواطن": "individuals",
    "مواطنا": "individuals",
    "مواطنين": "individuals",
}
_UNIT = "|".join(sorted(UNIT_WORDS, key=len, reverse=True))
# any unit word at all: every unit pattern below holds one (a cheap test before them)
ANY_UNIT = re.compile(_UNIT, re.IGNORECASE)


def has_unit_word(text: str) -> bool:
    """``ANY_UNIT.search(text)``, answered for ASCII text by substring tests on its lower
    case (several times faster than the regex, which tries every alternative at every
    position; for ASCII text, ignoring case is exactly lowercasing)."""
    if not text.isascii():
        return ANY_UNIT.search(text) is not None
    lower = text.lower()
    return any(word in lower for word in UNIT_WORDS)


# a number, up to two describing words, then the unit: "585 displaced families"
UNIT_AFTER = re.compile(
    rf"^\s*(?:(?:[A-Za-z\u0600-\u06ff'’-]+\s+){{0,2}}?)(?P<unit>{_UNIT})\b", re.IGNORECASE
)
NOT_DESCRIBING = re.compile(
    r"^\s*(?:of|and|or|to|in|on|at|from|by|with|had|have|has|were|was|are|is|who|that|returned)\b",
    re.IGNORECASE,
)

RETURN_CUE = re.compile(
    r"\b(?:return(?:ed|ing|s)?|came\s+back|come\s+back|went\s+back|gone\s+back|"
    r"back\s+(?:to|in|home)|moved\s+back|made\s+it\s+(?:back\s+)?home|(?:were|are|was|is|now|arrived|came|come|went|gone)\s+home|"
    r"resettled|repatriated|returnees?|"
    # Arabic: the return (عودة), returned (عاد، عادت، عادوا), returnees (العائدين), with
    # "and"/"so" (و، ف) and "with" (ب: "أفادت البلدية بعودة 585 أسرة") joined to the word
    r"[وف]?ب?(?:عود[ةه]|العود[ةه]|عاد|عادت|عادوا|تعود|يعود|رجوع|رجعت|رجعوا|"
    r"(?:ال)?عائد(?:ة|ون|ين|ات)?|[إا]عادة))\b",
    re.IGNORECASE,
)
# Arabic plans and negations: "من المقرر" (scheduled), "ستعود" (will return), "لم تعد" (did
# not return), "تنتظر" (waiting)
ARABIC_NOT_YET = re.compile(
    r"(?:من\s+المقرر|من\s+المتوقع|يتوقع|[وف]?ست?عود|[وف]?سي?عود|سوف|تستعد|يستعد|تنتظر|ينتظر|"
    r"بانتظار|تأمل|يأمل|ترغب|يرغب|لم\s+[تي]?عد|لم\s+تتمكن|لم\s+يتمكن)"
)
NOT_YET = re.compile(
    r"\b(?:expected|planned|plans?|planning|will|would|could|scheduled|intends?|intending|intention|"
    r"hopes?|hoping|await\w*|wish\w*|desir\w*|keen|waiting|wait|registered|ready|due|prepar\w+|set|seeking|want\w*|"
    r"expects?|expecting|anticipated?|anticipates|aims?|aiming|promised?|promising|"
    r"unable|invited|urged|called\s+on|eligible|likely|going)\s+"
    r"(?:[\w,]+\s+){0,5}?(?:to\s+)?return\b",
    re.IGNORECASE,
)


# a piece of each word NOT_YET starts with ("inten": intend, intention; "hop": hoping)
_NOT_YET_WORDS = (
    "expect", "plan", "will", "would", "could", "schedul", "inten", "hop", "wait", "wish",
    "desir", "keen", "registered", "ready", "due", "prepar", "set", "seek", "want",
    "anticipat", "aim", "promis", "unable", "invited", "urged", "called", "eligible",
    "likely", "going",
)  # fmt: skip


# a return that did not happen: "the return of 200 families … was postponed",
# "authorities stopped 150 families from returning"
HALTED = re.compile(
    r"\breturn\s+of\b[^.;]{0,120}?\b(?:was|were|has\s+been|have\s+been|had\s+been|is|are|been)\s+"
    r"(?:\w+\s+)?(?:postponed|delayed|suspended|halted|stopped|blocked|cancell?ed|deferred|"
    r"prevented|put\s+on\s+hold|called\s+off)\b|"
    r"\b(?:stopped|stop|prevented|prevent|blocked|block|barred|bar|banned|kept|keep|prohibited|"
    r"forbade|forbidden)\s+[^.;]{0,60}?\bfrom\s+(?:return\w*|going\s+back|coming\s+back)\b",
    re.IGNORECASE,
)
_HALTED_WORDS = (
    "postpon", "delay", "suspend", "halt", "stop", "block", "cancel", "defer", "prevent",
    "hold", "called off", "bar", "ban", "kept", "keep", "prohibit", "forb",
)  # fmt: skip


def not_yet(text: str) -> bool:
    """NOT_YET holds: people will, hope or wait to return. Every NOT_YET match ends in
    "return", and only R, E, T, U, N match those letters ignoring case, so text without
    "return" is passed over without running the pattern; so is ASCII text holding none of
    the words a match starts with (for ASCII, ignoring case is exactly lowercasing)."""
    if not text.isascii() and ARABIC_NOT_YET.search(text):
        return True
    lower = text.lower()
    if "return" not in lower:
        return False
    if (not text.isascii() or any(w in lower for w in _HALTED_WORDS)) and HALTED.search(text):
        return True
    if text.isascii() and not any(word in lower for word in _NOT_YET_WORDS):
        return False
    return NOT_YET.search(text) is not None


STOCK_CUE = re.compile(
    r"\b(?:total|by\s+which\s+time|so\s+far|to\s+date|since\s+(?:the\s+)?"
    r"returns?\s+(?:began|started)|cumulative(?:ly)?|altogether|bringing\s+the\s+(?:total|number)|"
    r"overall|as\s+of|(?:were|are|is|was|now)\s+(?:back|home)|raising\s+the\s+(?:total|number)|"
    r"bringing\s+to|now\s+numbers?|in\s+total|in\s+all(?=\s*[,:]|\s+[\d\u0660-\u0669])|tally|stands?\s+at|stood\s+at|numbered|totall?ed|"
    r"reach(?:ed|es|ing)\s+(?:a\s+total\s+of\s+)?(?=[\d\u0660-\u0669])|"
    # "the number of returnees rose to 3,400 families": a new total, not 3,400 more;
    # "15,000 people returned, up from 12,000 in March" compares two totals
    r"(?:rose|risen|rises|rising|increased|increases|increasing|climbed|grew|grown|jumped|"
    r"went\s+up|gone\s+up)\s+to\s+(?=(?:(?:about|some|nearly|around|almost|over|more\s+than)\s+)?"
    r"[\d\u0660-\u0669])|up\s+from|"
    # "the returnee population in Sirte is estimated at 95,000 individuals"
    r"returnee\s+(?:population|caseload)|(?:population|caseload)\s+of\s+returnees|"
    r"(?:number|families|people|residents)\s+back\s+in|"
    # Arabic: total (إجمالي، مجموع), so far (حتى الآن), reaching / rose to (ليصل، بلغ، ارتفع)
    r"[وف]?(?:[إا]جمالي|مجموع|حتى\s+الآن|حتى\s+الان|ليصل|ليبلغ|بلغ|ارتفع|ليرتفع))\b",
    re.IGNORECASE,
)
# "20 of the 400 families", "1,200 out of 2,900 families": the count, then its whole
OF_THE_WHOLE = re.compile(
    r"\s+(?:out\s+)?of\s+(?:the\s+|an\s+estimated\s+|some\s+|(?:the\s+)?[\w-]+['’]s\s+)?"
    r"(?=[\d\u0660-\u0669])",
    re.IGNORECASE,
)
UP_FROM = re.compile(r"\b(?:up|down)\s+from\b", re.IGNORECASE)
COMPARED_END = re.compile(r"[,;](?![\d\u0660-\u0669])|\s(?:and|while|but)\s", re.IGNORECASE)
QUALIFIERS = [
    (
        "min",
        re.compile(
            r"\b(?:(?<!no\s)(?<!not\s)more\s+than|over|at\s+least|upwards\s+of|in\s+excess\s+of|"
            r"above|not?\s+(?:fewer|less)\s+than|"
            r"[أا]كثر\s+من|ما\s+يزيد\s+عن|ما\s+يزيد\s+على|[أا]زيد\s+من)\s*$",
            re.I,
        ),
    ),
    (
        "max",
        re.compile(
            r"\b(?:up\s+to|fewer\s+than|less\s+than|under|at\s+most|not?\s+more\s+than)\s*$", re.I
        ),
    ),
    (
        "approx",
        re.compile(
            r"\b(?:about|around|approximately|roughly|some|nearly|almost|an\s+estimated|estimated|"
            r"close\s+to|circa|c\.|نحو|حوالي|حوالى|قرابة|ما\s+يقارب|زهاء)\s*$",
            re.I,
        ),
    ),
]
RANGE_JOIN = re.compile(r"^\s*(?:-|–|to|and)\s*$", re.IGNORECASE)
BETWEEN = re.compile(r"\bbetween\s*$", re.IGNORECASE)
_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
_CARDINAL = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
STAGE = re.compile(
    r"\b(?:(?P<ord>first|second|third|fourth|fifth|sixth|(?P<num>\d)(?:st|nd|rd|th))\s+(?:stage|phase)|"
    r"(?:stage|phase)\s+(?P<after>one|two|three|four|five|six|\d))\b",
    re.IGNORECASE,
)


def stage_number(match: re.Match[str]) -> int:
    """The stage a STAGE match names."""
    if match.group("num"):
        return int(match.group("num"))
    if match.group("ord"):
        return _ORDINAL[match.group("ord").lower()]
    after = match.group("after").lower()
    return int(after) if after.isdigit() else _CARDINAL[after]


def qualifier_before(text_before: str) -> str:
    """The hedge right before a number ("more than", "about"), or ``exact``."""
    for name, pattern in QUALIFIERS:
        if pattern.search(text_before[-40:]):
            return name
    return "exact"


AS_OF = re.compile(r"\b(?:by|up\s+to|until|as\s+of|through)\s+$", re.IGNORECASE)
NEW_RETURNEES = re.compile(r"\b(?:new|newly)\s+(?:\w+\s+)?$", re.IGNORECASE)
NATIONAL = re.compile(
    r"\b(?:national\s+(?:total|level|figure|count)|nationally|nationwide|countrywide|"
    r"across\s+the\s+(?:whole\s+)?country)\b"
)
PAIRED_UNIT = re.compile(
    r"^\s*,?\s*[(\[]?\s*(?:or|i\.e\.|that\s+is|comprising|consisting\s+of|made\s+up\s+of|"
    r"totall?ing|numbering|with|of|from|belonging\s+to|in|representing|amounting\s+to)?\s*"
    r"(?:about|approximately|some|around|roughly|nearly)?\s*$",
    re.IGNORECASE,
)

AND_PAIR = re.compile(r"^\s*(?:and|و)\s*(?:(?:about|approximately|some|around|nearly)\s+)?$", re.I)

# A running count: "have returned", "are now back" (present perfect cannot take a past day).
PRESENT_PERFECT = re.compile(
    r"\b(?:have|has|'ve)\s+(?:now\s+|already\s+|so\s+far\s+|all\s+)?(?:been\s+)?"
    r"(?:returned|come\s+back|gone\s+back|moved\s+back|back)\b",
    re.IGNORECASE,
)
PAST_PERFECT = re.compile(
    r"\bhad\s+(?:already\s+|all\s+)?(?:returned|come\s+back|moved\s+back)\b", re.I
)
SINCE = re.compile(r"\bsince\b|منذ", re.IGNORECASE)
# "45 families returned, the first since the ceasefire": "since" describes them, no total
FIRST_SINCE = re.compile(r"\bfirst(?:\s+[\w-]+){0,3}?\s+since\b", re.IGNORECASE)
SINCE_THE_DAY = re.compile(
    r"\bsince\s+(?:last\s+|this\s+|the\s+)?$|(?<!\w)منذ\s+(?:يوم\s+)?$", re.IGNORECASE
)
# The returns of one year so far: "so far this year", "in 2024 so far", "year to date",
# "YTD", "since the start of the year" — a flow dated by that year, not the area's total
# (which counts earlier years too). A year named after "since the start of" must be the
# year the document counts from (``since_year``): else it is a total over several years.
YEAR_TO_DATE = re.compile(
    r"\b(?:so\s+far\s+(?:this\s+year|in\s+(?:19|20)\d\d)|"
    r"(?:this\s+year|in\s+(?:19|20)\d\d)\s+so\s+far|year[\s-]+to[\s-]+date|(?-i:YTD)|"
    r"since\s+the\s+(?:beginning|start)\s+of\s+(?:the\s+year|this\s+year|"
    r"(?P<since_year>(?:19|20)\d\d)))\b",
    re.IGNORECASE,
)
SINCE_BEFORE_MONTH = re.compile(r"\bsince\s+$", re.IGNORECASE)
# The period of a flow: "during the past week", "this week", "on the first day".
FLOW_CUE = re.compile(
    r"\b(?:during|over\s+the\s+(?:past|last)|in\s+the\s+(?:past|last)|this\s+week|last\s+week|"
    r"past\s+week|yesterday|today|first\s+day|same\s+day|that\s+day|alone|more(?!\s+than)|another|new|newly)\b",
    re.IGNORECASE,
)
# "the number of families … to 1,020", "the total of returned families to 400"
UNIT_BEFORE = re.compile(
    rf"(?:\b(?:total|number|tally|count)\s+(?:of\s+)?(?:[\w'’-]+\s+){{0,3}}?(?P<unit>{_UNIT})\b"
    r"[^.;:]{0,100}?\b(?:to|at|reached|reaching|stands\s+at|stood\s+at|was|is|of)"
    rf"|\b(?P<unit_subject>returnees|(?:{_UNIT})(?=\s+(?:(?:who\s+(?:have\s+|had\s+)?)?return\w*|back)\b))"
    r"[^.;:]{0,60}?"
    r"\b(?:numbered|totall?ed|reached|stood\s+at|stands\s+at|now\s+stands\s+at))\s+$",
    re.IGNORECASE,
)
# a list headed by its unit: "Returned families: Sirte 1,200, Misrata 400", "Families
# returning to Tawergha since 2018: 1,250 as of August"
UNIT_LIST_HEAD = re.compile(
    rf"(?:\b(?:returned|returning|returnee)\s+(?P<unit>{_UNIT})\b|"
    rf"\b(?P<unit_subject>{_UNIT})\s+(?:who\s+(?:have\s+|had\s+)?)?(?:returned|returning)\b)"
    r"[^:.;]{0,80}:(?P<items>[^.;:]{0,200})$",
    re.IGNORECASE,
)
COUNTED_UNIT = re.compile(r"[\d\u0660-\u0669]\s+(?:[^\W\d]+\s+){0,2}$")
LIST_ITEM_END = re.compile(
    r"\s*(?:$|[,;.)(]|and\b|as\s+(?:of|at)\b|on\b|in\b|by\b|[A-Z\u0600-\u06ff])"
)
LIST_ITEM_TOKEN = re.compile(r"[\d\u0660-\u0669][\d,.\u066c]*|and|al-\S*|[A-Z\u0600-\u06ff]\S*")
# "bringing to 400 the number of families back"
UNIT_AFTER_THE_NUMBER_OF = re.compile(
    rf"^\s+the\s+(?:total\s+)?(?:number|total)\s+of\s+(?:[\w'’-]+\s+){{0,2}}?(?P<unit>{_UNIT})\b",
    re.IGNORECASE,
)
# "Returns began on 5 February": a start, not the day of the returns that follow
RETURNS_BEGAN = re.compile(r"\b(?:began|begun|started|starting|resumed|opened)\b", re.IGNORECASE)
# a count with no unit right before its return verb: "… and 1,200 have returned"
BARE_RETURN = re.compile(
    r"^\s+(?:(?:have|has|had|were|was|are|is|also|now|already|since|reportedly|all)\s+)*"
    r"(?:returned|come\s+back|came\s+back|gone\s+back|went\s+back|moved\s+back|"
    r"been\s+able\s+to\s+return)\b",
    re.IGNORECASE,
)
# "…, bringing the total to 5,400": a running total given without its unit
RUNNING_TOTAL_BEFORE = re.compile(
    r"\b(?:bringing|brings|brought|raising|raises|raised|taking|takes|took|pushing)\s+"
    r"(?:the\s+)?(?:overall\s+|cumulative\s+)?(?:total|number|tally|count)\s+"
    r"(?:(?:of\s+)?(?:returns|returnees|those\s+back)\s+)?(?:to|at)\s+"
    r"(?:(?:some|about|around|nearly|over|more\s+than|almost)\s+)?$",
    re.IGNORECASE,
)
# the same, with the total's own unit: "…, bringing the number of returnee families to 1,400"
RUNNING_TOTAL_NEXT = re.compile(
    r"\b(?:bringing|brings|brought|raising|raises|raised|taking|takes|took|pushing)\s+"
    r"(?:the\s+)?(?:overall\s+|cumulative\s+)?(?:total|number|tally|count)\b[^.;]{0,60}?"
    r"\b(?:to|at)\s+(?:(?:some|about|around|nearly|over|more\s+than|almost)\s+)?$",
    re.IGNORECASE,
)
# "300 families returned to Sabri and 200 to Laithi", "… on Monday and another 80 on Tuesday"
PARALLEL_BEFORE = re.compile(
    r"(?:,|;|\band|\bwhile)\s*(?:and\s+)?(?:another|a\s+further|further|some|about|around|"
    r"nearly|over|more\s+than|at\s+least)?\s*$",
    re.IGNORECASE,
)
# … then a place or a day, as the first item gave them ("and 20 in need" is not one)
PARALLEL_AFTER = re.compile(
    r"^\s+(?:more\s+)?(?:(?:to|into|in|at)\s+(?:the\s+)?(?:[A-Z]|al-|[\u0600-\u06ff])|"
    r"on\s+(?:[A-Z]|\d)|(?:last|this)\s+[A-Za-z]|yesterday\b)"
)
# "400 families returned to Misrata and 300 families to Tripoli on 1 March": a count joined
# to the figure before it, its verb left out (what follows is its place or day, or the end)
ELLIPTICAL_BEFORE = re.compile(r"(?:[,;]\s*(?:and\s+)?|\band\s+)$", re.IGNORECASE)
ELLIPTICAL_AFTER = re.compile(
    r"\s*(?:\([^()]{1,40}\)\s*)?(?:(?:to|into|in|at)\s+(?:the\s+)?(?:[A-Z]|al-|[\u0600-\u06ff])|"
    r"on\s+(?:[A-Z]|\d)|(?:last|this)\s+[A-Za-z]|yesterday\b|[.;]|$)"
)
# "Another 180 families did so on 3 March": the return of the sentence before
DID_SO = re.compile(r"\b(?:did\s+(?:so|the\s+same|likewise)|followed\s+suit)\b", re.IGNORECASE)
# a list item that names its place first: "Returns on 12 March: Sirte 300 families, Misrata 150"
PLACE_FIRST = re.compile(
    r"(?:^|[:,;]|\band)\s*(?P<place>[A-Z][\w'’-]*(?:[ -][A-Z0-9][\w'’-]*){0,2})\s+$"
)
# between two items of an inline list: "(Sirte), ", " in District 1; ", " to Sabri and ",
# ", Misrata "
LIST_GAP = re.compile(
    r"^\s*(?:\([^()]{0,40}\)|(?:in|to|at|into|for|on|إلى|الى|في)\s+[^,;.()،]{1,40}?)?\s*"
    r"(?:[,;،]\s*(?:and\s+|و\s*)?|and\s+|و\s*)(?-i:[A-Z][\w'’-]*(?:[ -][A-Z0-9][\w'’-]*){0,2}\s*:?\s*)?$",
    re.IGNORECASE,
)
LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s")
HOME_OR_TOWN = re.compile(r"\b(?:home|homes|the\s+(?:town|city|area|village))\b", re.IGNORECASE)
CLAUSE_BREAK = re.compile(r"[,;]|\s(?:and\s+that|while|but|whereas)\s", re.IGNORECASE)


def search(pattern: re.Pattern[str], words: tuple[str, ...], text: str) -> re.Match[str] | None:
    """``pattern.search(text)``, skipped for ASCII text holding none of ``words`` (lowercase
    pieces one of which every match of the pattern holds: a substring test is far cheaper
    than a search that tries every alternative at every position)."""
    if text.isascii():
        lower = text.lower()
        if not any(word in lower for word in words):
            return None
    return pattern.search(text)


# the words every match of a pattern holds, for ``search``
FLOW_CUE_WORDS = ("during", "past", "last", "week", "day", "alone", "more", "another", "new")
SINCE_WORDS = ("since",)
PRESENT_PERFECT_WORDS = ("returned", "back")
PAST_PERFECT_WORDS = ("had",)
STAGE_WORDS = ("stage", "phase")
RETURN_CUE_WORDS = ("return", "back", "home", "resettled", "repatriated")
YEAR_TO_DATE_WORDS = ("year", "far", "ytd", "start", "beginning")
PREFILTERED = {
    "YEAR_TO_DATE": (YEAR_TO_DATE, YEAR_TO_DATE_WORDS),
    "FLOW_CUE": (FLOW_CUE, FLOW_CUE_WORDS),
    "SINCE": (SINCE, SINCE_WORDS),
    "PRESENT_PERFECT": (PRESENT_PERFECT, PRESENT_PERFECT_WORDS),
    "PAST_PERFECT": (PAST_PERFECT, PAST_PERFECT_WORDS),
    "STAGE": (STAGE, STAGE_WORDS),
    "RETURN_CUE": (RETURN_CUE, RETURN_CUE_WORDS),
}
