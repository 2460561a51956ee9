"""Resolve place text to one area: exact alias, then normalised alias, then fuzzy within a parent.

Every area's name, Arabic name, id and P-code count as aliases, beside the rows of
aliases.csv. An alias that names several areas is settled by `within` (areas below it
win) or, when the areas are one place at several levels (Benghazi mantika, baladiya and
city), by the most specific one; anything else is reported as `ambiguous`, never guessed.
Fuzzy matching runs only below `within`, and only between texts with the same numbers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from returnwatch.gazetteer.hierarchy import Hierarchy
from returnwatch.gazetteer.model import Alias, Area, Resolution
from returnwatch.gazetteer.normalise import digits_of, key, surface

FUZZY_THRESHOLD = 0.88
# Two fuzzy candidates closer than this are too close to choose between.
FUZZY_TIE_MARGIN = 0.02
_FUZZY_MIN_LENGTH = 4

# Words that describe a place rather than name it; some hint at the kind of area meant.
_GENERIC_WORDS: dict[str, str | None] = {
    surface(word): kind
    for word, kind in (
        ("area", None),
        ("district", None),
        ("neighbourhood", None),
        ("neighborhood", None),
        ("quarter", None),
        ("hay", None),
        ("حي", None),
        ("منطقة", None),
        ("city", "settlement"),
        ("town", "settlement"),
        ("مدينة", "settlement"),
        ("municipality", "baladiya"),
        ("baladiya", "baladiya"),
        ("baladiyah", "baladiya"),
        ("بلدية", "baladiya"),
    )
}

UNRESOLVED = Resolution(area_id=None, method="unresolved", score=0.0)


def alias_texts(areas: dict[str, Area], aliases: Iterable[Alias]) -> list[tuple[str, str]]:
    """(written alias, area id) for every name, Arabic name and aliases.csv row."""
    texts: list[tuple[str, str]] = []
    for area in areas.values():
        texts.append((area.name, area.area_id))
        if area.name_ar:
            texts.append((area.name_ar, area.area_id))
    texts.extend((alias.alias, alias.area_id) for alias in aliases)
    return texts


class Resolver:
    """Matches place text to areas; built once per gazetteer."""

    def __init__(self, areas: dict[str, Area], aliases: Iterable[Alias], hierarchy: Hierarchy):
        self._areas = areas
        self._hierarchy = hierarchy
        self._exact: dict[str, dict[str, str]] = defaultdict(dict)
        self._keys: dict[str, dict[str, str]] = defaultdict(dict)
        self._keys_by_area: dict[str, dict[str, str]] = defaultdict(dict)
        for written, area_id in alias_texts(areas, aliases):
            self._exact[written].setdefault(area_id, written)
            self._keys[key(written)].setdefault(area_id, written)
            self._keys_by_area[area_id].setdefault(key(written), written)
        for area in areas.values():
            for code in (area.area_id, area.pcode):
                if code:
                    self._exact[code].setdefault(area.area_id, code)

    def resolve(self, text: str, within: str | None = None) -> Resolution:
        """Resolve `text`, preferring areas below `within` (see the module docstring)."""
        if within is not None and within not in self._areas:
            raise KeyError(f"within={within!r} is not an area of the gazetteer")
        text = text.strip()
        if not text:
            return UNRESOLVED
        if text in self._exact:
            return self._choose(self._exact[text], within, "alias")
        normalised = key(text)
        if normalised in self._keys:
            return self._choose(self._keys[normalised], within, "normalised")
        hinted = self._resolve_without_generic_word(normalised, within)
        if hinted is not None:
            return hinted
        if within is not None:
            return self._fuzzy(normalised, within)
        return UNRESOLVED

    def _choose(self, hits: dict[str, str], within: str | None, method: str) -> Resolution:
        ids = list(hits)
        if within is not None:
            inside = [area_id for area_id in ids if self._hierarchy.is_within(area_id, within)]
            ids = inside or ids
        chosen = self._hierarchy.deepest_of_chain(ids)
        if chosen is None:
            return Resolution(None, "ambiguous", 0.0, hits[ids[0]], tuple(ids))
        return Resolution(chosen, method, 1.0, hits[chosen], tuple(ids))

    def _resolve_without_generic_word(
        self, normalised: str, within: str | None
    ) -> Resolution | None:
        """Resolve "Misrata city" or "حي الدولار" through "misrata" / "الدولار" when needed."""
        tokens = normalised.split(" ")
        for drop_first in (False, True):
            if len(tokens) < 2:
                return None
            word = tokens[0] if drop_first else tokens[-1]
            if word not in _GENERIC_WORDS:
                continue
            rest = key(" ".join(tokens[1:] if drop_first else tokens[:-1]))
            if rest not in self._keys:
                continue
            found = self._choose(self._keys[rest], within, "normalised")
            return self._apply_kind_hint(found, _GENERIC_WORDS[word])
        return None

    def _apply_kind_hint(self, found: Resolution, kind: str | None) -> Resolution:
        if found.area_id is None or kind is None:
            return found
        for area_id in (found.area_id, *self._hierarchy.ancestor_ids(found.area_id)):
            if self._areas[area_id].kind == kind:
                return Resolution(area_id, found.method, found.score, found.matched, (area_id,))
        return found

    def _fuzzy(self, normalised: str, within: str) -> Resolution:
        if len(normalised) < _FUZZY_MIN_LENGTH:
            return UNRESOLVED
        numbers = digits_of(normalised)
        choices: dict[tuple[str, str], str] = {}
        for area_id in self._hierarchy.subtree(within):
            for alias_key, written in self._keys_by_area[area_id].items():
                if digits_of(alias_key) == numbers:
                    choices[(area_id, written)] = alias_key
        matches = process.extract(
            normalised,
            choices,
            scorer=fuzz.ratio,
            score_cutoff=FUZZY_THRESHOLD * 100,
            limit=None,
        )
        best: dict[str, tuple[float, str]] = {}
        for _choice, score, (area_id, written) in matches:
            if score / 100 > best.get(area_id, (0.0, ""))[0]:
                best[area_id] = (score / 100, written)
        if not best:
            return UNRESOLVED
        ranked = sorted(best.items(), key=lambda item: -item[1][0])
        _, (top_score, top_written) = ranked[0]
        close = [area_id for area_id, (score, _) in ranked if top_score - score < FUZZY_TIE_MARGIN]
        chosen = self._hierarchy.deepest_of_chain(close)
        if chosen is None:
            return Resolution(None, "ambiguous", 0.0, top_written, tuple(close))
        score, written = best[chosen]
        return Resolution(chosen, "fuzzy", round(score, 4), written, tuple(close))
