"""The gazetteer: its data files (P-codes, own areas, aliases), resolution and mentions."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from returnwatch.gazetteer import Gazetteer, GazetteerDataError, Mention
from returnwatch.gazetteer.load import package_data_dir

# OCHA COD-AB Libya admin1/admin2 P-codes (valid from 2018-05-07), copied by hand from
# the project's reference list: (P-code, admin level, name, parent P-code).
COD_AB_LIBYA = [
    ("LY01", 1, "East", "LBY"),
    ("LY02", 1, "West", "LBY"),
    ("LY03", 1, "South", "LBY"),
    ("LY0101", 2, "Derna", "LY01"),
    ("LY0102", 2, "Almarj", "LY01"),
    ("LY0103", 2, "Benghazi", "LY01"),
    ("LY0104", 2, "Tobruk", "LY01"),
    ("LY0105", 2, "Ejdabia", "LY01"),
    ("LY0106", 2, "Al Jabal Al Akhdar", "LY01"),
    ("LY0107", 2, "Alkufra", "LY01"),
    ("LY0208", 2, "Sirt", "LY02"),
    ("LY0209", 2, "Nalut", "LY02"),
    ("LY0210", 2, "Almargeb", "LY02"),
    ("LY0211", 2, "Tripoli", "LY02"),
    ("LY0212", 2, "Aljfara", "LY02"),
    ("LY0213", 2, "Azzawya", "LY02"),
    ("LY0214", 2, "Misrata", "LY02"),
    ("LY0215", 2, "Zwara", "LY02"),
    ("LY0216", 2, "Al Jabal Al Gharbi", "LY02"),
    ("LY0317", 2, "Aljufra", "LY03"),
    ("LY0318", 2, "Wadi Ashshati", "LY03"),
    ("LY0319", 2, "Sebha", "LY03"),
    ("LY0320", 2, "Ubari", "LY03"),
    ("LY0321", 2, "Ghat", "LY03"),
    ("LY0322", 2, "Murzuq", "LY03"),
]

SEED_SENTENCE = (
    "On 13 February, BM said that 585 families had returned to the Hay al-Gharbiya area "
    "(in the 700 residential area) south of Sirte, while 1025 families returned to the "
    "Third Residential area on the coast."
)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the package's data files, to break in one place per test."""
    source = package_data_dir()
    for name in ("areas.csv", "aliases.csv", "household_sizes.csv"):
        shutil.copyfile(str(source.joinpath(name)), tmp_path / name)
    return tmp_path


