"""Score the extractor against a labelled corpus: precision, recall and field accuracy.

A corpus is a folder of documents (``.md``, ``.txt``, ``.html`` …), each with a
``<document name>.gold.yaml`` beside it (``notice.md`` -> ``notice.md.gold.yaml``)::

    published: 2017-02-14      # optional; overrides the document's own date
    figures:                   # every return figure an analyst would record
      - quantity: 585
        unit: households       # households | individuals
        type: flow             # flow | stock
        qualifier: exact       # optional (default exact)
        quantity_high: null    # optional, for ranges
        event_date: 2017-02-13 # optional
        area_id: ly-sirte-700  # optional (null: the place is not resolvable)
        part_of: 1610          # optional: quantity of the total this is a part of
        corrects: 1200         # optional: the earlier value a correction replaces
    distractors: [14, 90]      # numbers in the text that must not become figures

Matching: within one document, a found figure matches a gold figure with the same
``quantity``; when several gold figures share it, the one with the same unit, then the
same type, is taken first; each gold figure matches at most once. Precision = matched /
found, recall = matched / gold. Type, date, place, unit, qualifier, part-of and
correction accuracies are counted over matched pairs only (place: ``area_id`` equal).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from returnwatch.documents import TEXT_SUFFIXES, Document
from returnwatch.extract import extract_document
from returnwatch.extract.figure import Figure
from returnwatch.gazetteer import Gazetteer
from returnwatch.gazetteer.phrases import resolve_figures
from returnwatch.parse import as_date

GOLD_SUFFIX = ".gold.yaml"
FIELDS = ("type", "date", "place", "unit", "qualifier", "part_of", "corrects")


@dataclass(frozen=True)
class Mismatch:
    """One disagreement with the gold, for a person to read."""

    document: str
    kind: str  # missed | spurious | distractor | type | date | place | unit | …
    detail: str


@dataclass
class Score:
    """Counts over a corpus; the ratios are properties."""

    documents: int = 0
    gold: int = 0
    found: int = 0
    matched: int = 0
    distractors_found: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    def accuracy(self, name: str) -> float:
        return self.right[name] / self.matched if self.matched else 1.0


def evaluate_corpus(corpus: Path, gazetteer: Gazetteer) -> Score:
    """Extract every document of ``corpus`` and compare with its gold file."""
    score = Score()
    for document_path, gold_path in corpus_pairs(corpus):
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8")) or {}
        found = _extract(document_path, gold, gazetteer)
        _score_document(score, document_path.name, gold, found)
    return score


def corpus_pairs(corpus: Path) -> Iterator[tuple[Path, Path]]:
    """(document, gold file) pairs of a corpus folder, in name order."""
    for path in sorted(corpus.iterdir()):
        if path.suffix.lower() in TEXT_SUFFIXES and not path.name.endswith(GOLD_SUFFIX):
            gold = path.with_name(path.name + GOLD_SUFFIX)
            if gold.exists():
                yield path, gold


def _extract(path: Path, gold: dict[str, Any], gazetteer: Gazetteer) -> list[Figure]:
    document = Document(source_id="eval", name=path.name, content=path.read_bytes())
    published = as_date(gold.get("published"))
    extraction = extract_document(document, gazetteer, published)
    return resolve_figures(gazetteer, extraction.figures)


def _score_document(score: Score, name: str, gold: dict[str, Any], found: list[Figure]) -> None:
    wanted = list(gold.get("figures") or [])
    distractors = {int(d) for d in gold.get("distractors") or []}
    score.documents += 1
    score.gold += len(wanted)
    score.found += len(found)
    by_id = {f.figure_id: f for f in found}
    for figure in found:
        match = _best_match(figure, wanted)
        if match is None:
            kind = "distractor" if figure.quantity in distractors else "spurious"
            score.distractors_found += kind == "distractor"
            score.mismatches.append(Mismatch(name, kind, _show(figure)))
            continue
        wanted.remove(match)
        score.matched += 1
        for field_name, ok in _field_checks(figure, match, by_id).items():
            score.right[field_name] += ok
            if not ok:
                detail = f"{_show(figure)}; gold {field_name}: {_gold_value(match, field_name)}"
                score.mismatches.append(Mismatch(name, field_name, detail))
    for missed in wanted:
        score.mismatches.append(Mismatch(name, "missed", str(missed)))


def _best_match(figure: Figure, wanted: list[dict[str, Any]]) -> dict[str, Any] | None:
    same = [g for g in wanted if int(g["quantity"]) == figure.quantity]
    if not same:
        return None
    return max(
        same, key=lambda g: (g.get("unit") == figure.unit, g.get("type") == figure.figure_type)
    )


def _field_checks(
    figure: Figure, gold: dict[str, Any], by_id: dict[str, Figure]
) -> dict[str, bool]:
    total = by_id.get(figure.part_of_figure_id) if figure.part_of_figure_id else None
    return {
        "type": figure.figure_type == gold.get("type"),
        "date": "event_date" not in gold or figure.event_date == as_date(gold["event_date"]),
        "place": "area_id" not in gold or figure.area_id == gold["area_id"],
        "unit": figure.unit == gold.get("unit"),
        "qualifier": figure.qualifier == gold.get("qualifier", "exact")
        and figure.quantity_high == gold.get("quantity_high"),
        "part_of": (total.quantity if total else None) == gold.get("part_of"),
        "corrects": figure.corrects_quantity == gold.get("corrects"),
    }


def _gold_value(gold: dict[str, Any], field_name: str) -> Any:
    key = {"type": "type", "date": "event_date", "place": "area_id"}.get(field_name, field_name)
    return gold.get(key)


def _show(figure: Figure) -> str:
    when = figure.event_date.isoformat() if isinstance(figure.event_date, date) else None
    return (
        f"{figure.quantity} {figure.unit} {figure.figure_type} {figure.qualifier} {when} "
        f"{figure.area_id or figure.location_text!r} | {(figure.excerpt or '')[:90]!r}"
    )


def format_score(score: Score, details: bool = False) -> str:
    """The score as a person reads it; with ``details``, every mismatch too."""
    lines = [
        f"documents   {score.documents}",
        f"gold        {score.gold}",
        f"found       {score.found}",
        f"matched     {score.matched}",
        f"precision   {score.precision:.3f}",
        f"recall      {score.recall:.3f}",
        f"distractors extracted {score.distractors_found}",
    ]
    lines += [f"accuracy {name:<10} {score.accuracy(name):.3f}" for name in FIELDS]
    if details:
        lines += [f"{m.document}: {m.kind}: {m.detail}" for m in score.mismatches]
    return "\n".join(lines)
