"""Named queries read through one connection give what each read alone gives."""

import duckdb
import pandas as pd

from returnwatch.warehouse.queries import run_queries, run_query

NAMES = ("unresolved_count", "latest_by_district", "known_document_ids")


def test_queries_read_together_equal_each_read_alone(exported_run):
    tmp, _ = exported_run
    warehouse = tmp / "w.duckdb"
    together = run_queries(warehouse, *NAMES)
    assert len(together) == len(NAMES)
    for name, frame in zip(NAMES, together, strict=True):
        pd.testing.assert_frame_equal(frame, run_query(warehouse, name))
    assert len(together[1]) > 0  # the samples have district totals
    duckdb.connect(str(warehouse)).close()  # closed again: a writer can open it
