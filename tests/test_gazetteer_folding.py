"""The fast surface form (folded a stretch at a time, origins worked out when asked) is the
surface form defined character by character, and both place scans agree on ASCII text."""

from hypothesis import given, settings
from hypothesis import strategies as st

from returnwatch.gazetteer import Gazetteer
from returnwatch.gazetteer.normalise import SurfaceMap, _fold_char, surface_with_map

PIECES = [
    "Hay al-Gharbiya",
    "HAY AL GHARBIYA",
    "Sirte's",
    "Sirtean",
    "حي الغربية",
    "بسرت",
    "سرت",
    "مصراتة",
    "ـ",
    "\u064e",
    "٣٤",
    "700",
    "Café",
    "ﬁ",
    "½",
    "ß",
    "’",
    "\u200f",
    "\u00a0",
    ", ",
    ".",
    "-",
    "(",
    " ",
    "\n",
    "al-Dollar",
    "the Third District",
    "Ganfouda",
    "District 2",
]
TEXT = st.lists(st.sampled_from(PIECES), max_size=25).map("".join) | st.text(max_size=60)
ASCII_TEXT = st.lists(st.sampled_from([p for p in PIECES if p.isascii()]), max_size=25).map(
    " ".join
)


def _by_character(text: str) -> tuple[str, list[int]]:
    """The surface form by its definition: each character folded on its own (ASCII letters
    and digits lowercased, other ASCII a space), spaces collapsed, none at either end."""
    chars: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        ascii_fold = ch.lower() if ch.isalnum() else " "
        for out in ascii_fold if ch.isascii() else _fold_char(ch):
            if out == " " and (not chars or chars[-1] == " "):
                continue
            chars.append(out)
            origin.append(index)
    if chars and chars[-1] == " ":
        chars.pop()
        origin.pop()
    return "".join(chars), origin


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_surface_map_is_the_character_by_character_fold(text: str) -> None:
    folded = SurfaceMap(text)
    expected = _by_character(text)
    assert folded.text == expected[0]
    assert [folded.origin(i) for i in range(len(folded.text))] == expected[1]
    assert surface_with_map(text) == expected


@settings(max_examples=300, deadline=None)
@given(ASCII_TEXT)
def test_the_folded_scan_finds_what_the_ascii_scan_finds(text: str) -> None:
    finder = Gazetteer.load()._mentions
    assert finder._find_folded(text) == finder._find_ascii(text)
