"""Numbers with a unit of people that still are not returns, judged from the words
right around them: the displaced, the dead, a denominator, a place named by a number."""

from __future__ import annotations

import re

# "Hay 700", "Imarat 600", "Decision No. 45", "Round 21": the number is a name, not a count.
NAMED_BY_NUMBER = re.compile(
    r"(?:\b(?:hay|imarat|district|neighbou?rhood|no\.?|nos\.?|number|round|stage|phase|building|"
    r"block|form|decision|resolution|law|bulletin|issue|report|page|route|road|highway|gate|"
    r"checkpoint|km|article|camp|zone|sector|grade|flight|convoy)|#|حي|رقم)\s*$",
    re.IGNORECASE,
)
# "out of 2,900 families", "20 of the 400 displaced families", "35% of the 4,000 households":
# the whole the count before it is taken from, not a return
OUT_OF = re.compile(
    r"(?:\bout\s+of|(?:[\d\u0660-\u0669]|%|\bper\s?cent|\b(?:two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|dozens?|majority|half|most))\s+of)\s+"
    r"(?:the\s+|an\s+estimated\s+|some\s+|(?:the\s+)?[\w-]+['’]s\s+)?$",
    re.IGNORECASE,
)
# "returnees now number 12,500": the verb, not "Number 12"
NUMBER_VERB = re.compile(
    r"\b(?:now|they|who|which|families|households|people|persons|individuals|residents|"
    r"returnees|returns|idps)\s+(?:(?:now|still|already|together)\s+)?number\s*$",
    re.IGNORECASE,
)
_STATE = (
    r"displaced|fled|flee|fleeing|evicted|expelled|forced\s+out|killed|dead|died|injured|wounded|"
    r"hurt|missing|detained|kidnapped|abducted|arrested|stranded|trapped|evacuated|sheltering|"
    r"sheltered|living\s+in|live\s+in|staying|stay|hosted|registered\s+as|left|leaving|"
    r"in\s+need|affected|treated|received|receiving|receive|took\s+part|need|needed|lack|lacked|"
    r"waiting|wait|await\w*|remain|remained|remaining|are\s+still|were\s+still|still|camped|"
    r"relocated|moved\s+to|transferred|departed|crossed|migrated|benefit\w*|were\s+given|got|"
    r"registered(?!\s+as\s+return)|applied|signed\s+up|asked|requested"
)
# "700 families from the district have registered": a short phrase may sit before the verb.
_PLACE_PHRASE = r"(?:(?:from|in|of|at)\s+(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+)?\s+)?"
NOT_RETURN_AFTER = re.compile(
    rf"^\s*(?:\([^)]{{0,40}}\)\s*)?,?\s*{_PLACE_PHRASE}(?:who|that|which)?\s*"
    rf"(?:(?:have|has|had|were|are|was|is|been|being|also|reportedly|now|had\s+been|have\s+been|"
    rf"will|would|shall|are\s+to|each|all)\s+)*"
    rf"(?:{_STATE})\b",
    re.IGNORECASE,
)
RETURN_AFTER = re.compile(
    r"^\s*(?:\([^)]{0,40}\)\s*)?,?\s*(?:who|that)?\s*(?:(?:have|has|had|were|are|was|is|been|"
    r"also|reportedly|now|already|all|finally|so\s+far|since|recently|gradually|successfully|"
    r"safely|voluntarily)\s+)*(?:return\w*|came\s+back|went\s+(?:back|home)|"
    r"moved\s+back|back\b|home\b|made\s+it)",
    re.IGNORECASE,
)
# Help given to returnees is not a return: "food parcels were distributed to 300 returnee
# families", "cash assistance to 420 returnee households".
_HELP = (
    r"distributed|distributing|provided|providing|provides|given|giving|gave|handed\s+(?:out|over)|"
    r"delivered|allocated|disbursed|paid|granted|supplied|offered|assistance|aid|support|"
    r"grants?|kits|parcels|vouchers|cash|compensation|allowances?|"
    # "500 houses were rehabilitated for 320 returning families"
    r"rehabilitat\w*|repaired|rebuilt|renovated|reconstructed|housing|shelters?|tents|caravans"
)
ASSISTED_BEFORE = re.compile(
    rf"\b(?:{_HELP})\b[^.;:]{{0,60}}?\b(?:to|for|among|between)\s+"
    r"(?:(?:some|about|around|nearly|over|more\s+than|at\s+least|an\s+estimated|the|another)\s+)*$",
    re.IGNORECASE,
)
# "600 families who returned to Sirte in February received 1,000 dinars each"
ASSISTED_AFTER = re.compile(
    r"^\s*,?\s*(?:who|that)\s+(?:have\s+|had\s+|recently\s+|already\s+)*"
    r"(?:return\w*|came\s+back|went\s+back|moved\s+back)\b[^.;]{0,80}?,?\s*"
    r"(?:have\s+|had\s+|each\s+|also\s+|will\s+|are\s+to\s+|were\s+|are\s+)*"
    r"(?:received?|receiving|given|provided|supplied|handed|got|benefit\w*|paid|granted|"
    r"assisted|helped|eligible|entitled|"
    # "50 families who had returned to Ganfouda were displaced again": not a return either
    r"displaced|fled|forced\s+out|evicted|killed|injured|left\s+again)\b",
    re.IGNORECASE,
)
# "… compared with 80 families in the previous week", "up from 9,000": an earlier report's
# figure given for comparison (its own report is its source; here it would count twice)
COMPARED_BEFORE = re.compile(
    r"\b(?:compared\s+(?:to|with)|as\s+against|against|versus|vs\.?|(?:up|down)\s+from)\s+"
    r"(?:(?:some|about|around|nearly|over|more\s+than|only|just|the)\s+)*$",
    re.IGNORECASE,
)
RELATIVE = re.compile(r"\b(?:who|that|which)\b", re.IGNORECASE)
# … the main verb after the relative clause: a return, not negated
RETURNED_AFTER_ALL = re.compile(
    r"(?:(?!\b(?:not|never|yet|unable|cannot|wish\w*|hop\w*|want\w*)\b)[^.;,:])"
    r"{0,90}?\s(?:have\s+|has\s+|had\s+)?(?:now\s+|finally\s+|recently\s+|all\s+)?"
    r"(?:returned|come\s+back|came\s+back|gone\s+back|went\s+back)\b",
    re.IGNORECASE,
)
DISPLACED_WORD = re.compile(r"\b(?:displaced|idps?|refugees?|migrants?|evacuees?)\b", re.IGNORECASE)


