"""What went wrong with part of an input: kept, with the check and a reason a person can act on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    stage: str  # parse | extract | validate
    check: str
    reason: str
    value: str | None = None
    record: dict[str, Any] = field(default_factory=dict)
