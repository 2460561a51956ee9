from datetime import date, timedelta

from returnwatch.extract import Figure
from returnwatch.validate import validate_figures


def record(**changes):
    figure = Figure(
        document_id="d" * 64,
        file="note.md",
        quantity=585,
        unit="households",
        figure_type="flow",
        event_date=date(2017, 2, 13),
        date_precision="day",
        span_start=changes.pop("span_start", 10),
        span_end=20,
        method="test",
    ).with_(**changes)
    return {**figure.record(), "published_date": date(2017, 2, 14)}


def test_good_figures_pass():
    result = validate_figures([record(), record(span_start=12)])
    assert len(result.accepted) == 2 and result.rejected == []


def test_each_bad_figure_is_quarantined_with_its_check_and_the_rest_go_on():
    bad = [
        record(span_start=1, quantity=-5),
        record(span_start=2, unit="goats"),
        record(span_start=3, event_date=date.today() + timedelta(days=30)),
        record(span_start=4, event_date=date(2017, 3, 1)),  # after publication
        record(span_start=5, quantity=300, quantity_high=200, qualifier="range"),
        record(span_start=6, quantity=9_000_000),
    ]
    result = validate_figures([record(span_start=0), *bad])
    assert list(result.accepted["span_start"]) == [0]
    rejected = {row["record"]["span_start"]: row for row in result.rejected}
    assert set(rejected) == {1, 2, 3, 4, 5, 6}
    assert "negative" in rejected[1]["check_name"]
    assert "isin" in rejected[2]["check_name"] and rejected[2]["value"] == "goats"
    assert "future" in rejected[3]["check_name"]
    assert "after the document was published" in rejected[4]["check_name"]
    assert "below its low end" in rejected[5]["check_name"]
    assert "implausible" in rejected[6]["check_name"]
    assert all("note.md" in row["reason"] for row in result.rejected)


def test_a_repeated_figure_id_is_quarantined_so_accepted_ids_are_unique():
    """The flow's load trusts this (``load_tables(..., unique={"figures"})``): it does not
    search the accepted figures for repeated ids again."""
    twice = record(span_start=7)
    result = validate_figures([record(span_start=0), twice, dict(twice), record(span_start=9)])
    assert list(result.accepted["span_start"]) == [0, 9]
    assert result.accepted["figure_id"].is_unique
    assert {row["record"]["span_start"] for row in result.rejected} == {7}
    assert all("unique" in row["check_name"] for row in result.rejected)


LEAN_VALIDATION = """
import sys
from datetime import date
from returnwatch.extract import Figure
from returnwatch.validate import validate_figures
good = Figure(document_id="d" * 64, file="n.md", quantity=5, unit="households",
              figure_type="flow", event_date=date(2017, 2, 13), date_precision="day",
              span_start=1, span_end=2, method="test")
bad = good.with_(quantity=-5, span_start=3, span_end=4)
result = validate_figures([{**f.record(), "published_date": date(2017, 2, 14)}
                           for f in (good, bad)])
assert len(result.accepted) == 1 and len(result.rejected) == 1, result
assert "hypothesis" not in sys.modules, "pandera imported hypothesis"
import hypothesis  # still importable afterwards
print("ok")
"""


def test_validation_leaves_hypothesis_out_of_a_process_that_has_not_imported_it():
    """pandera's data synthesis (which imports hypothesis, a development dependency, ~0.25 s)
    is not loaded by a run's validation; the rows are checked all the same."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", LEAN_VALIDATION], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
