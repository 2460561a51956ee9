"""Counts of people in a sentence: a number and its unit (families, people …), found after
the number ("1,200 families"), before it ("the number of families … to 1,020"), in the
whole it is taken out of ("20 of the 400 families"), at the head of a list ("Returned
families: Sirte 1,200"), in the value it corrects, or in the last count of the sentence
("4,500 people were displaced, and 1,200 have returned"); ranges ("between 300 and 400
families"), the same return in two units ("4,137 families, or about 20,688 people") and
counts that are no return (``not_returns``) are told apart here too."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from returnwatch.extract import vocabulary as vocab
from returnwatch.extract.not_returns import is_name_number, is_not_return
from returnwatch.extract.numbers import NumberMention
from returnwatch.extract.parts import NOT_BEFORE
from returnwatch.extract.places import IN_PARENS

# "400 families (Misrata) and 300 families …": the next count of a coordinated list
COORDINATED = re.compile(
    r"\s*(?:\([^)]{0,40}\)\s*)?(?:,\s*(?:and\s+)?|and\s+)(?=[\d\u0660-\u0669])", re.IGNORECASE
)
# "400 families (Misrata) and …": the place of a count in parentheses, then the next count
PLACED_ITEM_GAP = re.compile(IN_PARENS.pattern + r"\s*(?:,\s*(?:and\s+)?|and\s+)", re.I)


@dataclass(frozen=True)
class Candidate:
    number: NumberMention
    unit: str
    unit_word: str
    unit_start: int  # sentence-relative
    end: int  # end of the unit word (or of the number, when the unit came first)
    low: NumberMention | None = None  # the low end of a range
    unit_first: bool = False  # "the number of families … to 1,020"
    read_at: tuple[int, int] | None = None  # where place and date are read, when not here
    running_total: bool = False  # "…, bringing the total to 5,400" after a return figure
    parallel: bool = False  # "… and 200 to Laithi": a figure only as the next item of a list
    other_dates: tuple[int, int] | None = None  # dates here are another count's ("fled in 2016")

    @property
    def first(self) -> NumberMention:
        return self.low or self.number


def find_candidates(
    s: str, numbers: list[NumberMention], earlier: dict[int, NumberMention] | None = None
) -> list[Candidate]:
    """``earlier``: for a correction's new value, the value it replaces (whose unit it
    takes when it has none: "the 640 families … were in fact 460")."""
    found: list[Candidate] = []
    for i, number in enumerate(numbers):
        if is_name_number(s[: number.start]):
            continue
        cand = (
            unit_after(s, number)
            or _unit_of_whole(s, number, numbers[i + 1 : i + 2])
            or _unit_before(s, number)
            or _unit_of_list_head(s, number)
            or _unit_of_earlier(s, number, (earlier or {}).get(number.start))
            or _unit_of_the_sentence(s, number, numbers[:i], found[-1] if found else None)
        )
        if cand is None or (not cand.unit_first and _not_return(s, cand, numbers)):
            continue
        low = _range_low(s, numbers[i - 1], number) if i else None
        if low is not None and found and found[-1].number == low:
            found.pop()
        found.append(replace(cand, low=low) if low else cand)
    return found


def unit_after(s: str, number: NumberMention) -> Candidate | None:
    match = vocab.UNIT_AFTER.match(s[number.end :])
    if not match or vocab.NOT_DESCRIBING.match(s[number.end : number.end + match.start("unit")]):
        return None
    word = match.group("unit")
    return Candidate(
        number,
        vocab.UNIT_WORDS[word.lower()],
        word,
        number.end + match.start("unit"),
        number.end + match.end("unit"),
    )


def _unit_of_list_head(s: str, number: NumberMention) -> Candidate | None:
    """A count in a list after "Returned families:" takes that unit, when only place names,
    other counts and "and" stand between the colon and it ("…: Sirte 1,200, Misrata 400")."""
    head = vocab.UNIT_LIST_HEAD.search(s, max(0, number.start - 300), number.start)
    if head is None:
        return None
    tokens = re.split(r"[\s,;()]+", head.group("items"))
    if not all(vocab.LIST_ITEM_TOKEN.fullmatch(t) for t in tokens if t):
        return None
    group = "unit" if head.group("unit") else "unit_subject"
    if vocab.COUNTED_UNIT.search(s, max(0, head.start(group) - 40), head.start(group)):
        return None  # "585 families returned to Sirte: …" is a total and its parts
    if not vocab.LIST_ITEM_END.match(s, number.end) or s[: number.start].rstrip().endswith("("):
        return None  # "…: 14 fighters and 5 cars" counts something else; "Sirte (1,200)" unread
    word = head.group(group)
    return Candidate(
        number, vocab.UNIT_WORDS[word.lower()], word, head.start(group), number.end, unit_first=True
    )


def _unit_before(s: str, number: NumberMention) -> Candidate | None:
    before = vocab.UNIT_BEFORE.search(s[max(0, number.start - 200) : number.start])
    after = vocab.UNIT_AFTER_THE_NUMBER_OF.match(s[number.end :])
    match = before or after
    if match is None:
        return None
    word = match.group("unit") or match.group("unit_subject")
    start = number.start - 200 if before else number.end
    group = "unit" if match.group("unit") else "unit_subject"
    unit_start = max(0, start) + match.start(group) if before else number.end + match.start(group)
    return Candidate(
        number, vocab.UNIT_WORDS[word.lower()], word, unit_start, number.end, unit_first=True
    )


def _unit_of_whole(s: str, number: NumberMention, after: list[NumberMention]) -> Candidate | None:
    """A count taken out of a whole takes the whole's unit: "only 20 of the 400 displaced
    families have returned" counts 20 families (the 400 is no return: ``is_not_return``);
    "one of the 300 families that returned" is one family's story, not a count."""
    match = vocab.OF_THE_WHOLE.match(s, number.end)
    if number.value < 2 or not after or match is None or match.end() != after[0].start:
        return None
    whole = unit_after(s, after[0])
    return replace(whole, number=number) if whole else None


