"""Ingest into PostgreSQL: the same index as the embedded store, replaced one document per transaction."""

from __future__ import annotations

import shutil

import psycopg

from index import PostgresStore
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
