"""Which column of an HXL-tagged table carries each hashtag returnwatch reads.

Hashtags match with their attributes in any order and further ones allowed; of several
columns that match, the one nearest the whole count is read (not ``+new``, not ``+f``
beside the total). A count given only by sex is the sum of its ``+f`` and ``+m`` columns;
one sex alone is no count (it is not the total), and the table says which columns it has.
A column of an age group (``+children``, ``+adults``, ``+age0_4``, …) is a part too, never
read as the count; with no other column the table says which columns it has and what to add
(age groups are not summed: HXL does not say whether ``+adults`` holds ``+elderly``, or
``+children`` ``+infants``, so a sum could count people twice or leave some out).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from returnwatch.parse import Table

PLACE_CODES = ("#loc+code", "#adm3+code", "#adm2+code", "#adm1+code")
PLACE_NAMES = ("#loc+name", "#adm3+name", "#adm2+name", "#adm1+name")
PLACE_HASHTAGS = frozenset({"#adm1", "#adm2", "#adm3", "#adm4", "#adm5", "#loc"})
LEVEL_OF_TAG = {"#adm1+name": "region", "#adm2+name": "mantika", "#adm3+name": "baladiya"}
COUNTS = (("households", "#affected+returnees+hh"), ("individuals", "#affected+returnees+ind"))
NEW = "new"
"""The HXL attribute of a count of new returnees (since the last round), not their total."""
SEXES = ("f", "m")
"""HXL's attributes of the women's and the men's part of a count."""
AGE_GROUPS = frozenset({"infants", "children", "adolescents", "youth", "adults", "elderly"})
"""HXL's attributes of an age group's part of a count (and ``+age<from>_<to>`` ranges)."""
AGE_RANGE = re.compile(r"age\d")


def _tag(tag: str) -> tuple[str, frozenset[str]]:
    """A hashtag's name and attributes (``+pcode``, which some datasets write, is ``+code``;
    a place hashtag without ``+code``, such as a bare ``#adm2``, holds names, as HXL says)."""
    name, *attributes = tag.strip().lower().replace(" ", "").split("+")
    found = frozenset("code" if a == "pcode" else a for a in attributes)
    if name in PLACE_HASHTAGS and "code" not in found:
        found |= {"name"}
    return name, found


def _is_age_part(attributes: frozenset[str]) -> bool:
    return bool(attributes & AGE_GROUPS) or any(AGE_RANGE.match(a) for a in attributes)


NEUTRAL = frozenset({"total", "num"})
"""Attributes that leave a count whole (``+total``, HXL's ``+num``)."""


def _specificity(have: frozenset[str], wanted: frozenset[str]) -> tuple[bool, int]:
    """How far a column's count is from the whole count: ``+new``, then more attributes."""
    return NEW in have, len(have - wanted - NEUTRAL)


