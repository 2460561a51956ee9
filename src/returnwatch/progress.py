"""Progress bars for long pulls and extractions: shown on a terminal, silent otherwise."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sized
from typing import TextIO, TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

T = TypeVar("T")


def track(items: Iterable[T], description: str, stream: TextIO | None = None) -> Iterator[T]:
    """Yield ``items``, drawing a rich progress bar on ``stream`` (stderr) only if it is a TTY.

    Logs, pipes and CI output stay free of bar redraws; the items are the same either way.
    """
    console = Console(file=stream or sys.stderr)
    if not console.is_terminal or console.is_dumb_terminal:
        yield from items
        return
    total = len(items) if isinstance(items, Sized) else None
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task(description, total=total)
        for item in items:
            yield item
            progress.advance(task)