def is_name_number(before: str) -> bool:
    """The number is part of a name ("Hay 700") or a document number ("No. 45")."""
    tail = before[-40:]
    return bool(NAMED_BY_NUMBER.search(tail[-20:])) and not NUMBER_VERB.search(tail)


def is_not_return(before: str, describing: str, unit_word: str, after: str) -> bool:
    """The people counted are not returning: "2,000 families fled", "newly displaced
    persons", "14,500 IDPs remain", "out of 2,900 families", "compared with 80 families
    the week before", help given to returnees."""
    if OUT_OF.search(before[-24:]) or COMPARED_BEFORE.search(before[-40:]):
        return True
    if ASSISTED_BEFORE.search(before[-100:]) or ASSISTED_AFTER.match(after):
        return True
    if RETURN_AFTER.match(after):
        return False
    state = NOT_RETURN_AFTER.match(after)
    if state and RELATIVE.search(state.group(0)) and RETURNED_AFTER_ALL.match(after, state.end()):
        return False  # "2,500 families who had been living in camps returned home"
    if state:
        # returnees who "have been registered" are counted, not waiting
        return not (unit_word.lower().startswith("returnee") and "regist" in state.group(0).lower())
    return bool(DISPLACED_WORD.search(describing) or DISPLACED_WORD.fullmatch(unit_word))
