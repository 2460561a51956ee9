"""Stock or flow: does a return figure count everyone back by some day (a stock: "5,400
families have returned", "382,222 returnees") or the people who came back in a stretch of
time (a flow: "100 families returned on Friday", "since Sunday, 650 residents have
returned")? See DESIGN.md for what each means downstream."""

from __future__ import annotations

from datetime import date

from returnwatch.clock import run_day
from returnwatch.extract import vocabulary as vocab
from returnwatch.extract.clauses import present_perfect
from returnwatch.extract.dates import DateMention
from returnwatch.extract.units import Candidate, counts_returnees
from returnwatch.extract.when import RoledDate


def year_so_far(
    s: str, dated: list[RoledDate], bounds: tuple[int, int, int], base: date | None
) -> RoledDate | None:
    """The year whose returns so far the figure counts, as its date (1 January, ``year``
    precision), when it counts them: "so far this year", "year to date", "YTD", "since the
    start of the year", or "since January" of ``base``'s year (the year the document counts
    from: "since January 2016" in a 2017 report is a total over two years). Read in the
    figure's clause, ``bounds`` (start, figure, end), or before the sentence's first figure
    ("Year to date, 2,300 families have returned to Benghazi and 400 to Sirte")."""
    left, at, right = bounds
    year = (base or run_day()).year
    match = None
    if vocab.search(vocab.YEAR_TO_DATE, vocab.YEAR_TO_DATE_WORDS, s) is not None:
        match = vocab.YEAR_TO_DATE.search(s, left, right) or vocab.YEAR_TO_DATE.search(s, 0, at)
    if match is not None and (match.start() >= left or not vocab.has_unit_word(s[: match.start()])):
        inside = [d for d in dated if match.start() <= d.start < match.end()]
        if inside:  # "this year", "in 2016": the phrase's own date
            return RoledDate(inside[0].mention, "event")
        named = match.group("since_year")
        if named is None or int(named) == year:
            mention = DateMention(
                match.start(), match.end(), match.group(0), date(year, 1, 1), "year"
            )
            return RoledDate(mention, "event")
        return None
    for d in dated:
        m = d.mention
        if (
            d.role == "since"
            and left <= d.start < right
            and m.precision == "month"
            and m.value == date(year, 1, 1)
            and vocab.SINCE_BEFORE_MONTH.search(s, max(0, d.start - 8), d.start)
        ):
            return RoledDate(DateMention(m.start, m.end, m.text, m.value, "year"), "event")
    return None


def stock_or_flow(
    s: str,
    cand: Candidate,
    dated: list[RoledDate],
    bounds: tuple[int, int, int],
    increment: bool,
    list_as_of: bool,
    year_to_date: bool,
) -> tuple[bool, bool]:
    """Whether the figure ``cand`` of sentence ``s`` is a stock, and whether it counts the
    days since a day the clause names ("since Sunday"). ``bounds``: where the figure's
    clause starts, where its cue words end and where its own words end; ``increment``: it
    is what was added to a running total; ``list_as_of``: the list it is an item of is
    introduced with an as-of date; ``year_to_date``: it counts the returns of one year so
    far (``year_so_far``), a flow dated from the year (a stock would replace the area's
    total, earlier years and all)."""
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
