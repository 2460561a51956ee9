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
from dataclasses import dataclass, field, replace
from datetime import date

from returnwatch.extract import vocabulary as vocab
from returnwatch.extract.dates import find_dates, period_end
from returnwatch.extract.figure import Figure
from returnwatch.extract.not_returns import is_name_number, is_not_return
from returnwatch.extract.numbers import NumberMention, find_numbers
from returnwatch.extract.parts import Part, corrections, find_parts
from returnwatch.extract.places import Place, PlacePicker
from returnwatch.extract.sentences import Sentence, split_sentences
from returnwatch.extract.speakers import abbreviations, speaker
from returnwatch.extract.tables import Table, find_tables
from returnwatch.extract.when import SAME_DAY, RoledDate, event_date, roles
from returnwatch.gazetteer import Gazetteer

METHOD = "text-rules/2"
EXCERPT_CHARS = 400
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
NUMBER_CHARS = re.compile(r"[\w,.\u066c]*")
_SPEECH_WORDS = ("said", "says", "announced", "stated", "reported", "confirmed", "declared")
_SPEECH_WORDS += ("told", "according")
SPEECH = re.compile(rf"\b(?:{'|'.join(_SPEECH_WORDS)})\b")


def _quotes_someone(s: str) -> bool:
    """``SPEECH.search(s)``, run only when one of its words is in the sentence at all (most
    sentences hold none, and a substring test is far cheaper than the search)."""
    return any(word in s for word in _SPEECH_WORDS) and SPEECH.search(s) is not None


@dataclass(frozen=True)
class _Candidate:
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
    figures = _without_headline_repeats(figures, sentences)
    return sorted(figures, key=lambda f: (f.span_start or 0, f.span_end or 0))


