"""The one clock returnwatch reads "today" from, in its two meanings.

- ``run_day()``: the day a run reads its documents on, the machine's local date (set
  ``TZ`` to change it). Relative dates ("yesterday", "last week", a day and month with no
  year) in a document with no published date count from it, and the pull records it as
  each document's ``read_on``. Local, because that is the day the people who run
  returnwatch mean by "today".
- ``latest_plausible_date()``: the latest date that is not "in the future" for the
  plausibility checks (published date, event date, GX's ``run_date``): today in UTC+14,
  the zone furthest ahead. A statement from Libya (UTC+2) published "today" at 00:30 its
  time is dated a day after the UTC date of a server that reads it; it must not be
  quarantined for that, while a misreading years ahead still is.

Warehouse timestamps (``*_at``) stay in UTC and are not read from here. Only ``datetime``
is imported: the cold start imports this module.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

FURTHEST_AHEAD = timezone(timedelta(hours=14), "UTC+14")
"""The zone whose date changes first (Kiribati's Line Islands): no place's today is later."""


def run_day() -> date:
    """The run's day: the machine's local date (``TZ`` sets the zone)."""
    return date.today()


def latest_plausible_date(now: datetime | None = None) -> date:
    """The latest date no place on Earth has yet passed: today in UTC+14, at ``now``
    (an aware time, or a naive one in UTC as the warehouse keeps them; default the current
    time). A date after it is in the future everywhere."""
    if now is None:
        now = datetime.now(UTC)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return now.astimezone(FURTHEST_AHEAD).date()
