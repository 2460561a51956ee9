"""Find known place names in free text (English with Arabic-script names inside).

The text and every alias are compared in their surface form (see `normalise`), so
"Hay al-Gharbiya", "HAY AL GHARBIYA" and "Hay al Gharbiya" all match, and spans are
mapped back to the original characters. Matches must start and end on word boundaries
("Sirte's" holds "Sirte", "Sirtean" does not); an Arabic name may carry a one-letter
proclitic (و ب ل ف ك: "بسرت" holds "سرت"). Overlaps are settled longest match first.
Numbers alone are never place names ("700 families" is not the 700 area), and
direction words that happen to be region names ("east of Sirte") are not scanned for.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from returnwatch.gazetteer.model import Mention
from returnwatch.gazetteer.normalise import is_numeric, surface, surface_with_map

# Region names that are also ordinary words; they still resolve, but are not scanned for.
NOT_SCANNED = frozenset({"east", "west", "south", "north"})
_PROCLITICS = "وبلفك"
_ARABIC_LETTER = "[\u0600-\u06ff]"


class MentionFinder:
    """A compiled scanner over every alias of a gazetteer."""

    def __init__(self, aliases: Iterable[tuple[str, str]], order: dict[str, int]) -> None:
        """`aliases` are (written alias, area id); `order` ranks area ids for stable output."""
        candidates: dict[str, set[str]] = defaultdict(set)
        for written, area_id in aliases:
            form = surface(written)
            if form and not is_numeric(form) and form not in NOT_SCANNED:
                candidates[form].add(area_id)
        self._candidates = {
            form: tuple(sorted(ids, key=order.__getitem__)) for form, ids in candidates.items()
        }
        alternatives = "|".join(
            re.escape(form) for form in sorted(self._candidates, key=lambda f: (-len(f), f))
        )
        starts = rf"(?:(?<!\w)|(?<=(?<!\w)[{_PROCLITICS}])(?={_ARABIC_LETTER}))"
        self._pattern = re.compile(rf"{starts}(?=(?P<alias>{alternatives})(?!\w))")

    def find(self, text: str) -> list[Mention]:
        """All non-overlapping mentions in `text`, in text order."""
        folded, origin = surface_with_map(text)
        if not folded or not self._candidates:
            return []
        found = [
            (match.start(), match.start() + len(match.group("alias")), match.group("alias"))
            for match in self._pattern.finditer(folded)
        ]
        taken: list[tuple[int, int, str]] = []
        for start, end, form in sorted(found, key=lambda m: (m[0] - m[1], m[0])):
            if all(end <= other_start or start >= other_end for other_start, other_end, _ in taken):
                taken.append((start, end, form))
        mentions = []
        for start, end, form in sorted(taken):
            first, last = origin[start], origin[end - 1] + 1
            mentions.append(Mention(first, last, text[first:last], self._candidates[form]))
        return mentions
