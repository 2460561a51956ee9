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
from itertools import accumulate

from returnwatch.gazetteer.model import Mention
from returnwatch.gazetteer.normalise import SurfaceMap, is_numeric, surface

# Region names that are also ordinary words; they still resolve, but are not scanned for.
NOT_SCANNED = frozenset({"east", "west", "south", "north"})
_PROCLITICS = "وبلفك"
_ASCII_SPLIT = re.compile(r"([A-Za-z0-9]+)")


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
        # first word of a form -> the forms it starts, longest first: a word-level scan is
        # far faster than one regex alternation over every alias
        self._by_first: dict[str, list[str]] = defaultdict(list)
        # for ASCII text: one-word forms, and longer ones by their first two words (many
        # forms start with "al" or "hay": a two-word key leaves few to compare)
        self._one_word: set[str] = set()
        self._by_first_two: dict[tuple[str, str], list[tuple[list[str], str]]] = defaultdict(list)
        for form in sorted(self._candidates, key=lambda f: (-len(f), f)):
            words = form.split(" ")
            self._by_first[words[0]].append(form)
            if len(words) == 1:
                self._one_word.add(form)
            else:
                self._by_first_two[words[0], words[1]].append((words, form))
        self._first_words = frozenset(self._by_first)

    def find(self, text: str) -> list[Mention]:
        """All non-overlapping mentions in `text`, in text order."""
        if text.isascii():
            return self._find_ascii(text)
        return self._find_folded(text)

    def _find_folded(self, text: str) -> list[Mention]:
        surface_map = SurfaceMap(text)
        folded = surface_map.text
        if not folded or not self._candidates:
            return []
        # the surface form is words joined by single spaces: walk them by split, not regex,
        # and look a word up before trying the forms it may start
        by_first = self._by_first
        found = []
        start = 0
        for token in folded.split(" "):
            if token in by_first:
                found += self._forms_at(folded, start, token)
            if (
                len(token) > 2
                and token[0] in _PROCLITICS
                and token[1:] in by_first
                and "\u0600" <= token[1] <= "\u06ff"  # an Arabic letter
            ):
                found += self._forms_at(folded, start + 1, token[1:])
            start += len(token) + 1
        # longest first; a character taken marks an overlap (linear, where comparing with
        # every mention taken so far grew with the square of a long report's mentions)
        taken: list[tuple[int, int, str]] = []
        used = bytearray(len(folded))
        for start, end, form in sorted(found, key=lambda m: (m[0] - m[1], m[0])):
            if not any(used[start:end]):
                taken.append((start, end, form))
                used[start:end] = b"\x01" * (end - start)
        mentions = []
        for start, end, form in sorted(taken):
            first, last = surface_map.origin(start), surface_map.origin(end - 1) + 1
            mentions.append(Mention(first, last, text[first:last], self._candidates[form]))
        return mentions

    def _forms_at(self, folded: str, start: int, token: str) -> list[tuple[int, int, str]]:
        out = []
        for form in self._by_first.get(token, ()):
            end = start + len(form)
            if folded.startswith(form, start) and (end == len(folded) or not folded[end].isalnum()):
                out.append((start, end, form))
        return out

    def _find_ascii(self, text: str) -> list[Mention]:
        """`find` for ASCII text: its surface form is its lowercased letter-and-digit runs,
        so forms are matched word by word against the runs, with no character map.

        The text is split once into separators and runs (``pieces[1::2]`` are the runs)
        and offsets come from running sums of the pieces' lengths: no match objects."""
        pieces = _ASCII_SPLIT.split(text.lower())
        words = pieces[1::2]
        first_words, one_word, by_first_two = self._first_words, self._one_word, self._by_first_two
        found: list[tuple[int, int, str]] = []
        last = len(words) - 1
        for i in [i for i, word in enumerate(words) if word in first_words]:
            if words[i] in one_word:
                found.append((i, i + 1, words[i]))
            if i == last:
                continue
            for form_words, form in by_first_two.get((words[i], words[i + 1]), ()):
                if words[i : i + len(form_words)] == form_words:
                    found.append((i, i + len(form_words), form))
        if not found:
            return []
        # longest first; spans are runs of word indices, so a word taken marks an overlap
        taken: list[tuple[int, int, str]] = []
        used = bytearray(len(words))
        for first, last, form in sorted(found, key=lambda m: (-len(m[2]), m[0])):
            if not any(used[first:last]):
                taken.append((first, last, form))
                used[first:last] = b"\x01" * (last - first)
        ends = list(accumulate(map(len, pieces)))  # ends[2i + 1]: end of run i
        mentions = []
        for first, last, form in sorted(taken):
            start, end = ends[2 * first + 1] - len(words[first]), ends[2 * last - 1]
            mentions.append(Mention(start, end, text[start:end], self._candidates[form]))
        return mentions
