"""Parent/child relations between areas: ancestors, subtrees and nested candidates."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

from returnwatch.gazetteer.model import Area


class Hierarchy:
    """Answers "what is above / below this area" for validated areas (no cycles)."""

    def __init__(self, areas: dict[str, Area]) -> None:
        self._areas = areas
        self._children: dict[str, list[str]] = {area_id: [] for area_id in areas}
        for area in areas.values():
            if area.parent_id is not None:
                self._children[area.parent_id].append(area.area_id)
        self._ancestors: dict[str, tuple[str, ...]] = {}
        self._subtrees: dict[str, tuple[str, ...]] = {}

    def ancestor_ids(self, area_id: str) -> tuple[str, ...]:
        """Ids above `area_id`, its parent first, up to the country."""
        cached = self._ancestors.get(area_id)
        if cached is None:
            chain: list[str] = []
            parent_id = self._areas[area_id].parent_id
            while parent_id is not None:
                chain.append(parent_id)
                parent_id = self._areas[parent_id].parent_id
            cached = self._ancestors[area_id] = tuple(chain)
        return cached

    def depth(self, area_id: str) -> int:
        return len(self.ancestor_ids(area_id))

    def is_within(self, area_id: str, ancestor_id: str) -> bool:
        """True when `area_id` is `ancestor_id` itself or lies below it."""
        return area_id == ancestor_id or ancestor_id in self.ancestor_ids(area_id)

    def subtree(self, area_id: str) -> tuple[str, ...]:
        """`area_id` and every area below it."""
        cached = self._subtrees.get(area_id)
        if cached is None:
            found: list[str] = []
            stack = [area_id]
            while stack:
                current = stack.pop()
                found.append(current)
                stack.extend(reversed(self._children[current]))
            cached = self._subtrees[area_id] = tuple(found)
        return cached

    def deepest_of_chain(self, ids: Iterable[str]) -> str | None:
        """The most specific of `ids` when they all lie on one line of descent, else None.

        "Benghazi" names the mantika, the baladiya and the city: one place at three
        levels, not three places, so the city (the deepest) stands for all of them.
        """
        ordered = sorted(set(ids), key=self.depth)
        if not ordered:
            return None
        for upper, lower in pairwise(ordered):
            if upper not in self.ancestor_ids(lower):
                return None
        return ordered[-1]
