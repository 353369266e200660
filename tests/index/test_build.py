"""Incremental index builds: only what changed is parsed and embedded; broken files keep their last version."""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
from pathlib import Path

import numpy as np
import pytest

from index.build import build_index
from index.chunking import ChunkingConfig
from index.dense import DEFAULT_MODEL, resolve_model
from index.errors import IndexNotBuilt
from index.search import Retriever, SearchConfig, Strategy
from index.store import FORMAT_VERSION, REUSABLE_FORMATS, build_lock, current_version, read_index
from ingest.corpus import INGEST_VERSION
from tests.cluttered import SECRET, SKIPPED, UNREADABLE_FILES, add_clutter

TINY = ["ekonomi.txt", "kollektivtrafik.txt", "tandvard.txt"]
SMALL_DOC = "tjansteskrivelse-summering-planeringsforutsattningar-2027-2029.txt"
DEFAULT = ChunkingConfig()


@pytest.fixture
def build(embedder):
    """build_index with the session's model, so no test loads it again."""

    def run(documents: Path, index_dir: Path, chunking: ChunkingConfig = DEFAULT, model: str = DEFAULT_MODEL, **kwargs):
        return build_index(documents, index_dir, model, chunking, embedder=embedder, **kwargs)

    return run


@pytest.fixture
def tiny_index(tmp_path, tiny_documents, build) -> Path:
    """An index of the three tiny documents."""
    build(tiny_documents, tmp_path / "index")
    return tmp_path / "index"


def passages_of(index_dir: Path, doc_id: str):
    return [p for p in read_index(index_dir).passages if p.doc_id == doc_id]


def lexical_top(index_dir: Path, query: str):
    hits = Retriever(read_index(index_dir), None, SearchConfig(strategy=Strategy.LEXICAL)).search(query, 1)
    return hits[0].passage if hits else None


def rewrite(path: Path, text: str) -> None:
    path.chmod(0o644)  # the shipped documents are read-only, and so are their copies
    path.write_text(text, encoding="utf-8")


def test_first_build_adds_every_document(tmp_path, tiny_documents, build):
    report = build(tiny_documents, tmp_path / "index")
    assert report.added == TINY
    assert (report.updated, report.unchanged, report.removed, report.errors) == ([], [], [], [])
    assert report.rebuilt
    data = read_index(tmp_path / "index")
    assert report.passages == report.embedded == len(data.passages) == 3
    assert sorted(data.documents) == TINY
    assert data.manifest["model"] == {"name": DEFAULT_MODEL, "sha256": resolve_model(DEFAULT_MODEL)[1]}
    assert data.manifest["chunking"] == dict(DEFAULT.to_dict(), ingest_version=INGEST_VERSION)


def test_stored_vectors_are_the_model_embeddings_of_index_text(tiny_index, embedder):
    data = read_index(tiny_index)
    expected = embedder.encode([passage.index_text for passage in data.passages])
    np.testing.assert_allclose(data.embeddings, expected, atol=1e-5)


def test_nothing_changed_embeds_nothing_and_writes_nothing(tiny_index, tiny_documents, build):
    pointer = (tiny_index / "CURRENT").read_text(encoding="utf-8")
    report = build(tiny_documents, tiny_index)
    assert report.unchanged == TINY
    assert (report.added, report.updated, report.removed) == ([], [], [])
    assert report.embedded == 0
    assert not report.rebuilt and not report.changed
    assert (tiny_index / "CURRENT").read_text(encoding="utf-8") == pointer
    assert [entry.name for entry in tiny_index.iterdir() if entry.is_dir()] == [pointer]


def test_changed_document_alone_is_embedded_and_searchable(tiny_index, tiny_documents, build, embedder):
    before = read_index(tiny_index)
    rewrite(
        tiny_documents / "ekonomi.txt",
        "Reglering av balanskravsresultat\nRegionfullmäktige beslutar om en resultatutjämningsreserv för konjunkturen.\n",
    )
    report = build(tiny_documents, tiny_index)
    assert report.updated == ["ekonomi.txt"]
    assert report.unchanged == ["kollektivtrafik.txt", "tandvard.txt"]
    assert report.embedded == len(passages_of(tiny_index, "ekonomi.txt")) == 1
    assert lexical_top(tiny_index, "resultatutjämningsreserven").doc_id == "ekonomi.txt"
    assert all("synnerliga skäl" not in p.text for p in read_index(tiny_index).passages)

    after = read_index(tiny_index)
    kept = [i for i, p in enumerate(before.passages) if p.doc_id != "ekonomi.txt"]
    assert [after.passages[i].id for i in kept] == [before.passages[i].id for i in kept]
    np.testing.assert_array_equal(after.embeddings[kept], before.embeddings[kept])
    np.testing.assert_allclose(after.embeddings[0], embedder.encode([after.passages[0].index_text])[0], atol=1e-5)


