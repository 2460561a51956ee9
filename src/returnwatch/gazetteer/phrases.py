"""The resolve stage: a figure's place phrases to one area of the gazetteer.

The extractor hands over what the text names ("Hay al-Gharbiya; 700 residential area;
Sirte") and the settlement the document is about; here each phrase is resolved, a
settlement among them narrows the others, and the most specific area wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from returnwatch.gazetteer.gazetteer import Gazetteer
from returnwatch.gazetteer.model import Resolution

SEPARATOR = "; "
UNRESOLVED = Resolution(None, "unresolved", 0.0)


def resolve_phrases(gazetteer: Gazetteer, text: str | None, within: str | None) -> Resolution:
    """The most specific area the phrases of ``text`` name, resolved ``within`` a parent."""
    parts = [part.strip() for part in (text or "").split(SEPARATOR) if part.strip()]
    if not parts:
        return UNRESOLVED
    for part in parts:
        if gazetteer.has(part):
            return Resolution(part, "pcode", 1.0, matched=part)
    results = [gazetteer.resolve(part, within) for part in parts]
    local = next(
        (
            r.area_id
            for r in results
            if r.area_id and gazetteer.area(r.area_id).kind == "settlement"
        ),
        within,
    )
    if local != within:
        results = [
            r if r.area_id else gazetteer.resolve(p, local)
            for p, r in zip(parts, results, strict=True)
        ]
    placed = [r for r in results if r.area_id]
    if not placed:
        return results[0]
    return max(placed, key=lambda r: len(gazetteer.ancestors(r.area_id)))


def resolve_figures(gazetteer: Gazetteer, figures: Sequence) -> Sequence:
    """Each figure with its area, method and score set from its place phrases."""
    from returnwatch.extract.figure_table import FigureTable

    if isinstance(figures, FigureTable):
        return _resolve_table(gazetteer, figures)
    out = []
    for figure in figures:
        found = _resolve_phrases_cached(gazetteer, figure.location_text, figure.location_context)
        out.append(
            figure.with_(
                area_id=found.area_id, resolve_method=found.method, resolve_score=found.score
            )
        )
    return out


def _resolve_table(gazetteer: Gazetteer, table):
    """A table's figures resolved column-wise: each distinct (place text, context) pair is
    resolved once, as for single figures, and the answers are spread over the rows."""
    frame = table.frame
    texts, text_values = pd.factorize(frame["location_text"], use_na_sentinel=False)
    contexts, context_values = pd.factorize(frame["location_context"], use_na_sentinel=False)
    width = len(context_values) + 1
    pairs, pair_values = pd.factorize(texts.astype(np.int64) * width + contexts)
    found = [
        _resolve_phrases_cached(
            gazetteer, _text(text_values[pair // width]), _text(context_values[pair % width])
        )
        for pair in pair_values
    ]
    return table.with_columns(
        area_id=pd.array([r.area_id for r in found], dtype="str").take(pairs),
        resolve_method=pd.array([r.method for r in found], dtype="str").take(pairs),
        resolve_score=np.array([r.score for r in found], dtype=float)[pairs],
    )


def _text(value: object) -> str | None:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


@lru_cache(maxsize=4096)
def _resolve_phrases_cached(
    gazetteer: Gazetteer, text: str | None, within: str | None
) -> Resolution:
    """`resolve_phrases`, remembered: the same places recur from figure to figure, and a
    gazetteer does not change once loaded."""
    return resolve_phrases(gazetteer, text, within)
