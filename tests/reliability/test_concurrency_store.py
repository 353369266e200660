"""Readers loading the index while an ingest replaces it: each read is one complete version, never an error.

The app (and ``ask``) may start while ``ingest`` runs: a reader that has read CURRENT can find the
version it names removed by the writer's clean-up a moment later. It must then load the newer
version, not fail.
"""

from __future__ import annotations

import threading
import time

import numpy as np

from index.store import IndexData, read_index, write_index
from tests.index.test_store import passage

READERS = 4
WRITES = 60


def version_data(number: int) -> IndexData:
    """Version ``number``: its passages and vectors say which version they are."""
    passages = [passage(order, f"Version {number}, stycke {order}: lånetaket är {850 + number} mkr.") for order in range(40)]
    embeddings = np.full((40, 8), number, dtype=np.float32)
    return IndexData(passages, embeddings, {"model": {"name": "test"}, "version": number})


def test_readers_always_get_one_complete_version_while_ingest_replaces_it(tmp_path):
    index_dir = tmp_path / "index"
    write_index(index_dir, version_data(0))
    done = threading.Event()
    failures: list[BaseException] = []
    reads = [0] * READERS

    def reader(slot: int) -> None:
        while not done.is_set():
            try:
                data = read_index(index_dir)
                number = data.manifest["version"]
                assert all(f"Version {number}," in p.text for p in data.passages)
                assert (data.embeddings == number).all()
            except BaseException as error:  # any failure of a read is the finding
                failures.append(error)
                return
            reads[slot] += 1

    threads = [threading.Thread(target=reader, args=(slot,)) for slot in range(READERS)]
    for thread in threads:
        thread.start()
    try:
        for number in range(1, WRITES + 1):
            write_index(index_dir, version_data(number))
            time.sleep(0.002)
    finally:
        done.set()
        for thread in threads:
            thread.join(timeout=30)
    assert failures == []
    assert sum(reads) >= READERS
    assert read_index(index_dir).manifest["version"] == WRITES