def _without_headline_repeats(figures: list[Figure], sentences: list[Sentence]) -> list[Figure]:
    """A headline ("150 families return to Tawergha", a line of its own with no full stop
    before the story) sums up the story: its figure is the story's, not another return, when
    the story gives the same count in the same unit."""
    if len(sentences) < 2 or sentences[0].paragraph == sentences[1].paragraph:
        return figures
    head = sentences[0]
    if head.text.rstrip().endswith((".", "!", "?", ":", "…", "。")):
        return figures
    in_head = [
        f for f in figures if f.span_start is not None and head.start <= f.span_start < head.end
    ]
    told = {(f.quantity, f.unit) for f in figures if f not in in_head}
    repeats = {id(f) for f in in_head if (f.quantity, f.unit) in told}
    return [f for f in figures if id(f) not in repeats]


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
    paragraph_texts: list[str] = field(default_factory=list)
    last_paragraph: int = -1
    intro_dates: list[RoledDate] = field(default_factory=list)

    def sentence_figures(self, sentence: Sentence, previous: list[Sentence]) -> list[Figure]:
        s = sentence.text
        if sentence.paragraph != self.last_paragraph and not vocab.LIST_ITEM.match(s):
            self.paragraph_texts = []
        self.last_paragraph = sentence.paragraph
        found = find_numbers(s)
        intro = s.rstrip().endswith(":")
        out: list[Figure] = []
        # dates are read only where a figure or a list may need them; a number is a figure
        # only with a unit word (UNIT_AFTER, UNIT_BEFORE), so a sentence without one is skipped
        if intro or (found and vocab.has_unit_word(s)):
            dated = roles(s, find_dates(s, self.dates_from))
            numbers = [
                n for n in found if not any(d.start <= n.start < d.mention.end for d in dated)
            ]
            fixes = corrections(s, numbers)
            corrected = {old for old, _ in fixes.values()}
            earlier = {new: n for n in numbers for new, (old, _) in fixes.items() if n.start == old}
            numbers = [n for n in numbers if n.start not in corrected]
            candidates = _candidates(s, numbers, earlier) if numbers else []
            out = self._read_candidates(sentence, candidates, numbers, dated, previous, fixes)
            if intro:
                self.intro_dates = dated
        if _quotes_someone(s):
            self.speech = s
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

    def last_speaker(self) -> str | None:
        """Who the last quoting sentence quoted (worked out only when a figure needs it)."""
        if self.speech is None:
            return None
        return speaker(self.speech, len(self.speech), self.known, self.places.is_place)

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
                if i + 1 < len(candidates) and _is_pair(s, cand, candidates[i + 1])
                else None
            )
            after = candidates[i + 2 if pair else i + 1 :]
            left = candidates[i - 1].end if i else 0
            right = after[0].first.start if after else len(s)
            parts_start, parts = find_parts(s, (pair or cand).end, numbers)
            if parts:
                right = min(right, parts_start)
                taken |= {p.number.start for p in parts}
            cue_right = _cut_before(s, (pair or cand).end, right) if after else right
            own = _cut_before(s, (pair or cand).end, cue_right)  # not "…, and that 500 will return"
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
            if "eturn" in s[left:own] and vocab.not_yet(s[left:own]):
                end = (pair or cand).end
                own = min([own, *(n.start for n in numbers if n.start > end and _unit_after(s, n))])
            if (listed and vocab.not_yet(s[left:own])) or (cand.parallel and not listed):
                continue
            if not listed:
                if not _is_return(s[left:cue_right], previous, sentence, own - left):
                    continue
                list_left = left
                runs.append([])
            # "100 families have returned, bringing the total to 900": 100 is what was added
            increment = not listed and bool(after) and _running_total_next(s, after[0])
            figure = self._figure(
                sentence, cand, list_left, right, cue_right, dated, previous, fixes, increment
            )
            last_end = (pair or cand).end
            runs[-1].append(len(out))
            out.append(figure)
            if pair is not None:
                taken.add(pair.number.start)
                other = self._paired(figure, pair, sentence)
                out[-1] = figure.with_(paired_figure_id=other.figure_id)
                out.append(other.with_(paired_figure_id=out[-1].figure_id))
            out += [self._part(figure, p, sentence) for p in parts]
        if not any(len(run) > 1 for run in runs):
            return out
        said = {d.mention.text for d in dated if d.role == "statement"}
        return _share_list_date(out, runs, said)

    def _figure(
        self, sentence, cand, left, right, cue_right, dated, previous, fixes, increment=False
    ) -> Figure:
        s = sentence.text
        if cand.other_dates:  # "2,000 families fled in 2016 and 600 have come back"
            dated = [d for d in dated if not cand.other_dates[0] <= d.start < cand.other_dates[1]]
        first = cand.first
        dated = _without_earlier_total(s, dated, first.start, right)
        cue = s[left:cue_right]
        as_of = any(d.role == "as_of" and left <= d.start < right for d in dated) or (
            bool(vocab.LIST_ITEM.match(s)) and any(d.role == "as_of" for d in self.intro_dates)
        )
        flow_cue = bool(vocab.search(vocab.FLOW_CUE, vocab.FLOW_CUE_WORDS, cue))
        flowing = flow_cue or any(d.role == "event" and left <= d.start < cue_right for d in dated)
        # "brought 1,100 returnees back on Friday" is a flow; "2,310 returnee households
        # between July and August" (a survey round) is still a count of returnees
        on_a_day = flow_cue or any(
            d.role == "event"
            and d.mention.precision in {"day", "week"}
            and left <= d.start < cue_right
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
        since = bool(vocab.search(vocab.SINCE, vocab.SINCE_WORDS, cue)) and not since_day
        is_stock = not increment and (
            bool(vocab.STOCK_CUE.search(cue))
            or (
                not since_day
                and (
                    as_of
                    or (_counts_returnees(s, cand) and not on_a_day)
                    or (_present_perfect(cue) and not on_a_day)
                    or (
                        since
                        and bool(vocab.search(vocab.PAST_PERFECT, vocab.PAST_PERFECT_WORDS, cue))
                    )
                    or (since and not flowing)
                )
            )
        )
        at = cand.read_at[0] if cand.read_at else first.start
        when = self._when(s, dated, at, left, right, is_stock)
        if since_day and not is_stock and (when is None or when.role == "statement"):
            when = next(d for d in dated if d.role == "since" and left <= d.start < right)
        value, precision = self._date_value(when, is_stock)
        place = self._place(sentence, cand, left, right, previous)
        stage = vocab.search(vocab.STAGE, vocab.STAGE_WORDS, s)
        said = speaker(s, first.start, self.known, self.places.is_place) or self.last_speaker()
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
            excerpt=_excerpt(s, first.start),
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
        if not _return_cue(text) or vocab.not_yet(text):
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

    def _paired(self, figure: Figure, cand: _Candidate, sentence: Sentence) -> Figure:
        """The same return given again in the other unit ("4,137 families, or about 20,688 people")."""
        return figure.with_(
            quantity=cand.number.value,
            unit=cand.unit,
            qualifier=vocab.qualifier_before(sentence.text[: cand.number.start]),
            span_start=sentence.start + cand.number.start,
            span_end=sentence.start + cand.end,
        )

    def _part(self, total: Figure, part: Part, sentence: Sentence) -> Figure:
        """A part of a total ("…: 340 to District 1"): the total's unit, type and date."""
        return total.with_(
            quantity=part.number.value,
            quantity_high=None,
            qualifier=vocab.qualifier_before(sentence.text[: part.number.start]),
            location_text=part.place,
            span_start=sentence.start + part.number.start,
            span_end=sentence.start + part.end,
            part_of_figure_id=total.figure_id,
            paired_figure_id=None,
            corrects_quantity=None,
            confidence=round(total.confidence * 0.95, 2),
        )

    def table_figures(self, table: Table, offset: int, intro: list[Sentence]) -> list[Figure]:
        """Figures of a pipe table, typed and dated by the sentence that introduces it."""
        lead = intro[-1] if intro else None
        text = lead.text if lead else ""
        if not table.cells or not _table_is_returns(text, table):
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
                    excerpt=_excerpt(f"{text} {cell.header}: {cell.place}: {cell.number.text}", 0),
                    span_start=start,
                    span_end=offset + cell.number.end,
                    method=f"{METHOD}+table",
                    confidence=0.85 if cell.place else 0.6,
                )
            )
        return _link_table_total(figures, table)


