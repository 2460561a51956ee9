"""The places a run could not name, as its Prefect report and its pipeline_runs row show
them: the run's own (not the whole warehouse's), the 50 with most figures listed, the rest
counted. Two real runs into one warehouse: a DTM table of 56 unknown places, then one
statement naming an unknown place."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import returnwatch, rows
from test_export_artifacts import artifacts

pytestmark = pytest.mark.prefect

TABLE = "Admin 2 name,Date reported,HH\n#adm2+name,#date+reported,#affected+returnees+hh\n"
# "Nowhere 00" is given by three rows, the others by one each
UNKNOWN = ["Nowhere 00"] * 2 + [f"Nowhere {i:02d}" for i in range(56)]
STATEMENT = (
    "---\npublished: 2017-02-13\n---\nOn 13 February, 40 families returned to Qasr Zanzibar.\n"
)


def _run(tmp: Path, inbox: Path) -> str:
    result = returnwatch(
        "run", "--inbox", str(inbox), "--warehouse", str(tmp / "w.duckdb"),
        "--archive", str(tmp / "archive"), "--exports", str(tmp / "exports"),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    (run_id,) = rows(
        tmp / "w.duckdb", "select run_id from pipeline_runs order by started_at desc limit 1"
    )[0]
    (report,) = [a.data for a in artifacts("returnwatch-run-summary") if run_id in a.data]
    return report.split("## Places this run could not name", 1)[1].split("\n## ", 1)[0]


def test_a_run_lists_its_own_unnamed_places_bounded_and_counts_the_rest(prefect_server, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    body = "".join(
        f"{place},2017-06-{1 + n % 28:02d},{10 + n}\n" for n, place in enumerate(UNKNOWN)
    )
    (first / "dtm.csv").write_text(TABLE + body, encoding="utf-8")
    (second / "qasr.md").write_text(STATEMENT, encoding="utf-8")

    listed = _run(tmp_path, first)
    assert "58 figures of this run give 56 places the gazetteer could not name" in listed
    assert "the whole warehouse holds 58 figures" in listed
    places = [line for line in listed.splitlines() if line.startswith("| Nowhere")]
    assert len(places) == 50 and places[0].startswith("| Nowhere 00 | 3 | 1 | dtm.csv |")
    assert "… and 6 more places" in listed

    listed = _run(tmp_path, second)
    assert "1 figure of this run gives 1 place the gazetteer could not name" in listed
    assert "the whole warehouse holds 59 figures" in listed
    assert "Nowhere" not in listed and "| Qasr Zanzibar | 1 | 1 | qasr.md |" in listed
    assert rows(
        tmp_path / "w.duckdb", "select unresolved_places from pipeline_runs order by started_at"
    ) == [(58,), (1,)]
