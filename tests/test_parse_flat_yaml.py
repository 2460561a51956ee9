"""The fast front-matter reader reads what PyYAML reads, or declines: never a different value."""

from datetime import date
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from returnwatch.parse import read_front_matter
from returnwatch.parse.flat_yaml import read_flat_yaml

KEYS = ["published", "source", "url", "title", "yes", "on", "null", "a-b", "_x", "1", "-k"]
VALUES = [
    "2017-02-13",
    "2017-2-3",
    "2017-13-45",
    "2017-02-13 10:00:00",
    "2017-02-13T10:00:00Z",
    "The Libya Observer",
    "https://libyaobserver.ly/news/x?a=1#frag",
    '"Returns: 1,600 families"',
    '"with \\" escape"',
    '"tab\tinside"',
    "'single: quoted'",
    "'it''s'",
    "yes",
    "No",
    "null",
    "~",
    "3.5",
    "1,600",
    "0x1F",
    ".inf",
    "Sirte: returns",
    "ends with colon:",
    "a # comment",
    "a#b",
    "[a, b]",
    "{a: b}",
    "- item",
    "&anchor x",
    "*alias",
    "!tag x",
    "|",
    ">",
    "سرت",
    "é",
    "x\u0085y",
    "x\u2028y",
    "x\ufeffy",
    "trailing  ",
    "  leading",
    "",
]
SEPARATORS = [": "] * 6 + [":", ":  ", " : "]
# half the keys and values are of the kind the fast reader takes, so it is tried often
GOOD_KEYS = KEYS[:4]
GOOD_VALUES = VALUES[:3] + VALUES[5:8] + VALUES[10:11] + VALUES[32:34]
LINE = st.tuples(
    st.sampled_from(GOOD_KEYS) | st.sampled_from(KEYS),
    st.sampled_from(SEPARATORS),
    st.sampled_from(GOOD_VALUES) | st.sampled_from(VALUES),
)
LINES = st.lists(LINE, min_size=1, max_size=4, unique_by=lambda line: line[0])
BLOCK = LINES.map(lambda lines: "\n".join("".join(line) for line in lines)) | st.text(max_size=80)


@settings(max_examples=600, deadline=None)
@given(BLOCK)
def test_what_the_fast_reader_reads_pyyaml_reads_the_same(block: str) -> None:
    fast = read_flat_yaml(block)
    if fast is None:
        return
    assert fast == yaml.safe_load(block)
    assert [type(v) for v in fast.values()] == [type(v) for v in yaml.safe_load(block).values()]


def test_the_usual_front_matter_is_read_fast_and_dates_typed() -> None:
    block = "\n".join(
        [
            "published: 2017-02-13",
            "source: The Libya Observer",
            "url: https://libyaobserver.ly/news/over-1600-families-return-sirte",
            'title: "More than 1,600 families back in Sirte, BM says"',
        ]
    )
    assert read_flat_yaml(block) == {
        "published": date(2017, 2, 13),
        "source": "The Libya Observer",
        "url": "https://libyaobserver.ly/news/over-1600-families-return-sirte",
        "title": "More than 1,600 families back in Sirte, BM says",
    }


def test_anything_else_is_left_to_pyyaml() -> None:
    for block in [
        "tags:\n  - a",
        "count: 3",
        "draft: yes",
        "a: 1\na: 2",
        "title: a\n  b",
        "x: 2017-13-45",
    ]:
        assert read_flat_yaml(block) is None, block


def test_front_matter_of_every_sample_reads_as_pyyaml_reads_it() -> None:
    samples = sorted(Path("data/raw/samples").glob("*.md")) + sorted(
        Path("tests/corpus").glob("*.md")
    )
    assert samples
    for path in samples:
        text = path.read_text(encoding="utf-8")
        front = read_front_matter(text)
        if not text.startswith("---"):
            continue
        block = text.split("\n---", 1)[0].split("\n", 1)[1]
        assert front.metadata == (yaml.safe_load(block) or {}), path
