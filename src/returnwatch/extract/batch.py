"""Extraction in batches: the unit of work a Dask worker takes (documents in, figures out).

A batch is extracted and its places resolved in one go, as the flow's ``extract`` and
``resolve`` tasks do for a local run, so a batch's result is what the local run would give
for those documents.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from returnwatch.documents import Document
from returnwatch.extract.document import Extraction, extract_all
from returnwatch.gazetteer import Gazetteer
from returnwatch.gazetteer.phrases import resolve_figures


def batches(documents: Sequence[Document], size: int) -> list[list[Document]]:
    """``documents`` in order, cut into lists of at most ``size``."""
    if size < 1:
        raise ValueError(f"a batch holds at least one document, not {size}")
    return [list(documents[i : i + size]) for i in range(0, len(documents), size)]


def extract_and_resolve(
    documents: list[Document], gazetteer: Gazetteer, published: date | None = None
) -> list[Extraction]:
    """The extraction of each document, in order, with its figures' places resolved."""
    return [
        replace(e, figures=resolve_figures(gazetteer, e.figures))
        for e in extract_all(documents, gazetteer, published)
    ]


def this_process() -> str:
    """Where the code runs, for logs: ``host pid N``."""
    return f"{socket.gethostname()} pid {os.getpid()}"
