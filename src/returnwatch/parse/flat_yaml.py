"""A fast reader for the front matter nearly every document has: one ``key: value`` per line.

PyYAML costs ~40 µs for four such lines, about a twentieth of a document's whole
extraction. This reader takes only YAML it can read exactly as PyYAML's safe loader
does: plain keys; values that are plain one-line strings, ISO dates (``2017-02-13``), or
one-line quoted strings without escapes. For anything else (lists, numbers, booleans,
comments, continuation lines, escapes, odd characters, duplicate keys) it answers
``None`` and the caller uses PyYAML. Which plain scalars are strings or dates is asked
of PyYAML's own resolver, so "yes", "null", "3.5" or "2017-02-13 10:00" are never taken.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

_LINE = re.compile(
    r"(?P<key>[A-Za-z_][A-Za-z0-9_-]*):[ ]+"
    r"(?:\"(?P<double>[^\"\\]*)\"|'(?P<single>[^']*)'|(?P<plain>[^\W_][^\t]*?))[ ]*"
)
# characters PyYAML's reader refuses or treats as line breaks or byte-order marks
_NOT_SIMPLE = re.compile(
    "[^\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029]"
)
_STR_TAG = "tag:yaml.org,2002:str"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_RESOLVER = Resolver()


def read_flat_yaml(block: str) -> dict[str, Any] | None:
    """The mapping of ``block`` (the lines between the fences, "\\n"-separated), or ``None``
    when it is not the simple kind read here."""
    one_line = block.replace("\n", " ")
    if not (one_line.isascii() and one_line.isprintable()) and _NOT_SIMPLE.search(one_line):
        return None
    out: dict[str, Any] = {}
    for line in block.split("\n"):
        match = _LINE.fullmatch(line)
        if match is None or not _is_str(match.group("key")) or match.group("key") in out:
            return None
        value = _value(match)
        if value is None:
            return None
        out[match.group("key")] = value
    return out


def _value(match: re.Match[str]) -> str | date | None:
    for quoted in ("double", "single"):
        if match.group(quoted) is not None:
            return match.group(quoted)
    plain = match.group("plain")
    if ": " in plain or plain.endswith(":") or " #" in plain:  # a mapping or a comment
        return None
    if _is_str(plain):
        return plain
    if _RESOLVER.resolve(ScalarNode, plain, (True, False)) == _TIMESTAMP_TAG and (
        _ISO_DAY.fullmatch(plain)
    ):
        try:
            return date.fromisoformat(plain)
        except ValueError:  # 2017-13-45: PyYAML says what is wrong
            return None
    return None


def _is_str(plain: str) -> bool:
    return _RESOLVER.resolve(ScalarNode, plain, (True, False)) == _STR_TAG
