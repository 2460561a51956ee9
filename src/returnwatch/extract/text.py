"""Return figures in free text, read sentence by sentence the way an analyst would.

A figure is a number with a unit of people (families, households, people, residents …)
in a clause that says they returned, and not that they will; the people counted are not
the displaced, the dead or a denominator. Its place is the most specific gazetteer place
of that clause, its date the clause's own date phrase (a stock: its as-of date, else the
day of the statement), its speaker the organisation the sentence quotes. Totals followed
by their parts, corrections ("revised from 1,200 to 1,020") and pipe tables are read too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import partial

from returnwatch.extract import vocabulary as vocab
from returnwatch.extract.clauses import (
    cut_before,
    is_return,
    quotes_someone,
    return_cue,
    verb_left_out,
    without_earlier_total,
)
from returnwatch.extract.dates import DateMention, find_dates, period_end
from returnwatch.extract.figure import Figure
from returnwatch.extract.figure_groups import (
    paired,
    part_of,
    share_list_date,
    without_headline_repeats,
)
from returnwatch.extract.figure_type import stock_or_flow, year_so_far
from returnwatch.extract.later_parts import with_later_parts
from returnwatch.extract.numbers import find_numbers
from returnwatch.extract.parts import corrections, find_parts
from returnwatch.extract.places import Place, PlacePicker
from returnwatch.extract.sentences import Sentence, excerpt, split_sentences
from returnwatch.extract.speakers import abbreviations, speaker
from returnwatch.extract.tables import Table, find_tables, link_table_total, table_is_returns
from returnwatch.extract.units import (
    Candidate,
    find_candidates,
    is_pair,
    running_total_next,
    shares_verb,
    unit_after,
)
from returnwatch.extract.when import SAME_DAY, RoledDate, event_date, roles, with_days_before
from returnwatch.gazetteer import Gazetteer

METHOD = "text-rules/2"
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
NUMBER_CHARS = re.compile(r"[\w,.\u066c]*")


def extract_text_figures(
    document_id: str,
    file: str,
    text: str,
    body_start: int,
    published: date | None,
    gazetteer: Gazetteer,
    read_on: date | None = None,
) -> list[Figure]:
    """Every return figure in ``text`` (spans index ``text``; the body starts at ``body_start``).

    Dates with no year and words like "yesterday" count from ``published``, else from
    ``read_on`` (the day the document was first read), else from today; a figure that names
    no date takes ``published`` alone (none: undated).
    """
    text = COMMENT.sub(lambda m: " " * len(m.group(0)), text)
    body = text[body_start:]
    tables = find_tables(body)
    reader = _Reader(
        published=published,
        dates_from=published or read_on,
        places=PlacePicker(gazetteer, text, body_start),
        known=abbreviations(body),
        base=Figure(
            document_id=document_id, file=file, quantity=0, unit="", figure_type="", method=METHOD
        ),
    )
    in_table = [(t.start + body_start, t.end + body_start) for t in tables]
    sentences = [
        s
        for s in split_sentences(body, offset=body_start)
        if not any(a <= s.start < b for a, b in in_table)
    ]
    figures: list[Figure] = []
    for index, sentence in enumerate(sentences):
        figures += reader.sentence_figures(sentence, sentences[:index])
    for table in tables:
        intro = [s for s in sentences if s.end <= table.start + body_start]
        figures += reader.table_figures(table, body_start, intro)
    figures = with_later_parts(figures, sentences, reader.dates_from, published)
    figures = without_headline_repeats(figures, sentences)
    return sorted(figures, key=lambda f: (f.span_start or 0, f.span_end or 0))


@dataclass
class _Reader:
    """Reads one document's sentences in order, remembering who spoke last and which
    day the paragraph was about."""

    published: date | None
    dates_from: date | None  # what date phrases count from (None: today)
    places: PlacePicker
    known: dict[str, str]
    base: Figure
    speech: str | None = None  # the last sentence that quotes someone
    said_here: str | None = None  # the last one of this paragraph (with its list items)
    paragraph_texts: list[str] = field(default_factory=list)
    last_paragraph: int = -1
    intro_dates: list[RoledDate] = field(default_factory=list)

    def sentence_figures(self, sentence: Sentence, previous: list[Sentence]) -> list[Figure]:
        s = sentence.text
        if sentence.paragraph != self.last_paragraph and not vocab.LIST_ITEM.match(s):
            self.paragraph_texts, self.said_here = [], None
        self.last_paragraph = sentence.paragraph
        found = find_numbers(s)
        intro = s.rstrip().endswith(":")
        out: list[Figure] = []
        # dates are read only where a figure or a list may need them; a number is a figure
        # only with a unit word (UNIT_AFTER, UNIT_BEFORE), so a sentence without one is skipped
        if intro or (found and vocab.has_unit_word(s)):
            dates = with_days_before(s, find_dates(s, self.dates_from), self._last_day)
            dated = roles(s, dates)
            numbers = [
                n for n in found if not any(d.start <= n.start < d.mention.end for d in dated)
            ]
            fixes = corrections(s, numbers)
            corrected = {old for old, _ in fixes.values()}
            earlier = {new: n for n in numbers for new, (old, _) in fixes.items() if n.start == old}
            numbers = [n for n in numbers if n.start not in corrected]
            candidates = find_candidates(s, numbers, earlier) if numbers else []
            out = self._read_candidates(sentence, candidates, numbers, dated, previous, fixes)
            if intro:
                self.intro_dates = dated
        if quotes_someone(s):
            self.speech = self.said_here = s
        self.paragraph_texts.append(s)
        return out

    def last_date(self) -> RoledDate | None:
        """The last day the paragraph so far named (for "on the same day")."""
        for text in reversed(self.paragraph_texts):
            events = [
                d
                for d in roles(text, find_dates(text, self.dates_from))
                if d.role != "statement" and d.role != "since"
            ]
            if events:
                return events[-1]
        return None

    def _last_day(self) -> DateMention | None:
        last = self.last_date()
        return last.mention if last else None

    def last_speaker(self, here: bool = False) -> str | None:
        """Who the last quoting sentence (``here``: of this paragraph) quoted (worked out
        only when a figure needs it)."""
        said = self.said_here if here else self.speech
        return None if said is None else speaker(said, len(said), self.known, self.places.is_place)

    def _read_candidates(
        self, sentence, candidates, numbers, dated, previous, fixes
    ) -> list[Figure]:
        s = sentence.text
        out: list[Figure] = []
        taken: set[int] = set()
        list_left, last_end = 0, -1  # where a run of listed figures' cue starts; last figure's end
        runs: list[list[int]] = []  # each run of listed figures, as indexes into ``out``
        for i, cand in enumerate(candidates):
            if cand.number.start in taken:
                continue
            pair = (
                candidates[i + 1]
                if i + 1 < len(candidates) and is_pair(s, cand, candidates[i + 1])
                else None
            )
            after = candidates[i + 2 if pair else i + 1 :]
            left = candidates[i - 1].end if i else 0
            right = after[0].first.start if after else len(s)
            shared = 0 if pair else shares_verb(s, cand, after)  # where the last sharing count ends
            if shared:  # "Some 80 families and 30 people returned to Sirte": two groups, one verb
                right = next((c.first.start for c in after if c.first.start > shared), len(s))
            parts_start, parts = find_parts(s, (pair or cand).end, numbers)
            if parts:
                right = min(right, parts_start)
                taken |= {p.number.start for p in parts}
            cue_right = cut_before(s, max(shared, (pair or cand).end), right) if after else right
            own = cut_before(s, (pair or cand).end, cue_right)  # not "…, and that 500 will return"
            # "Returnees: 1,200 families (Sirte), 400 families (Misrata)": every item of a list
            # after one cue is a figure, read with the cue of the list's first item
            listed = (
                bool(i)
                and last_end == left
                and (
                    cand.running_total
                    or cand.parallel
                    or vocab.LIST_GAP.match(s[left : cand.first.start])
                )
            )
            # its own words end at the next count of people, even one that is not a return
            # ("… 400 families (Misrata) and 300 families (Tripoli) awaiting return")
            if "eturn" in s[left:own] and vocab.not_yet(s[left:own]) and not shared:
                end = (pair or cand).end
                own = min([own, *(n.start for n in numbers if n.start > end and unit_after(s, n))])
            if (listed and vocab.not_yet(s[left:own])) or (cand.parallel and not listed):
                continue
            if not listed:
                if not is_return(s[left:cue_right], previous, sentence, own - left):
                    continue
                list_left = left
                if last_end != left or not verb_left_out(s, left, cand.first.start, cand.end, own):
                    runs.append([])  # else it shares the verb, and a date after it, with the last
            # "100 families have returned, bringing the total to 900": 100 is what was added
            increment = not listed and bool(after) and running_total_next(s, after[0])
            figure = self._figure(
                sentence, cand, list_left, right, cue_right, dated, previous, fixes, increment
            )
            last_end = (pair or cand).end
            runs[-1].append(len(out))
            out.append(figure)
            if pair is not None:
                taken.add(pair.number.start)
                other = paired(figure, pair, sentence)
                out[-1] = figure.with_(paired_figure_id=other.figure_id)
                out.append(other.with_(paired_figure_id=out[-1].figure_id))
            out += [part_of(figure, p, sentence) for p in parts]
        if not any(len(run) > 1 for run in runs):
            return out
        said = {d.mention.text for d in dated if d.role == "statement"}
        return share_list_date(out, runs, said)

    def _figure(
        self, sentence, cand, left, right, cue_right, dated, previous, fixes, increment=False
    ) -> Figure:
        s = sentence.text
        if cand.other_dates:  # "2,000 families fled in 2016 and 600 have come back"
            dated = [d for d in dated if not cand.other_dates[0] <= d.start < cand.other_dates[1]]
        first = cand.first
        dated = without_earlier_total(s, dated, first.start, right)
        list_as_of = bool(vocab.LIST_ITEM.match(s)) and any(
            d.role == "as_of" for d in self.intro_dates
        )
        year = year_so_far(s, dated, (left, first.start, right), self.dates_from)
        is_stock, since_day = stock_or_flow(
            s, cand, dated, (left, cue_right, right), increment, list_as_of, year is not None
        )
        at = cand.read_at[0] if cand.read_at else first.start
        when = self._when(s, dated, at, left, right, is_stock)
        if not is_stock and year and (not when or when.role != "event" or when.start < left):
            when = year  # "Year to date, 2,300 families have returned": 1 January, the year
        if since_day and not is_stock and (when is None or when.role == "statement"):
            when = next(d for d in dated if d.role == "since" and left <= d.start < right)
        value, precision = self._date_value(when, is_stock)
        place = self._place(sentence, cand, left, right, previous)
        stage = vocab.search(vocab.STAGE, vocab.STAGE_WORDS, s)
        here = partial(self.last_speaker, True)  # who spoke before in this paragraph
        said = speaker(s, first.start, self.known, self.places.is_place, here)
        return self.base.with_(
            quantity=first.value,
            quantity_high=cand.number.value if cand.low else None,
            qualifier="range" if cand.low else vocab.qualifier_before(s[left : first.start]),
            unit=cand.unit,
            figure_type="stock" if is_stock else "flow",
            stage=vocab.stage_number(stage) if stage else None,
            event_date=value,
            date_precision=precision,
            date_text=when.mention.text if when else None,
            location_text=place.text,
            location_context=place.context,
            announced_by=said,
            excerpt=excerpt(s, first.start),
            span_start=sentence.start + first.start,
            span_end=sentence.start + cand.end,
            corrects_quantity=fixes.get(cand.number.start, (None, None))[1],
            confidence=_confidence(cand, place, when),
        )

    def _when(self, s, dated, at, left, right, is_stock) -> RoledDate | None:
        past = at + len(NUMBER_CHARS.match(s, at).group(0))  # not the comma of "1,340"
        stop = vocab.CLAUSE_BREAK.search(s, past, right)  # "…, up from 8,000 in 2016" is not it
        after = [d for d in dated if at <= d.start < (stop.start() if stop else right)]
        if not is_stock and after and any(d.role == "event" for d in after):
            return min((d for d in after if d.role == "event"), key=lambda d: d.start)
        # a stock counted on a day of its own ("numbered 1,340 on 21 March, the council said")
        own_day = [d for d in after if d.role == "event" and d.mention.precision == "day"]
        if is_stock and own_day and not any(d.role == "as_of" for d in after):
            return own_day[0]
        when = event_date(dated, at, left, right, is_stock)
        if when is not None and (is_stock or when.role != "statement"):
            return when
        earlier = self.last_date() if SAME_DAY.search(s[at:right]) else None
        if earlier is not None:
            return earlier
        if vocab.LIST_ITEM.match(s) or not dated:
            intro = (
                event_date(self.intro_dates, 0, 0, 10**6, is_stock)
                if vocab.LIST_ITEM.match(s)
                else None
            )
            if intro is not None:
                return intro
        if not dated and not is_stock:
            heading = self.heading_date()
            if heading is not None:
                return heading
        return when or next((d for d in dated if d.role == "statement"), None)

    def heading_date(self) -> RoledDate | None:
        """The day of returns the previous sentence of the paragraph names when it gives no
        figure of its own ("Returns recorded on 25 March. Returnees: 1,200 families …")."""
        if not self.paragraph_texts:
            return None
        text = self.paragraph_texts[-1]
        if not return_cue(text) or vocab.not_yet(text):
            return None
        if vocab.RETURNS_BEGAN.search(text):
            return None
        dated = roles(text, find_dates(text, self.dates_from))
        numbers = [
            n
            for n in find_numbers(text)
            if not any(d.start <= n.start < d.mention.end for d in dated)
        ]
        events = [d for d in dated if d.role == "event" and d.mention.precision == "day"]
        return events[-1] if events and not numbers else None

    def _date_value(self, when: RoledDate | None, is_stock: bool) -> tuple[date | None, str | None]:
        if when is None:
            return self.published, ("day" if self.published else None)
        mention = when.mention
        if is_stock:
            return period_end(mention.value, mention.precision, self.published), mention.precision
        return mention.value, mention.precision

    def _place(self, sentence, cand, left, right, previous) -> Place:
        named = vocab.PLACE_FIRST.search(sentence.text, 0, cand.first.start)
        if named and self.places.is_place(named.group("place")):  # "…: Sirte 300 families"
            return Place(named.group("place"), self.places.context)
        if cand.other_dates:  # "2,000 families fled District 2 …, and 600 have come back"
            left = cand.first.start  # a place after it, else the last place before it
        clause = sentence.text[left:right]
        country = self.places.country()
        if country and vocab.NATIONAL.search(clause):
            return Place(country, None)
        at, at_end = cand.read_at or (cand.first.start, cand.end)
        place = self.places.pick(sentence, at, at_end, left, right, previous)
        if place.text is None and vocab.HOME_OR_TOWN.search(clause):
            return self.places.document_place()
        return place

    def table_figures(self, table: Table, offset: int, intro: list[Sentence]) -> list[Figure]:
        """Figures of a pipe table, typed and dated by the sentence that introduces it."""
        lead = intro[-1] if intro else None
        text = lead.text if lead else ""
        if not table.cells or not table_is_returns(text, table):
            return []
        dated = roles(text, find_dates(text, self.dates_from))
        headers = " ".join({c.header for c in table.cells})
        is_stock = bool(vocab.STOCK_CUE.search(text) or vocab.STOCK_CUE.search(headers)) or any(
            d.role == "as_of" for d in dated
        )
        when = event_date(dated, len(text), 0, len(text), is_stock)
        value, precision = self._date_value(when, is_stock)
        said = speaker(text, len(text), self.known, self.places.is_place) or self.last_speaker()
        figures: list[Figure] = []
        for cell in table.cells:
            start = offset + cell.number.start
            figures.append(
                self.base.with_(
                    quantity=cell.number.value,
                    unit=cell.unit,
                    figure_type="stock" if is_stock else "flow",
                    event_date=value,
                    date_precision=precision,
                    date_text=when.mention.text if when else None,
                    location_text=cell.place,
                    location_context=self.places.context,
                    announced_by=said,
                    excerpt=excerpt(f"{text} {cell.header}: {cell.place}: {cell.number.text}", 0),
                    span_start=start,
                    span_end=offset + cell.number.end,
                    method=f"{METHOD}+table",
                    confidence=0.85 if cell.place else 0.6,
                )
            )
        return link_table_total(figures, table)


def _confidence(cand: Candidate, place: Place, when: RoledDate | None) -> float:
    """How sure the rules are: lower when the unit came before the number, when no place
    or no date phrase was found."""
    score = 0.95
    if cand.unit_first:
        score -= 0.15
    if place.text is None:
        score -= 0.2
    if when is None:
        score -= 0.1
    return round(score, 2)
