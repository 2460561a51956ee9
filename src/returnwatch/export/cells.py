"""CSV cell text: ISO dates, lower-case booleans, and text neutralised against CSV injection.

OWASP's CSV-injection advice: a spreadsheet treats a cell that begins with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return as a formula. Such a text cell gets a leading single
quote (``'``), which spreadsheets show as text; a cell that is a plain number (``-12``,
``+3.5``) is left as it is, since it is data and not a formula.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise(text: str) -> str:
    """``text``, with a leading ``'`` if a spreadsheet would read it as a formula."""
    if text.startswith(FORMULA_TRIGGERS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def cell(value: object) -> str:
    """The text of one CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return "" if math.isnan(value) else repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list | tuple):
        return neutralise(";".join(str(v) for v in value))
    return neutralise(str(value))