def _share_list_date(figures: list[Figure], runs: list[list[int]], said: set[str]) -> list[Figure]:
    """Items of a list that name no date of their own (or only the statement's, ``said``)
    take the one date the list gives at its end ("300 families returned to Sabri and 200
    to Laithi on 5 March"), with their paired figures."""
    for run in runs:
        if not run:
            continue

        def undated_flow(f: Figure) -> bool:
            return f.date_text is None or (f.figure_type == "flow" and f.date_text in said)

        last = figures[run[-1]]
        own = {figures[i].date_text for i in run if not undated_flow(figures[i])}
        if len(run) < 2 or len(own) != 1 or undated_flow(last):
            continue
        dates = {"event_date": last.event_date, "date_precision": last.date_precision}
        undated = {figures[i].figure_id for i in run if undated_flow(figures[i])}
        figures = [
            f.with_(date_text=last.date_text, **dates)
            if f.figure_id in undated or f.paired_figure_id in undated
            else f
            for f in figures
        ]
    return figures


def _link_table_total(figures: list[Figure], table: Table) -> list[Figure]:
    totals = [f for f, c in zip(figures, table.cells, strict=True) if c.is_total_row]
    if len(totals) != 1:
        return figures
    total = totals[0]
    return [
        f if f is total or f.unit != total.unit else f.with_(part_of_figure_id=total.figure_id)
        for f in figures
    ]


