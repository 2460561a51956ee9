"""A run's frames are let go of once they are inserted, not held through the derive."""

import gc

import pandas as pd
import pyarrow as pa
from conftest import rows
from test_warehouse_semantics import SEED_DOCS, SEED_FIGURES

from returnwatch.warehouse import connect, load_tables
from returnwatch.warehouse.frame_statements import execute_over


def arrow_frame(n: int) -> pd.DataFrame:
    text = pd.array(
        [f"figure number {i} of a long run" for i in range(n)], pd.ArrowDtype(pa.string())
    )
    return pd.DataFrame({"text": text, "n": range(n)})


def test_a_frame_read_inside_a_transaction_is_freed_when_the_statement_ends(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    con.execute("create table t (text varchar, n bigint)")
    before = pa.total_allocated_bytes()
    frame = arrow_frame(200_000)
    held = pa.total_allocated_bytes() - before
    con.begin()
    execute_over(con, "insert into t select * from incoming", frame)
    del frame
    gc.collect()
    still_held = pa.total_allocated_bytes() - before  # the transaction is still open
    assert con.execute("select count(*), sum(n) from t").fetchall() == [
        (200_000, sum(range(200_000)))
    ]
    con.commit()
    con.close()
    assert held > 4_000_000
    assert still_held < held / 10


def test_a_load_that_releases_its_frames_derives_the_same_warehouse(tmp_path, gazetteer):
    def frames():
        return {
            "areas": gazetteer.areas_frame(),
            "household_sizes": gazetteer.household_sizes_frame(),
            "documents": pd.DataFrame(SEED_DOCS),
            "figures": pd.DataFrame(SEED_FIGURES),
        }

    kept, released = frames(), frames()
    load_tables(tmp_path / "kept.duckdb", kept)
    added = load_tables(tmp_path / "released.duckdb", released, release=True).added
    query = "select * from return_events order by all"
    assert released == {}
    assert set(kept) == {"areas", "household_sizes", "documents", "figures"}
    assert added["figures"] == len(SEED_FIGURES)
    assert rows(tmp_path / "released.duckdb", query) == rows(tmp_path / "kept.duckdb", query)
    assert rows(tmp_path / "released.duckdb", query)