def _unit_of_earlier(s: str, number: NumberMention, old: NumberMention | None) -> Candidate | None:
    """A corrected value given without a unit takes the unit of the value it corrects,
    also when that one has it before a denial: "the number of families … was not 300 but 250"."""
    if old is None:
        return None
    cand = unit_after(s, old)
    if cand is None:
        denied = NOT_BEFORE.search(s, 0, old.start)
        before = (
            vocab.UNIT_BEFORE.search(s[max(0, old.start - 200) : denied.start()])
            if denied
            else None
        )
        word = before and (before.group("unit") or before.group("unit_subject"))
        if not word:
            return None
        return Candidate(
            number, vocab.UNIT_WORDS[word.lower()], word, number.end, number.end, unit_first=True
        )
    return Candidate(
        number,
        cand.unit,
        cand.unit_word,
        number.end,
        number.end,
        unit_first=True,
        read_at=(old.start, cand.end),
    )


def _unit_of_the_sentence(
    s: str, number: NumberMention, before: list[NumberMention], last: Candidate | None = None
) -> Candidate | None:
    """A bare count right before a return verb, or a running total ("…, bringing the total
    to 5,400"), takes the unit of the last count of the sentence before it: "4,500 people
    were displaced, and 1,200 have returned"."""
    window = s[max(0, number.start - 80) : number.start]
    running = bool(
        any(w in window for w in ("total", "number", "tally", "count"))
        and vocab.RUNNING_TOTAL_BEFORE.search(window)
    )
    # "300 families returned to Sabri and 200 to Laithi": the verb left out (read only as
    # the next item after a return figure)
    parallel = bool(
        before
        and vocab.PARALLEL_BEFORE.search(s[before[-1].end : number.start])
        and vocab.PARALLEL_AFTER.match(s[number.end :])
    )
    if not running and not parallel and not vocab.BARE_RETURN.match(s[number.end :]):
        return None
    for earlier in reversed(before[-1:] if parallel else before):
        cand = unit_after(s, earlier)
        if cand is None and parallel and last is not None and last.number == earlier:
            cand = last  # "300 returned on 12 March and 200 on 14 March": the unit 300 took
        if cand is not None:
            return Candidate(
                number,
                cand.unit,
                cand.unit_word,
                number.end,
                number.end,
                unit_first=True,
                running_total=running,
                parallel=parallel and not running,
                read_at=(earlier.start, cand.end) if running else None,  # the total of that place
                other_dates=None if running else (earlier.start, number.start),
            )
    return None


