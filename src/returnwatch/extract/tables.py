"""Pipe tables (Markdown, or HTML tables rendered as pipe rows): a column whose header
names a unit of people holds figures; the row's first text cell is the place."""

from __future__ import annotations

import re
from dataclasses import dataclass

from returnwatch.extract import vocabulary as vocab
from returnwatch.extract.clauses import return_cue
from returnwatch.extract.figure import Figure
from returnwatch.extract.numbers import NumberMention, find_numbers

ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$", re.MULTILINE)
RULE_CELL = re.compile(r"^\s*:?-{2,}:?\s*$")
TOTAL_CELL = re.compile(r"^\s*(?:\*\*)?(?:total|grand\s+total|all|overall)\b", re.IGNORECASE)
UNIT_IN_HEADER = re.compile(
    r"\b(?P<unit>" + "|".join(sorted(vocab.UNIT_WORDS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class TableCell:
    """One figure cell of a table: the number (absolute span), its unit and row place."""

    number: NumberMention
    unit: str
    header: str
    place: str | None
    is_total_row: bool


@dataclass(frozen=True)
class Table:
    start: int
    end: int
    cells: list[TableCell]


def find_tables(text: str) -> list[Table]:
    """Every pipe table of ``text`` (at least a header and one data row)."""
    tables: list[Table] = []
    rows: list[re.Match[str]] = []
    for match in ROW.finditer(text):
        if rows and text[rows[-1].end() : match.start()].strip("\r\n") != "":
            tables += _table(text, rows)
            rows = []
        rows.append(match)
    tables += _table(text, rows)
    return tables


def _table(text: str, rows: list[re.Match[str]]) -> list[Table]:
    if len(rows) < 2:
        return []
    header = _cells(rows[0])
    body = [r for r in rows[1:] if not all(RULE_CELL.match(c[1]) for c in _cells(r))]
    units = {i: UNIT_IN_HEADER.search(h) for i, (_, h) in enumerate(header)}
    cells: list[TableCell] = []
    for row in body:
        values = _cells(row)
        place = next(
            (v.strip(" *") for i, (_, v) in enumerate(values) if not units.get(i) and _is_name(v)),
            None,
        )
        total = bool(place and TOTAL_CELL.match(place))
        for i, (offset, value) in enumerate(values):
            unit = units.get(i)
            numbers = find_numbers(value)
            if unit is None or len(numbers) != 1:
                continue
            n = numbers[0]
            number = NumberMention(offset + n.start, offset + n.end, n.value, n.text)
            word = unit.group("unit").lower()
            cells.append(TableCell(number, vocab.UNIT_WORDS[word], header[i][1], place, total))
    return [Table(rows[0].start(), rows[-1].end(), cells)]


def _cells(row: re.Match[str]) -> list[tuple[int, str]]:
    """(absolute start, text) of each cell of a pipe row."""
    line = row.group(0)
    base = row.start()
    first = line.index("|")
    last = line.rindex("|")
    out, position = [], first + 1
    for piece in line[first + 1 : last].split("|"):
        out.append((base + position, piece))
        position += len(piece) + 1
    return out


def _is_name(value: str) -> bool:
    text = value.strip(" *")
    return (bool(text) and not find_numbers(text)) or bool(
        re.search(r"[A-Za-z\u0600-\u06ff]{3}", text)
    )


def link_table_total(figures: list[Figure], table: Table) -> list[Figure]:
    totals = [f for f, c in zip(figures, table.cells, strict=True) if c.is_total_row]
    if len(totals) != 1:
        return figures
    total = totals[0]
    return [
        f if f is total or f.unit != total.unit else f.with_(part_of_figure_id=total.figure_id)
        for f in figures
    ]


def table_is_returns(intro: str, table: Table) -> bool:
    headers = " ".join(c.header for c in table.cells)
    said = f"{intro} {headers}"
    return return_cue(said) and not vocab.not_yet(said)
