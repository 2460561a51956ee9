"""Today's stored cumulative tables (latest/) hold exactly the rows, in the same order, that
the public as-known-on macros give for today: latest/010 sorts the macro's unsorted rows
itself (one sort, whose stored order only its own order by promises), so this holds the two
to each other."""

import duckdb

TODAY = "date '9999-12-31'"


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_todays_area_and_district_tables_equal_the_macros_for_today(exported_run):
    tmp, _ = exported_run
    con = duckdb.connect(str(tmp / "w.duckdb"), read_only=True)
    try:
        stored = _rows(con, "select * from stg_cumulative_returns_by_area")
        from_macro = _rows(con, f"select * from cumulative_returns_by_area_as_known_on({TODAY})")
        districts = _rows(con, "select * from stg_cumulative_returns_by_district")
        districts_from_macro = _rows(
            con, f"select * from cumulative_returns_by_district_as_known_on({TODAY})"
        )
        columns = [c[0] for c in con.execute("describe stg_cumulative_returns_by_area").fetchall()]
        macro_columns = [
            c[0]
            for c in con.execute(
                f"describe select * from cumulative_returns_by_area_as_known_on({TODAY})"
            ).fetchall()
        ]
        kinds = {row[2] for row in stored}
        dates = len({row[7] for row in stored})
    finally:
        con.close()
    assert columns == macro_columns
    assert len(stored) > 20 and len(kinds) >= 3 and dates >= 5  # the samples: several levels
    assert stored == from_macro  # same rows, same order
    assert districts == districts_from_macro and districts