def test_added_document_is_embedded_alone(tiny_index, tiny_documents, build):
    (tiny_documents / "kultur.txt").write_text(
        "Målområde för Kultur\nKulturnämnden ska stärka länets bibliotek, museer och scenkonst.\n", encoding="utf-8"
    )
    report = build(tiny_documents, tiny_index)
    assert report.added == ["kultur.txt"]
    assert report.embedded == 1
    assert lexical_top(tiny_index, "biblioteken").doc_id == "kultur.txt"


def test_removed_document_loses_its_passages(tiny_index, tiny_documents, build):
    (tiny_documents / "tandvard.txt").unlink()
    report = build(tiny_documents, tiny_index)
    assert report.removed == ["tandvard.txt"]
    assert report.embedded == 0
    data = read_index(tiny_index)
    assert passages_of(tiny_index, "tandvard.txt") == []
    assert "tandvard.txt" not in data.documents
    assert len(data.passages) == len(data.embeddings) == 2


def test_removing_every_document_leaves_an_empty_searchable_index(tiny_index, tiny_documents, build):
    for name in TINY:
        (tiny_documents / name).unlink()
    report = build(tiny_documents, tiny_index)
    assert report.removed == TINY
    assert read_index(tiny_index).passages == []
    assert lexical_top(tiny_index, "tandvård") is None


def test_unreadable_file_keeps_its_previous_passages(tiny_index, tiny_documents, build):
    previous = passages_of(tiny_index, "ekonomi.txt")
    rewrite(tiny_documents / "ekonomi.txt", "")
    report = build(tiny_documents, tiny_index)
    assert [(e.document, e.kept_previous) for e in report.errors] == [("ekonomi.txt", True)]
    assert report.errors[0].message() == "ekonomi.txt: filen är tom (den tidigare versionen används)"
    assert report.embedded == 0
    assert passages_of(tiny_index, "ekonomi.txt") == previous
    assert read_index(tiny_index).manifest["errors"] == [
        {"document": "ekonomi.txt", "reason": "filen är tom", "kept_previous": True}
    ]
    assert lexical_top(tiny_index, "balanskravsresultat").doc_id == "ekonomi.txt"


def test_new_unreadable_file_is_reported_and_left_out(tmp_path, tiny_documents, build):
    (tiny_documents / "tom.txt").write_text("", encoding="utf-8")
    report = build(tiny_documents, tmp_path / "index")
    assert [(e.document, e.kept_previous) for e in report.errors] == [("tom.txt", False)]
    assert report.added == TINY
    assert "tom.txt" not in read_index(tmp_path / "index").documents


def test_skipped_entries_are_reported_and_stored_with_the_index(tmp_path, tiny_documents, build):
    add_clutter(tiny_documents, tmp_path / "utanfor")
    report = build(tiny_documents, tmp_path / "index")
    assert report.added == TINY
    assert [(entry.name, entry.reason) for entry in report.skipped] == sorted(SKIPPED.items())
    assert [(error.document, error.reason, error.kept_previous) for error in report.errors] == [
        (name, reason, False) for name, reason in UNREADABLE_FILES.items()
    ]
    assert report.not_ingested() == [f"{name}: {reason}" for name, reason in sorted({**SKIPPED, **UNREADABLE_FILES}.items())]
    data = read_index(tmp_path / "index")
    assert sorted(data.documents) == TINY
    assert data.manifest["skipped"] == [{"name": name, "reason": reason} for name, reason in sorted(SKIPPED.items())]
    assert data.manifest["errors"] == [{"document": "binar.txt", "reason": UNREADABLE_FILES["binar.txt"], "kept_previous": False}]
    assert not any(SECRET in passage.text for passage in data.passages)


