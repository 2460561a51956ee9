"""Stock or flow: does a return figure count everyone back by some day (a stock: "5,400
families have returned", "382,222 returnees") or the people who came back in a stretch of
time (a flow: "100 families returned on Friday", "since Sunday, 650 residents have
returned")? See DESIGN.md for what each means downstream."""

from __future__ import annotations

from returnwatch.extract import vocabulary as vocab
from returnwatch.extract.clauses import present_perfect
from returnwatch.extract.units import Candidate, counts_returnees
from returnwatch.extract.when import RoledDate


def stock_or_flow(
    s: str,
    cand: Candidate,
    dated: list[RoledDate],
    bounds: tuple[int, int, int],
    increment: bool,
    list_as_of: bool,
) -> tuple[bool, bool]:
    """Whether the figure ``cand`` of sentence ``s`` is a stock, and whether it counts the
    days since a day the clause names ("since Sunday"). ``bounds``: where the figure's
    clause starts, where its cue words end and where its own words end; ``increment``: it
    is what was added to a running total; ``list_as_of``: the list it is an item of is
    introduced with an as-of date."""
    left, cue_right, right = bounds
    cue = s[left:cue_right]
    as_of = list_as_of or any(d.role == "as_of" and left <= d.start < right for d in dated)
    flow_cue = bool(vocab.search(vocab.FLOW_CUE, vocab.FLOW_CUE_WORDS, cue))
    flowing = flow_cue or any(d.role == "event" and left <= d.start < cue_right for d in dated)
    # "brought 1,100 returnees back on Friday" is a flow; "2,310 returnee households
    # between July and August" (a survey round) is still a count of returnees
    on_a_day = flow_cue or any(
        d.role == "event" and d.mention.precision in {"day", "week"} and left <= d.start < cue_right
        for d in dated
    )
    # "since Sunday, 650 residents have returned": a flow over the days since then
    # ("since the front line moved on 4 June" dates a start, like "since returns began")
    since_day = any(
        d.role == "since"
        and d.mention.precision in {"day", "week"}
        and left <= d.start < right
        and vocab.SINCE_THE_DAY.search(s[: d.start])
        for d in dated
    )
    since = (
        bool(vocab.search(vocab.SINCE, vocab.SINCE_WORDS, cue))
        and not since_day
        and not vocab.FIRST_SINCE.search(cue)
    )
    # "1,200 families have returned so far this year": the year's returns, a flow dated
    # from the year (a stock would replace the area's total, earlier years and all)
    year_to_date = bool(vocab.YEAR_TO_DATE.search(s, left, right))
    is_stock = (
        not increment
        and not year_to_date
        and (
            bool(vocab.STOCK_CUE.search(cue))
            or (
                not since_day
                and (
                    as_of
                    or (counts_returnees(s, cand) and not on_a_day)
                    or (present_perfect(cue) and not on_a_day)
                    or (
                        since
                        and bool(vocab.search(vocab.PAST_PERFECT, vocab.PAST_PERFECT_WORDS, cue))
                    )
                    or (since and not flowing)
                )
            )
        )
    )
    return is_stock, since_day