def _table_is_returns(intro: str, table: Table) -> bool:
    headers = " ".join(c.header for c in table.cells)
    said = f"{intro} {headers}"
    return _return_cue(said) and not vocab.not_yet(said)


def _is_pair(s: str, before: _Candidate, cand: _Candidate) -> bool:
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


def _without_earlier_total(s: str, dated: list[RoledDate], at: int, right: int) -> list[RoledDate]:
    """The dates of an earlier total the figure is compared with are not its own: "15,000
    people have returned, up from 12,000 in March" is counted now, not in March."""
    compared = vocab.UP_FROM.search(s, at, right)
    if compared is None:
        return dated
    stop = vocab.COMPARED_END.search(s, compared.end(), right)
    end = stop.start() if stop else right
    return [d for d in dated if not compared.start() <= d.start < end]


def _running_total_next(s: str, cand: _Candidate) -> bool:
    """The count ``cand`` is a running total brought to by the count before it."""
    start = cand.first.start
    return bool(vocab.RUNNING_TOTAL_NEXT.search(s, max(0, start - 100), start))


def _cut_before(s: str, end: int, right: int) -> int:
    """Cue words of the next figure are not this one's: stop at the last comma, semicolon
    or "and that"/"while"/"but" between this figure and the next."""
    cuts = [m.start() for m in vocab.CLAUSE_BREAK.finditer(s, end, right)]
    return cuts[-1] if cuts else right


def _counts_returnees(s: str, cand: _Candidate) -> bool:
    """ "382,222 returnees" counts people who have returned (a stock); "new returnees" a flow."""
    words = [*s[cand.number.end : cand.unit_start].lower().split(), cand.unit_word.lower()]
    if not {"returnees", "returnee"} & set(words):
        return False
    return not vocab.NEW_RETURNEES.search(s[: cand.unit_start])


def _candidates(
    s: str, numbers: list[NumberMention], earlier: dict[int, NumberMention] | None = None
) -> list[_Candidate]:
    """``earlier``: for a correction's new value, the value it replaces (whose unit it
    takes when it has none: "the 640 families … were in fact 460")."""
    found: list[_Candidate] = []
    for i, number in enumerate(numbers):
        if is_name_number(s[: number.start]):
            continue
        cand = (
            _unit_after(s, number)
            or _unit_of_whole(s, number, numbers[i + 1 : i + 2])
            or _unit_before(s, number)
            or _unit_of_list_head(s, number)
            or _unit_of_earlier(s, number, (earlier or {}).get(number.start))
            or _unit_of_the_sentence(s, number, numbers[:i], found[-1] if found else None)
        )
        if cand is None or (not cand.unit_first and _not_return(s, cand)):
            continue
        low = _range_low(s, numbers[i - 1], number) if i else None
        if low is not None and found and found[-1].number == low:
            found.pop()
        found.append(replace(cand, low=low) if low else cand)
    return found


def _unit_after(s: str, number: NumberMention) -> _Candidate | None:
    match = vocab.UNIT_AFTER.match(s[number.end :])
    if not match or vocab.NOT_DESCRIBING.match(s[number.end : number.end + match.start("unit")]):
        return None
    word = match.group("unit")
    return _Candidate(
        number,
        vocab.UNIT_WORDS[word.lower()],
        word,
        number.end + match.start("unit"),
        number.end + match.end("unit"),
    )


def _unit_of_list_head(s: str, number: NumberMention) -> _Candidate | None:
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
    return _Candidate(
        number, vocab.UNIT_WORDS[word.lower()], word, head.start(group), number.end, unit_first=True
    )


