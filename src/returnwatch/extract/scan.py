"""``finditer`` for big patterns, tried only where a cheap pattern says one may start.

A pattern with many alternatives (every month, weekday and number word) is slow to scan
for: the regex engine tries each alternative at every position. ``starts`` is a cheap
pattern that matches (at least) wherever the big one can begin; the big one is then only
tried at those positions, with ``match(text, pos)``, which still sees the text before
``pos`` for its ``\\b`` and look-behinds. The matches are those of ``pattern.finditer``
(same leftmost, non-overlapping order), provided ``starts`` never misses a start and
``pattern`` never matches the empty string.
"""

from __future__ import annotations

import re
from collections.abc import Iterator


def find_where_may_start(
    pattern: re.Pattern[str], starts: re.Pattern[str], text: str, starts_in: str | None = None
) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)``, trying ``pattern`` only where ``starts`` matches.

    ``starts_in``: a text of the same length, aligned with ``text``, to search ``starts``
    in instead (the lowercased ASCII text, where a case-sensitive start pattern is faster
    than one ignoring case)."""
    position = 0
    scanned = text if starts_in is None else starts_in
    while True:
        start = starts.search(scanned, position)
        if start is None:
            return
        match = pattern.match(text, start.start())
        if match is None:
            position = start.start() + 1
        else:
            yield match
            position = match.end()
