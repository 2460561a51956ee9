"""A folder file already loaded under its name is recognised by its fingerprint and not
read again; a file changed since is read again."""

import os
import time

from returnwatch.documents import Document, Known
from returnwatch.sources import folder_source, pull
from returnwatch.sources.fingerprints import SETTLED_NS, Fingerprints


def pulled(inbox, fingerprints, seen):
    return list(pull(folder_source(inbox), fingerprints=fingerprints, seen=seen))


def settle(path):
    """As if the file had been written well before it was first hashed."""
    old = time.time_ns() - 2 * SETTLED_NS
    os.utime(path, ns=(old, old))


def test_a_known_file_is_not_read_again_and_a_changed_one_is(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    table = inbox / "dtm.csv"
    table.write_text("a,b\n1,2\n")
    settle(table)
    store = tmp_path / "fingerprints.json"
    fingerprints = Fingerprints(store)
    (first,) = pulled(inbox, fingerprints, lambda *_: False)
    fingerprints.save()
    assert isinstance(first, Document)
    recorded = {("inbox", "dtm.csv", first.document_id)}

    (again,) = pulled(inbox, Fingerprints(store), lambda *key: key in recorded)
    assert again == Known("inbox", "dtm.csv", first.document_id)

    (unrecorded,) = pulled(inbox, Fingerprints(store), lambda *_: False)
    assert isinstance(unrecorded, Document)  # the warehouse does not hold it: read it

    table.write_text("a,b\n1,3\n")  # same size, new content
    settle(table)
    (changed,) = pulled(inbox, Fingerprints(store), lambda *key: key in recorded)
    assert isinstance(changed, Document) and changed.document_id != first.document_id


def test_a_file_hashed_just_after_it_was_written_is_not_trusted(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "new.csv").write_text("a\n1\n")
    store = tmp_path / "fingerprints.json"
    fingerprints = Fingerprints(store)
    pulled(inbox, fingerprints, lambda *_: False)
    fingerprints.save()
    assert store.is_file()
    (again,) = pulled(inbox, Fingerprints(store), lambda *_: True)
    assert isinstance(again, Document)  # written within the clock's resolution of its hashing
