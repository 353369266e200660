"""Ingest into PostgreSQL: the same index as the embedded store, replaced one document per transaction."""

from __future__ import annotations

import shutil

import psycopg

from index import ChunkingConfig, PostgresStore, build_index, read_index
from index.dense import DEFAULT_MODEL
from tests.cluttered import SECRET, SKIPPED, UNREADABLE_FILES, add_clutter
from tests.postgres.conftest import build

NEW_TEXT = "Snöröjning\nRegionstyrelsen ska upphandla snöröjning av alla vårdcentralers parkeringar före vintern 2027.\n"


def test_same_passages_tables_and_registry_as_the_embedded_store(database_url, seed_vectors, built_index):
    report = build(database_url, built_index.documents_dir, reuse=seed_vectors)
    data = PostgresStore(database_url).read()
    assert report.embedded == 0  # every vector came from the embedded index, by passage id
    assert data.passages == seed_vectors.passages
    assert [p.index_text for p in data.passages] == [p.index_text for p in seed_vectors.passages]
    assert data.tables == seed_vectors.tables
    assert data.registry == seed_vectors.registry
    assert data.documents == seed_vectors.documents


def test_edit_add_remove_and_unchanged(database_url, tiny_documents, embedder):
    store = PostgresStore(database_url)
    first = build(database_url, tiny_documents, embedder=embedder)
    start = store.generation()
    assert sorted(first.added) == ["ekonomi.txt", "kollektivtrafik.txt", "tandvard.txt"]

    unchanged = build(database_url, tiny_documents, embedder=embedder)
    assert not unchanged.changed and store.generation() == start

    (tiny_documents / "ekonomi.txt").write_text("Reglering\nUnderskottet ska regleras inom tre år.\n", encoding="utf-8")
    (tiny_documents / "snö.txt").write_text(NEW_TEXT, encoding="utf-8")
    (tiny_documents / "tandvard.txt").unlink()
    report = build(database_url, tiny_documents, embedder=embedder)
    data = store.read()
    assert (report.updated, report.added, report.removed) == (["ekonomi.txt"], ["snö.txt"], ["tandvard.txt"])
    assert sorted(data.documents) == ["ekonomi.txt", "kollektivtrafik.txt", "snö.txt"]
    assert store.generation() == start + 3  # one bump per replaced or removed document
    assert any("tre år" in p.text for p in data.passages if p.doc_id == "ekonomi.txt")
    assert not any("synnerliga skäl" in p.text for p in data.passages)
    with psycopg.connect(database_url) as conn:
        orphans = conn.execute("SELECT count(*) FROM passages WHERE doc_id NOT IN (SELECT doc_id FROM documents)").fetchone()
    assert orphans[0] == 0


def test_an_edited_document_keeps_the_vectors_of_its_unchanged_passages(database_url, copied_documents, seed_vectors):
    """Appending a sentence re-embeds only the passage it lands in; the rest come from the database."""
    build(database_url, copied_documents, reuse=seed_vectors)
    edited = copied_documents / "tertialrapport-1-2026-regionstyrelsen.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nRegionstyrelsen följer upp arbetet.\n", encoding="utf-8")
    report = build(database_url, copied_documents)
    assert report.updated == ["tertialrapport-1-2026-regionstyrelsen.txt"]
    assert report.embedded == 1
    data = PostgresStore(database_url).read()
    assert any("följer upp arbetet" in p.text for p in data.passages if p.doc_id == edited.name)


def test_an_unreadable_file_keeps_its_previous_version(database_url, tiny_documents, embedder):
    build(database_url, tiny_documents, embedder=embedder)
    (tiny_documents / "ekonomi.txt").write_bytes(b"")
    report = build(database_url, tiny_documents, embedder=embedder)
    data = PostgresStore(database_url).read()
    assert [(error.document, error.kept_previous) for error in report.errors] == [("ekonomi.txt", True)]
    assert any("balanskravsresultat" in p.text for p in data.passages)
    assert data.manifest["errors"][0]["document"] == "ekonomi.txt"


def test_a_snapshot_follows_only_changed_documents(database_url, tiny_documents, embedder):
    store = PostgresStore(database_url)
    build(database_url, tiny_documents, embedder=embedder)
    before = store.snapshot()
    shutil.copy(tiny_documents / "ekonomi.txt", tiny_documents / "kopia.txt")
    build(database_url, tiny_documents, embedder=embedder)
    after = store.snapshot(before)
    assert after.generation > before.generation
    assert after.documents["ekonomi.txt"] is before.documents["ekonomi.txt"]  # unchanged rows are not re-read
    assert "kopia.txt" in after.documents


def test_skipped_entries_are_reported_and_stored_as_in_the_embedded_store(database_url, tiny_documents, tmp_path, embedder):
    add_clutter(tiny_documents, tmp_path / "utanfor")
    report = build(database_url, tiny_documents, embedder=embedder)
    embedded = build_index(tiny_documents, tmp_path / "index", DEFAULT_MODEL, ChunkingConfig(), embedder=embedder)
    data = PostgresStore(database_url).read()
    assert {entry.name: entry.reason for entry in report.skipped} == SKIPPED
    assert {error.document: error.reason for error in report.errors} == UNREADABLE_FILES
    assert (report.skipped, report.errors, report.not_ingested()) == (embedded.skipped, embedded.errors, embedded.not_ingested())
    manifest = read_index(tmp_path / "index").manifest
    assert (data.manifest["skipped"], data.manifest["errors"]) == (manifest["skipped"], manifest["errors"])
    assert sorted(data.documents) == ["ekonomi.txt", "kollektivtrafik.txt", "tandvard.txt"]
    assert not any(SECRET in passage.text for passage in data.passages)


def test_a_change_in_the_skipped_entries_alone_bumps_the_generation(database_url, tiny_documents, embedder):
    store = PostgresStore(database_url)
    build(database_url, tiny_documents, embedder=embedder)
    start = store.generation()
    (tiny_documents / "arkiv").mkdir()
    report = build(database_url, tiny_documents, embedder=embedder)
    assert not report.changed and store.generation() == start + 1  # readers see the new list
    assert store.read().manifest["skipped"] == [{"name": "arkiv", "reason": SKIPPED["arkiv"]}]
    build(database_url, tiny_documents, embedder=embedder)
    assert store.generation() == start + 1  # the same list again: nothing written
    (tiny_documents / "arkiv").rmdir()
    build(database_url, tiny_documents, embedder=embedder)
    assert store.read().manifest["skipped"] == []