def _not_return(s: str, cand: Candidate, numbers: list[NumberMention]) -> bool:
    """Also a count joined to the next of its unit, which is no return: "400 families
    (Misrata) and 300 families (Tripoli) awaiting return" awaits for both. Not in a list
    after a head ("Returnees recorded on 24 March: 310 families (Sirte) and 500 families
    (Tripoli) awaiting return"): the head says what the items are, the last only itself."""
    headed = ":" in s[: cand.number.start]
    seen: Candidate | None = cand
    while seen is not None:
        number = seen.number
        after = s[seen.end : seen.end + 120]
        if is_not_return(s[: number.start], s[number.end : seen.unit_start], seen.unit_word, after):
            return True
        joined = None if headed else COORDINATED.match(s, seen.end)
        then = [n for n in numbers if joined and n.start == joined.end()]
        following = unit_after(s, then[0]) if then else None
        seen = following if following is not None and following.unit == cand.unit else None
    return False


def _range_low(s: str, low: NumberMention, high: NumberMention) -> NumberMention | None:
    if not vocab.RANGE_JOIN.match(s[low.end : high.start]) or low.value >= high.value:
        return None
    joined_by_and = s[low.end : high.start].strip().lower() == "and"
    if joined_by_and and not vocab.BETWEEN.search(s[: low.start]):
        return None
    return low


def is_pair(s: str, before: Candidate, cand: Candidate) -> bool:
    if before.unit == cand.unit or cand.low is not None or before.unit_first or cand.unit_first:
        return False
    gap = s[before.end : cand.number.start]
    if vocab.PAIRED_UNIT.match(gap):
        return True
    # "the return of 80 families and 400 individuals": the same people counted twice, when
    # the people per family are a family's size (else two groups: "80 families and 3 people")
    if not vocab.AND_PAIR.match(gap):
        return False
    households, people = (before, cand) if before.unit == "households" else (cand, before)
    return 2 * households.number.value <= people.number.value <= 12 * households.number.value


def shares_verb(s: str, cand: Candidate, after: list[Candidate]) -> int:
    """Where the last of the next counts that share the verb with ``cand`` ends (0: none
    does). Two groups joined by "and" before one verb ("Some 80 families and 30 people
    returned"): each is a return of its own, told by the verb after the second (not a
    pair: 30 people are no family size, see ``is_pair``). Counts each followed by its place
    in parentheses ("400 families (Misrata) and 300 families (Tripoli) returned on 1
    March"): every item up to the last is told by the verb after it; not in a list after a
    head ("…: 310 families (Sirte) and 500 families (Tripoli) awaiting return"), whose
    items are read one by one."""
    if not after or after[0].low is not None or after[0].unit_first:
        return 0
    if vocab.AND_PAIR.match(s[cand.end : after[0].first.start]):
        return after[0].end
    shared, last = 0, cand
    for item in after if ":" not in s[: cand.number.start] else []:
        if item.unit_first or not PLACED_ITEM_GAP.fullmatch(s, last.end, item.first.start):
            break
        shared, last = shared + 1, item
    return last.end if shared and IN_PARENS.match(s, last.end) else 0


def counts_returnees(s: str, cand: Candidate) -> bool:
    """ "382,222 returnees" counts people who have returned (a stock); "new returnees" a flow."""
    words = [*s[cand.number.end : cand.unit_start].lower().split(), cand.unit_word.lower()]
    if not {"returnees", "returnee"} & set(words):
        return False
    return not vocab.NEW_RETURNEES.search(s[: cand.unit_start])


def running_total_next(s: str, cand: Candidate) -> bool:
    """The count ``cand`` is a running total brought to by the count before it."""
    start = cand.first.start
    return bool(vocab.RUNNING_TOTAL_NEXT.search(s, max(0, start - 100), start))
