"""The figure record: one number an analyst would write down, with where it came from."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Figure:
    """A return figure as reported; ``span`` is a character range of the decoded document
    (for tables: the file's line number, as a one-line range)."""

    document_id: str
    file: str
    quantity: int
    unit: str  # households | individuals
    figure_type: str  # flow | stock
    qualifier: str = "exact"  # exact | approx | min | max | range
    quantity_high: int | None = None
    stage: int | None = None
    round_code: str | None = None
    event_date: date | None = None
    date_precision: str | None = None  # day | week | month | year
    date_text: str | None = None
    location_text: str | None = None
    location_context: str | None = None  # the area the document is about
    area_id: str | None = None
    resolve_method: str = "unresolved"
    resolve_score: float = 0.0
    announced_by: str | None = None
    excerpt: str | None = None
    span_start: int | None = None
    span_end: int | None = None
    method: str = ""
    paired_figure_id: str | None = None
    part_of_figure_id: str | None = None  # the total, in the same document, this is a part of
    corrects_quantity: int | None = None  # the earlier value this figure says it corrects
    confidence: float = 1.0  # 0..1: how sure the extractor is that this is a return figure

    @property
    def figure_id(self) -> str:
        """Deterministic: the same document read the same way gives the same id."""
        key = f"{self.document_id}|{self.span_start}|{self.span_end}|{self.unit}|{self.method}"
        return hashlib.sha1(key.encode()).hexdigest()[:20]

    def with_(self, **changes: Any) -> Figure:
        """A copy with ``changes``; as ``dataclasses.replace`` but without re-running
        ``__init__`` over every field (figures are copied several times each)."""
        if not _FIELDS.issuperset(changes):
            return replace(self, **changes)  # raises the usual TypeError for the unknown name
        copy = object.__new__(type(self))
        copy.__dict__.update(self.__dict__, **changes)
        return copy

    def record(self) -> dict[str, Any]:
        """A flat dict with ``figure_id`` first, as the warehouse stores it."""
        return {"figure_id": self.figure_id, **asdict(self)}


_FIELDS = frozenset(f.name for f in fields(Figure))