def _append(path: Path, line: str) -> int:
    """Append a CSV line to `path`; return its line number."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text + line + "\n", encoding="utf-8")
    return len((text + line).splitlines())


# --- data files ------------------------------------------------------------------------


@pytest.mark.parametrize(("pcode", "level", "name", "parent"), COD_AB_LIBYA)
def test_every_cod_ab_row_is_present_with_its_parent(gaz, pcode, level, name, parent):
    area = gaz.area(pcode)
    assert (area.pcode, area.admin_level, area.name, area.parent_id) == (pcode, level, name, parent)
    assert area.kind == ("region" if level == 1 else "mantika")
    assert area.country == "LBY"


def test_the_country_row_heads_the_tree(gaz):
    libya = gaz.area("LBY")
    assert (libya.kind, libya.parent_id, libya.country, libya.name) == (
        "country",
        None,
        "LBY",
        "Libya",
    )
    cod_ids = {row[0] for row in COD_AB_LIBYA}
    pcoded = {area.area_id for area in gaz.areas if area.pcode}
    assert pcoded == cod_ids


def test_own_areas_have_slug_ids_sources_and_no_invented_pcode(gaz):
    frame = gaz.areas_frame()
    own = frame[~frame["area_id"].isin({"LBY", *(row[0] for row in COD_AB_LIBYA)})]
    assert len(own) >= 25
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", area_id) for area_id in own["area_id"])
    assert own["pcode"].isna().all()
    assert (own["source"].str.len() > 10).all()


def test_hierarchy_from_hay_al_gharbiya_up_to_libya(gaz):
    chain = [area.area_id for area in gaz.ancestors("ly-sirte-700-gharbiya")]
    assert chain == ["ly-sirte-700", "ly-sirte", "ly-sirt-baladiya", "LY0208", "LY02", "LBY"]
    kinds = [area.kind for area in gaz.ancestors("ly-sirte-700-gharbiya")]
    assert kinds == ["district", "settlement", "baladiya", "mantika", "region", "country"]


@pytest.mark.parametrize(
    ("area_id", "settlement", "mantika"),
    [
        ("ly-sirte-d3", "ly-sirte", "LY0208"),
        ("ly-benghazi-ganfouda", "ly-benghazi", "LY0103"),
        ("ly-tawergha", "ly-tawergha", "LY0214"),
        ("ly-misrata", "ly-misrata", "LY0214"),
        ("ly-tripoli", "ly-tripoli", "LY0211"),
    ],
)
def test_nearest_climbs_to_the_kind_asked_for(gaz, area_id, settlement, mantika):
    assert gaz.nearest(area_id, "settlement").area_id == settlement
    assert gaz.nearest(area_id, "mantika").area_id == mantika
    assert gaz.nearest("LY0208", "district") is None
    assert gaz.nearest("ly-sirte-700-gharbiya", "district").area_id == "ly-sirte-700"


def test_sirte_districts_of_the_return_plan_are_districts(gaz):
    districts = {a.area_id for a in gaz.areas if a.kind == "district" and a.parent_id == "ly-sirte"}
    expected = {"ly-sirte-700", "ly-sirte-d1", "ly-sirte-d2", "ly-sirte-d3", "ly-sirte-dollar"}
    assert expected | {"ly-sirte-giza-bahriya", "ly-sirte-zafran"} <= districts


def test_unknown_area_is_a_key_error_naming_it(gaz):
    with pytest.raises(KeyError, match="ly-nowhere"):
        gaz.area("ly-nowhere")
    assert not gaz.has("ly-nowhere")
    assert not gaz.has(None)
    assert gaz.has("LY0208")


def test_load_is_cached(gaz):
    assert Gazetteer.load() is gaz


# --- resolution ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "area_id"),
    [
        ("Sirte", "ly-sirte"),
        ("Sirt", "ly-sirte"),
        ("Surt", "ly-sirte"),
        ("Syrte", "ly-sirte"),
        ("سرت", "ly-sirte"),
        ("Benghazi", "ly-benghazi"),
        ("Banghazi", "ly-benghazi"),
        ("Bengasi", "ly-benghazi"),
        ("بنغازي", "ly-benghazi"),
        ("Misrata", "ly-misrata"),
        ("Misurata", "ly-misrata"),
        ("Misratah", "ly-misrata"),
        ("مصراتة", "ly-misrata"),
        ("Tawergha", "ly-tawergha"),
        ("Tawargha", "ly-tawergha"),
        ("Tawurgha", "ly-tawergha"),
        ("تاورغاء", "ly-tawergha"),
        ("Tripoli", "ly-tripoli"),
        ("Hay al-Gharbiya", "ly-sirte-700-gharbiya"),
        ("al-Hay al-Gharbi", "ly-sirte-700-gharbiya"),
        ("Gharbiya", "ly-sirte-700-gharbiya"),
        ("الحي الغربي", "ly-sirte-700-gharbiya"),
        ("Third District", "ly-sirte-d3"),
        ("Third Residential area", "ly-sirte-d3"),
        ("Residential District No. 3", "ly-sirte-d3"),
        ("District 3", "ly-sirte-d3"),
        ("Neighbourhood 3", "ly-sirte-d3"),
        ("Hay 3", "ly-sirte-d3"),
        ("الحي الثالث", "ly-sirte-d3"),
        ("الحي رقم 3", "ly-sirte-d3"),
        ("700 area", "ly-sirte-700"),
        ("700 residential area", "ly-sirte-700"),
        ("Neighbourhood 700", "ly-sirte-700"),
        ("Hay 700", "ly-sirte-700"),
        ("حي 700", "ly-sirte-700"),
        ("al-Dollar", "ly-sirte-dollar"),
        ("Dollar district", "ly-sirte-dollar"),
        ("حي الدولار", "ly-sirte-dollar"),
        ("al-Giza al-Bahriya", "ly-sirte-giza-bahriya"),
        ("Giza Bahriya", "ly-sirte-giza-bahriya"),
        ("الجيزة البحرية", "ly-sirte-giza-bahriya"),
        ("al-Zafran", "ly-sirte-zafran"),
        ("Zafaran", "ly-sirte-zafran"),
        ("الزعفران", "ly-sirte-zafran"),
        ("Ganfouda", "ly-benghazi-ganfouda"),
        ("Qawarsha", "ly-benghazi-gwarsha"),
        ("Soug al-Hout", "ly-benghazi-suq-al-hout"),
        ("LY0208", "LY0208"),
    ],
)
def test_variants_resolve(gaz, text, area_id):
    result = gaz.resolve(text)
    assert result.area_id == area_id, result
    assert result.method in {"alias", "normalised"}
    assert result.score == 1.0


@pytest.mark.parametrize(
    ("text", "area_id"),
    [
        ("SURT", "ly-sirte"),
        ("  the Third  District ", "ly-sirte-d3"),
        ("Hay al‑Gharbiya", "ly-sirte-700-gharbiya"),  # non-breaking hyphen
        ("Hay al Gharbiya", "ly-sirte-700-gharbiya"),
        ("Hay al-Gharbiya area", "ly-sirte-700-gharbiya"),
        ("مصراته", "ly-misrata"),  # taa marbuta written as haa
        ("الحي رقم ٣", "ly-sirte-d3"),  # Arabic-Indic digit
        ("سـرت", "ly-sirte"),  # tatweel
        ("سِرْت", "ly-sirte"),  # harakat
        ("Zafrán", "ly-sirte-zafran"),  # diacritic
        ("Sha’biya", "ly-sirte-shabiya"),  # curly apostrophe
    ],
)
def test_normalised_variants_resolve(gaz, text, area_id):
    result = gaz.resolve(text)
    assert (result.area_id, result.method, result.score) == (area_id, "normalised", 1.0)


def test_a_kind_word_moves_to_the_level_it_names(gaz):
    assert gaz.resolve("Sirte municipality").area_id == "ly-sirt-baladiya"
    assert gaz.resolve("Tawergha city").area_id == "ly-tawergha"
    assert gaz.resolve("بلدية تاورغاء").area_id == "ly-tawergha-baladiya"


def test_one_place_at_several_levels_is_the_most_specific(gaz):
    result = gaz.resolve("Benghazi")
    assert result.area_id == "ly-benghazi"
    assert set(result.candidates) == {"LY0103", "ly-benghazi-baladiya", "ly-benghazi"}


def test_fuzzy_only_within_the_parent(gaz):
    misspelt = "Hay al-Gharbiyya"
    assert gaz.resolve(misspelt).area_id is None
    assert gaz.resolve(misspelt).method == "unresolved"
    within = gaz.resolve(misspelt, within="ly-sirte")
    assert (within.area_id, within.method) == ("ly-sirte-700-gharbiya", "fuzzy")
    assert 0.88 <= within.score < 1
    assert gaz.resolve(misspelt, within="ly-benghazi").area_id is None


def test_fuzzy_never_changes_a_number(gaz):
    for text in ("District 4", "Neighbourhood 800", "Hay 70"):
        assert gaz.resolve(text, within="ly-sirte").area_id is None, text


def test_ambiguity_is_reported_not_guessed(gaz):
    for within in (None, "ly-sirte"):
        result = gaz.resolve("Giza", within=within)
        assert (result.area_id, result.method, result.score) == (None, "ambiguous", 0.0)
        assert set(result.candidates) == {"ly-sirte-giza-bahriya", "ly-sirte-giza-askariya"}


def test_within_prefers_areas_below_it_but_does_not_hide_others(gaz):
    assert gaz.resolve("Misrata", within="LY0214").area_id == "ly-misrata"
    assert gaz.resolve("Benghazi", within="ly-sirte").area_id == "ly-benghazi"
    with pytest.raises(KeyError, match="ly-nowhere"):
        gaz.resolve("Sirte", within="ly-nowhere")


@pytest.mark.parametrize("text", ["", "   ", "Atlantis", "700", "families"])
def test_unknown_text_is_unresolved(gaz, text):
    result = gaz.resolve(text)
    assert (result.area_id, result.method, result.score) == (None, "unresolved", 0.0)


# --- mentions --------------------------------------------------------------------------


def _spans(text: str, mentions: list[Mention]) -> list[tuple[str, str]]:
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
    return [(m.text, m.candidates[-1]) for m in mentions]


def test_mentions_in_the_seed_sentence(gaz):
    mentions = gaz.find_mentions(SEED_SENTENCE)
    assert _spans(SEED_SENTENCE, mentions) == [
        ("Hay al-Gharbiya", "ly-sirte-700-gharbiya"),
        ("700 residential area", "ly-sirte-700"),
        ("Sirte", "ly-sirte"),
        ("Third Residential area", "ly-sirte-d3"),
    ]
    first = mentions[0]
    assert first.start == SEED_SENTENCE.index("Hay al-Gharbiya")
    assert first.end == first.start + len("Hay al-Gharbiya")
    assert not any("585" in m.text or "1025" in m.text for m in mentions)


def test_bare_numbers_and_direction_words_are_not_mentions(gaz):
    text = "700 families reached a town east of Sirte; District 10 and 1025 cars south-west."
    assert [m.text for m in gaz.find_mentions(text)] == ["Sirte"]


def test_mentions_need_word_boundaries(gaz):
    assert gaz.find_mentions("Sirtean pastries from Benghazis") == []
    text = "Sirte’s mayor, the Third District, and Misrata-Tawergha road"
    assert [m.text for m in gaz.find_mentions(text)] == [
        "Sirte",
        "Third District",
        "Misrata",
        "Tawergha",
    ]


def test_mentions_prefer_the_longest_name(gaz):
    text = "returns to the Residential District No. 3 and to Benghazi city"
    assert [m.text for m in gaz.find_mentions(text)] == [
        "Residential District No. 3",
        "Benghazi city",
    ]


def test_arabic_mentions_inside_english_and_with_proclitics(gaz):
    text = "BM said 576 families went back to (حي السبعمئة) and 940 to الحي السكني رقم 3 بسرت."
    found = _spans(text, gaz.find_mentions(text))
    assert found == [
        ("حي السبعمئة", "ly-sirte-700"),
        ("الحي السكني رقم 3", "ly-sirte-d3"),
        ("سرت", "ly-sirte"),
    ]


def test_mentions_of_an_ambiguous_name_list_every_candidate(gaz):
    (mention,) = gaz.find_mentions("Fighting ended in Giza.")
    assert set(mention.candidates) == {"ly-sirte-giza-bahriya", "ly-sirte-giza-askariya"}


# --- household sizes and frames --------------------------------------------------------


def test_household_size_takes_the_nearest_year_at_or_before(gaz):
    size_2017 = gaz.household_size("LBY", 2017)
    assert (size_2017.size, size_2017.year) == (6.0, 2006)
    assert "census" in size_2017.source
    assert gaz.household_size("LBY", 2006).year == 2006
    assert gaz.household_size("LBY", 2000).year == 1995
    assert gaz.household_size("LBY", 1990).year == 1995
    assert gaz.household_size("TUN", 2017) is None


def test_frames_match_the_warehouse_tables(gaz, tmp_path):
    from returnwatch.warehouse import connect
    from returnwatch.warehouse.sql_files import apply_layer

    con = connect(tmp_path / "w.duckdb")
    apply_layer(con, "schema")
    columns = {
        table: [row[0] for row in con.execute(f"describe {table}").fetchall()]
        for table in ("areas", "household_sizes")
    }
    con.close()
    areas = gaz.areas_frame()
    assert list(areas.columns) == columns["areas"]
    assert len(areas) == len(gaz.areas)
    assert areas["area_id"].is_unique
    assert str(areas["admin_level"].dtype) == "Int64"
    sizes = gaz.household_sizes_frame()
    assert list(sizes.columns) == columns["household_sizes"]
    assert sizes["source"].str.len().min() > 10


# --- validation of the data files -------------------------------------------------------


def test_an_unchanged_copy_of_the_data_loads(data_copy):
    assert Gazetteer.load(data_copy).area("ly-sirte").name == "Sirte"


@pytest.mark.parametrize(
    ("file", "line", "message"),
    [
        (
            "areas.csv",
            "ly-sirte-x,Nowhere,,district,ly-sirte-missing,LBY,,,somewhere",
            "parent_id 'ly-sirte-missing' is not an area",
        ),
        (
            "areas.csv",
            "ly-sirte,Sirte again,,settlement,LY0208,LBY,,,a source",
            "duplicate area_id",
        ),
        ("areas.csv", "ly-sirte-y,Y,,village,ly-sirte,LBY,,,a source", "kind 'village'"),
        ("areas.csv", "ly-sirte-z,Z,,district,ly-sirte-d3,LBY,,,a source", "cannot sit under"),
        ("aliases.csv", "ly-sirte|Sirte,Sirte Nowhere,ly-nowhere,en", "not an area in areas.csv"),
        ("aliases.csv", "LY0208|Sirt,Surte,ly-sirte,en", "parent_key 'LY0208|Sirt' must be"),
        ("aliases.csv", "ly-sirte|Sirte,700,ly-sirte-700,en", "a number alone"),
        ("aliases.csv", "ly-sirt-baladiya|Sirt,Sirte,ly-sirte,en", "repeats the area's own name"),
        ("household_sizes.csv", "LBY,2006,6.1,another source", "a second value"),
        ("household_sizes.csv", "TUN,2014,3.9,INS Tunisia", "not a country in areas.csv"),
    ],
)
def test_validation_errors_name_the_file_and_line(data_copy, file, line, message):
    number = _append(data_copy / file, line)
    with pytest.raises(GazetteerDataError) as error:
        Gazetteer.load(data_copy)
    text = str(error.value)
    assert f"{(data_copy / file).resolve()}, line {number}:" in text
    assert message in text


def test_a_wrong_header_is_reported_on_line_one(data_copy):
    path = data_copy / "aliases.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("lang", "language", 1), "utf-8")
    with pytest.raises(GazetteerDataError, match=r"aliases\.csv, line 1: header"):
        Gazetteer.load(data_copy)


def test_a_missing_file_is_named(data_copy):
    (data_copy / "household_sizes.csv").unlink()
    with pytest.raises(GazetteerDataError, match=r"household_sizes\.csv: file not found"):
        Gazetteer.load(data_copy)
