"""The analyst's overrides file: checked line by line, applied on every derive, shown in
return_events and figure_status."""

import pytest
from conftest import returnwatch, rows
from test_warehouse_rules import FIRST, GANFOUDA_DOCS, LAITHI, LAITHI_DOCS, load, status, total

from returnwatch.warehouse import derive
from returnwatch.warehouse.overrides import OverridesError, read_overrides

HEADER = "action,figure_id,value,other_figure_id,reason,decided_on,analyst\n"


def overrides(tmp_path, *lines: str):
    path = tmp_path / "overrides.csv"
    path.write_text("# test overrides\n" + HEADER + "".join(f"{line}\n" for line in lines))
    return path


def test_a_rejected_figure_stays_in_figures_and_out_of_the_sums(tmp_path, warehouse, gazetteer):
    file = overrides(tmp_path, f"reject,{FIRST['figure_id']},,,the ops room retracted it,,amal")
    load(warehouse, gazetteer, GANFOUDA_DOCS[:1], [FIRST], file)
    assert total(warehouse, "ly-benghazi") == 0
    assert (
        status(warehouse, FIRST["figure_id"])
        == "rejected by the analyst: the ops room retracted it"
    )
    assert rows(warehouse, "select count(*) from figures") == [(1,)]


def test_place_quantity_and_type_can_be_fixed_and_the_event_says_why(
    tmp_path, warehouse, gazetteer
):
    fid = FIRST["figure_id"]
    file = overrides(
        tmp_path,
        f"set_area,{fid},ly-benghazi-laithi,,the text names the wrong district,,",
        f"set_quantity,{fid},1100,,registration list says 1100,,",
        f"set_type,{fid},stock,,it is a running total,,",
    )
    load(warehouse, gazetteer, GANFOUDA_DOCS[:1], [FIRST], file)
    ((area, households, kind, notes),) = rows(
        warehouse, "select area_id, households, figure_type, override_notes from return_events"
    )
    assert (area, households, kind) == ("ly-benghazi-laithi", 1100, "stock")
    assert "set_area ly-benghazi-laithi: the text names the wrong district" in notes
    assert "set_quantity 1100: registration list says 1100" in notes


def test_two_figures_can_be_marked_as_the_same_event(tmp_path, warehouse, gazetteer):
    apart = [LAITHI[0], {**LAITHI[1], "quantity": 400}]
    load(warehouse, gazetteer, LAITHI_DOCS, apart)
    assert total(warehouse, "ly-benghazi-laithi") == 820
    file = overrides(
        tmp_path,
        f"same_event,{apart[0]['figure_id']},,{apart[1]['figure_id']},the blog rounded the figure,,",
    )
    load(warehouse, gazetteer, LAITHI_DOCS, apart, file)
    assert rows(warehouse, "select n_sources, households from return_events") == [(2, 420)]


def test_an_override_decided_later_leaves_the_earlier_series_alone(tmp_path, warehouse, gazetteer):
    file = overrides(tmp_path, f"reject,{FIRST['figure_id']},,,retracted,2018-04-01,")
    load(warehouse, gazetteer, GANFOUDA_DOCS[:1], [FIRST], file)
    assert total(warehouse, "ly-benghazi", known="2018-03-31") == 1200
    assert total(warehouse, "ly-benghazi", known="2018-04-01") == 0
    assert total(warehouse, "ly-benghazi") == 0


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("drop,abc,,,no,,", "action 'drop' is not one of"),
        ("reject,abc,,,,,", "reason is empty"),
        ("set_area,abc,ly-nowhere,,typo,,", "an area_id of the gazetteer, not 'ly-nowhere'"),
        ("set_quantity,abc,-5,,typo,,", "a whole number above 0"),
        ("set_type,abc,total,,typo,,", "flow or stock, not 'total'"),
        ("same_event,abc,,,same,,", "other_figure_id"),
        ("reject,abc,,,x,1 April,", "decided_on '1 April' is not a date"),
    ],
)
def test_a_bad_line_is_refused_with_its_line_and_what_to_do(tmp_path, line, message):
    file = overrides(tmp_path, line)
    with pytest.raises(OverridesError) as raised:
        read_overrides(file, {"ly-benghazi"})
    assert f"{file}:3: " in str(raised.value) and message in str(raised.value)


def test_two_lines_setting_the_same_thing_are_refused(tmp_path):
    file = overrides(tmp_path, "set_quantity,abc,5,,a,,", "set_quantity,abc,6,,b,,")
    with pytest.raises(OverridesError, match="already on line 3"):
        read_overrides(file)


def test_a_bad_file_leaves_the_warehouse_as_it_was(tmp_path, warehouse, gazetteer):
    good = overrides(tmp_path, f"set_quantity,{FIRST['figure_id']},1100,,checked,,")
    load(warehouse, gazetteer, GANFOUDA_DOCS[:1], [FIRST], good)
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "nonsense,abc,,,x,,\n")
    with pytest.raises(OverridesError, match=r"bad\.csv:2: action 'nonsense'"):
        derive(warehouse, bad)
    assert total(warehouse, "ly-benghazi") == 1100
    assert rows(warehouse, "select count(*) from overrides") == [(1,)]


def test_a_missing_file_means_no_overrides(tmp_path):
    assert read_overrides(tmp_path / "absent.csv").empty


def test_a_run_with_a_bad_overrides_file_stops_before_it_writes(tmp_path, monkeypatch):
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    (home / "data" / "overrides.csv").write_text(HEADER + "reject,abc,,,,,\n")
    monkeypatch.setenv("RETURNWATCH_HOME", str(home))
    warehouse = tmp_path / "w.duckdb"
    done = returnwatch("run", "--inbox", str(tmp_path), "--warehouse", str(warehouse))
    assert done.returncode == 2
    assert f"{home / 'data' / 'overrides.csv'}:2: reason is empty" in done.stderr
    assert not warehouse.exists()