def test_a_new_skipped_entry_alone_is_recorded_and_its_removal_too(tiny_index, tiny_documents, build):
    (tiny_documents / "arkiv").mkdir()
    report = build(tiny_documents, tiny_index)
    assert not report.changed and report.embedded == 0
    assert read_index(tiny_index).manifest["skipped"] == [{"name": "arkiv", "reason": SKIPPED["arkiv"]}]
    pointer = (tiny_index / "CURRENT").read_text(encoding="utf-8")

    assert build(tiny_documents, tiny_index).skipped == report.skipped
    assert (tiny_index / "CURRENT").read_text(encoding="utf-8") == pointer  # the same list: nothing written

    (tiny_documents / "arkiv").rmdir()
    assert build(tiny_documents, tiny_index).skipped == []
    assert read_index(tiny_index).manifest["skipped"] == []


def test_a_new_unreadable_file_alone_is_recorded(tiny_index, tiny_documents, build):
    (tiny_documents / "binar.txt").write_bytes(b"\x00\x01\x02")
    report = build(tiny_documents, tiny_index)
    assert not report.changed
    assert read_index(tiny_index).manifest["errors"] == [
        {"document": "binar.txt", "reason": UNREADABLE_FILES["binar.txt"], "kept_previous": False}
    ]


def test_a_document_turned_into_a_folder_is_removed_and_named(tiny_index, tiny_documents, build):
    (tiny_documents / "tandvard.txt").unlink()
    (tiny_documents / "tandvard.txt").mkdir()
    report = build(tiny_documents, tiny_index)
    assert report.removed == ["tandvard.txt"]
    assert [(entry.name, entry.reason) for entry in report.skipped] == [("tandvard.txt", SKIPPED["arkiv"])]
    assert "tandvard.txt" not in read_index(tiny_index).documents


def test_half_written_index_is_rebuilt(tiny_index, tiny_documents, build):
    (current_version(tiny_index) / "manifest.json").unlink()
    report = build(tiny_documents, tiny_index)
    assert report.rebuilt
    assert report.added == TINY
    assert report.embedded == 3
    assert len(read_index(tiny_index).passages) == 3
    assert [entry.name for entry in tiny_index.iterdir() if entry.is_dir()] == [current_version(tiny_index).name]


def test_corrupted_vectors_are_rebuilt(tiny_index, tiny_documents, build):
    path = current_version(tiny_index) / "embeddings.npy"
    path.write_bytes(path.read_bytes()[:-16])
    report = build(tiny_documents, tiny_index)
    assert report.rebuilt
    assert report.embedded == 3


def test_changed_chunk_size_rebuilds(tiny_index, tiny_documents, build):
    report = build(tiny_documents, tiny_index, chunking=ChunkingConfig(chunk_size=60))
    assert report.rebuilt
    assert report.added == TINY
    data = read_index(tiny_index)
    assert report.embedded == len(data.passages) > 3
    assert max(len(p.text) for p in data.passages) <= 60
    assert data.manifest["chunking"]["chunk_size"] == 60


def test_other_model_rebuilds(tiny_index, tiny_documents, build):
    # The same weights under a folder name: the manifest records another model, so nothing is reused.
    folder = str(resolve_model(DEFAULT_MODEL)[0])
    report = build(tiny_documents, tiny_index, model=folder)
    assert report.rebuilt
    assert read_index(tiny_index).manifest["model"]["name"] == folder


def test_progress_is_reported(tmp_path, tiny_documents, build):
    calls = []
    build(tiny_documents, tmp_path / "index", progress=lambda *args: calls.append(args))
    messages = [message for message, _, _ in calls]
    assert [(done, total) for _, done, total in calls] == [(0, 3), (1, 3), (1, 3), (2, 3), (2, 3), (3, 3)]
    assert messages[0::2] == ["Läser ekonomi.txt", "Läser kollektivtrafik.txt", "Läser tandvard.txt"]
    report = read_index(tmp_path / "index").documents
    for number, (name, message) in enumerate(zip(TINY, messages[1::2], strict=True), start=1):
        passages = report[name]["passages"]
        expected = rf"Dokument {number}/3 klart: {re.escape(name)} \({passages} passager, \d+ passager/s\) – .+"
        assert re.fullmatch(expected, message)
    assert messages[1].endswith(" kvar") and messages[-1].endswith("alla lästa")