@dataclass(frozen=True)
class HxlColumns:
    """Which column carries each hashtag we read (attributes in any order, extra ones allowed)."""

    by_tag: dict[str, str]
    flows: frozenset[str] = frozenset()
    """The count tags read from a ``+new`` column: returns since the last report (flows)."""
    by_sex: dict[str, tuple[str, str]] = field(default_factory=dict)
    """The count tags given only as ``+f`` and ``+m`` columns: (women's, men's), summed."""
    one_sex: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """The count tags given only by sex but not both: their columns, not read."""
    by_age: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """The count tags given only by age group: their columns, not read."""

    @classmethod
    def of(cls, table: Table) -> HxlColumns:
        wanted = [
            *PLACE_CODES,
            *PLACE_NAMES,
            "#date+reported",
            "#date",
            "#round+code",
            "#meta+source",
        ]
        wanted += [tag for _, tag in COUNTS]
        found: dict[str, str] = {}
        counts = {tag for _, tag in COUNTS}
        for want in wanted:
            name, attrs = _tag(want)
            matches = [
                column
                for column, tag in table.hashtags.items()
                if _tag(tag)[0] == name
                and attrs <= _tag(tag)[1]
                and not (want in counts and _is_age_part(_tag(tag)[1]))
            ]
            # the total is the column with the fewest further attributes: not the round's
            # new returnees, nor a part of them (+f, +m, +children) given beside it
            matches.sort(key=lambda column: _specificity(_tag(table.hashtags[column])[1], attrs))
            if matches:
                found[want] = matches[0]
        by_sex, one_sex = {}, {}
        for _, tag in COUNTS:
            sexes = _by_sex(table, tag)
            if sexes is None:
                continue
            del found[tag]
            if isinstance(sexes[0], tuple):
                one_sex[tag] = sexes[0]
            else:  # the women's column stands for the pair (its +new makes a flow)
                by_sex[tag], found[tag] = sexes, sexes[0]
        flows = {
            tag for _, tag in COUNTS if tag in found and NEW in _tag(table.hashtags[found[tag]])[1]
        }
        unread = [tag for _, tag in COUNTS if tag not in found and tag not in one_sex]
        by_age = {tag: parts for tag in unread if (parts := _age_parts(table, tag))}
        return cls(found, frozenset(flows), by_sex, one_sex, by_age)

    def age_problem(self, tag: str) -> str:
        """What to do about a count given only by age group (``tag`` in ``by_age``)."""
        columns = self.by_age[tag]
        named = ", ".join(repr(column) for column in columns)
        return (
            f"{tag} is given only by age group (column{'s' if len(columns) > 1 else ''}"
            f" {named}): an age group is a part, not the total, and parts are not summed (HXL"
            " does not say whether +adults holds +elderly, nor +children +infants), so no"
            f" count of {dict((t, u) for u, t in COUNTS)[tag]} is read; add a {tag} column"
            " with the total"
        )

    def sex_problem(self, tag: str) -> str:
        """What to do about a count given for one sex only (``tag`` in ``one_sex``)."""
        columns = self.one_sex[tag]
        named = ", ".join(repr(column) for column in columns)
        return (
            f"{tag} is given only by sex, not as a +f and +m pair (column"
            f"{'s' if len(columns) > 1 else ''} {named}): one sex is not the total, so no"
            f" count of {dict((t, u) for u, t in COUNTS)[tag]} is read; add a {tag} column"
            f" with the total, or both {tag}+f and {tag}+m (summed)"
        )

    def get(self, row: dict[str, str], tag: str) -> str:
        column = self.by_tag.get(tag)
        return row.get(column, "").strip() if column else ""


def _age_parts(table: Table, tag: str) -> tuple[str, ...]:
    """The age-group columns of a count; of individuals, also those of returnees that name
    no unit (``#affected+returnees+children``: a count of children is one of people)."""
    name, attrs = _tag(tag)
    units = {"hh", "ind"}
    loose = (attrs - units) if "ind" in attrs else attrs
    return tuple(
        column
        for column, hashtag in table.hashtags.items()
        if _tag(hashtag)[0] == name
        and _is_age_part(have := _tag(hashtag)[1])
        and (attrs <= have or (loose <= have and not have & units))
    )


def _by_sex(table: Table, tag: str) -> tuple[str, str] | tuple[tuple[str, ...]] | None:
    """None when the count has a column that is not a sex's part; else the (women's, men's)
    columns (the pair not tagged ``+new`` first), or, with no pair, ``(all its columns,)``."""
    name, attrs = _tag(tag)
    columns = {
        column: _tag(hashtag)[1] - attrs - NEUTRAL
        for column, hashtag in table.hashtags.items()
        if _tag(hashtag)[0] == name
        and attrs <= _tag(hashtag)[1]
        and not _is_age_part(_tag(hashtag)[1])
    }
    if not columns or any(not (extra & set(SEXES)) for extra in columns.values()):
        return None
    for new in (frozenset(), frozenset({NEW})):
        pair = [[c for c, extra in columns.items() if extra == {sex} | new] for sex in SEXES]
        if all(len(sex) == 1 for sex in pair):
            return pair[0][0], pair[1][0]
    return (tuple(columns),)