def _unit_before(s: str, number: NumberMention) -> _Candidate | None:
    before = vocab.UNIT_BEFORE.search(s[max(0, number.start - 200) : number.start])
    after = vocab.UNIT_AFTER_THE_NUMBER_OF.match(s[number.end :])
    match = before or after
    if match is None:
        return None
    word = match.group("unit") or match.group("unit_subject")
    start = number.start - 200 if before else number.end
    group = "unit" if match.group("unit") else "unit_subject"
    unit_start = max(0, start) + match.start(group) if before else number.end + match.start(group)
    return _Candidate(
        number, vocab.UNIT_WORDS[word.lower()], word, unit_start, number.end, unit_first=True
    )


def _unit_of_whole(s: str, number: NumberMention, after: list[NumberMention]) -> _Candidate | None:
    """A count taken out of a whole takes the whole's unit: "only 20 of the 400 displaced
    families have returned" counts 20 families (the 400 is no return: ``is_not_return``);
    "one of the 300 families that returned" is one family's story, not a count."""
    match = vocab.OF_THE_WHOLE.match(s, number.end)
    if number.value < 2 or not after or match is None or match.end() != after[0].start:
        return None
    whole = _unit_after(s, after[0])
    return replace(whole, number=number) if whole else None


def _unit_of_earlier(s: str, number: NumberMention, old: NumberMention | None) -> _Candidate | None:
    """A corrected value given without a unit takes the unit of the value it corrects."""
    cand = _unit_after(s, old) if old is not None else None
    if cand is None:
        return None
    return _Candidate(
        number,
        cand.unit,
        cand.unit_word,
        number.end,
        number.end,
        unit_first=True,
        read_at=(old.start, cand.end),
    )


def _unit_of_the_sentence(
    s: str, number: NumberMention, before: list[NumberMention], last: _Candidate | None = None
) -> _Candidate | None:
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
        cand = _unit_after(s, earlier)
        if cand is None and parallel and last is not None and last.number == earlier:
            cand = last  # "300 returned on 12 March and 200 on 14 March": the unit 300 took
        if cand is not None:
            return _Candidate(
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


def _not_return(s: str, cand: _Candidate) -> bool:
    number = cand.number
    return is_not_return(
        s[: number.start],
        s[number.end : cand.unit_start],
        cand.unit_word,
        s[cand.end : cand.end + 120],
    )


def _range_low(s: str, low: NumberMention, high: NumberMention) -> NumberMention | None:
    if not vocab.RANGE_JOIN.match(s[low.end : high.start]) or low.value >= high.value:
        return None
    joined_by_and = s[low.end : high.start].strip().lower() == "and"
    if joined_by_and and not vocab.BETWEEN.search(s[: low.start]):
        return None
    return low


def _is_return(clause: str, previous: list[Sentence], sentence: Sentence, own: int) -> bool:
    """The clause says people returned (and not that they will: checked on its first
    ``own`` characters, before a later "and that 500 will return"); a bare total ("put
    the total at 5,325 families") counts when the sentence before speaks of returns."""
    if vocab.not_yet(clause[:own]):
        return False
    if _return_cue(clause):
        return True
    before = previous[-1] if previous else None
    return bool(
        (vocab.STOCK_CUE.search(clause) or vocab.DID_SO.search(clause))
        and before is not None
        and before.paragraph == sentence.paragraph
        and _return_cue(before.text)
        and not vocab.not_yet(before.text)
    )


def _return_cue(text: str) -> bool:
    return vocab.search(vocab.RETURN_CUE, vocab.RETURN_CUE_WORDS, text) is not None


def _present_perfect(text: str) -> bool:
    return vocab.search(vocab.PRESENT_PERFECT, vocab.PRESENT_PERFECT_WORDS, text) is not None


def _confidence(cand: _Candidate, place: Place, when: RoledDate | None) -> float:
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


def _excerpt(s: str, at: int) -> str:
    if len(s) <= EXCERPT_CHARS:
        return s
    start = max(0, min(at - EXCERPT_CHARS // 2, len(s) - EXCERPT_CHARS))
    return re.sub(r"\s+", " ", s[start : start + EXCERPT_CHARS]).strip()