def test_a_second_build_says_one_is_running_then_waits(tmp_path, tiny_documents, build):
    """Started while another build holds the folder, a build reports the holder and completes after it."""
    index_dir = tmp_path / "index"
    notices: list[str] = []
    finished = threading.Event()

    def second() -> None:
        build(tiny_documents, index_dir, progress=lambda message, done, total: notices.append(message) if not total else None)
        finished.set()

    with build_lock(index_dir):
        worker = threading.Thread(target=second)
        worker.start()
        assert not finished.wait(2.0)
        assert len(notices) == 1
        assert re.fullmatch(rf"En annan indexering pågår redan i den här indexmappen \(process {os.getpid()}, startad "
                            r"\d\d:\d\d:\d\d\) – väntar tills den är klar …", notices[0])  # fmt: skip
    worker.join(60)
    assert finished.is_set()
    assert set(read_index(index_dir).documents) == set(TINY)


def test_report_counts_the_passages_read_and_their_rate(tmp_path, tiny_documents, build):
    report = build(tiny_documents, tmp_path / "index")
    assert report.processed == report.passages == report.embedded > 0
    assert report.rate == pytest.approx(report.processed / report.seconds)
    again = build(tiny_documents, tmp_path / "index")
    assert (again.processed, again.embedded, again.rate) == (0, 0, 0.0)


class TestShippedDocuments:
    """Incremental builds over a copy of the shipped documents, starting from the session's index."""

    @pytest.fixture
    def index_dir(self, tmp_path, built_index) -> Path:
        shutil.copytree(built_index.index_dir, tmp_path / "index")
        return tmp_path / "index"

    def test_unchanged_copy_reuses_everything(self, index_dir, copied_documents, build):
        pointer = (index_dir / "CURRENT").read_text(encoding="utf-8")
        report = build(copied_documents, index_dir)
        assert len(report.unchanged) == 5
        assert report.embedded == 0
        assert not report.changed
        assert (index_dir / "CURRENT").read_text(encoding="utf-8") == pointer

    def test_one_changed_document_is_the_only_one_embedded(self, index_dir, copied_documents, build):
        before = {p.id for p in passages_of(index_dir, SMALL_DOC)}
        path = copied_documents / SMALL_DOC
        rewrite(path, path.read_text(encoding="utf-8") + "\nRegionstaben inför ett zylofonavtal från 2027.\n")
        report = build(copied_documents, index_dir)
        assert report.updated == [SMALL_DOC]
        assert len(report.unchanged) == 4
        new_ids = {p.id for p in passages_of(index_dir, SMALL_DOC)} - before
        assert report.embedded == len(new_ids) >= 1  # only the edited passages; the rest keep their vectors
        assert report.embedded < len(passages_of(index_dir, SMALL_DOC))
        assert lexical_top(index_dir, "zylofonavtalet").doc_id == SMALL_DOC


def test_an_index_of_the_previous_format_is_rewritten_without_embedding(tiny_index, tiny_documents, build):
    """Format 3 had no saved BM25 fields: the next ingest writes them and reuses every vector."""
    version = current_version(tiny_index)
    manifest = json.loads((version / "manifest.json").read_text(encoding="utf-8"))
    for path in (version / "lexical").rglob("*"):
        if path.is_file():
            del manifest["files"][path.relative_to(version).as_posix()]
    shutil.rmtree(version / "lexical")
    (version / "manifest.json").write_text(json.dumps(dict(manifest, format_version=3)), encoding="utf-8")
    with pytest.raises(IndexNotBuilt, match="formatversion 3"):
        read_index(tiny_index)
    before = read_index(tiny_index, REUSABLE_FORMATS)
    report = build(tiny_documents, tiny_index)
    assert (report.embedded, report.unchanged) == (0, TINY)
    after = read_index(tiny_index)
    assert after.manifest["format_version"] == FORMAT_VERSION
    assert (after.version / "lexical" / "ngrams" / "vocab.index.json").exists()
    assert after.passages == before.passages
    np.testing.assert_array_equal(after.embeddings, before.embeddings)
    assert lexical_top(tiny_index, "kollektivtrafiken").doc_id == "kollektivtrafik.txt"
