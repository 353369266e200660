"""Ingest into PostgreSQL: each document replaced in one transaction, the generation bumped with it.

A reader therefore sees a document wholly old or wholly new; a killed ingest
rolls back its open transaction and leaves the previous state; two ingests at
once serialise per document on an advisory lock, and the second skips a
document the first has already brought up to date.
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np
import psycopg
from psycopg.types.json import Jsonb

from index.build import BuildReport, Progress, build_settings, file_errors
from index.chunking import ChunkingConfig, chunk_document
from index.dense import Embedder
from index.postgres.rows import (
    CELL_COLUMNS,
    PASSAGE_COLUMNS,
    REGISTRY_COLUMNS,
    TABLE_COLUMNS,
    grams_vector,
    passage_row,
    registry_row,
    table_rows,
)
from index.postgres.schema import bind_model
from index.store import IndexData
from ingest import Document, Passage, build_corpus, hash_files, scan_folder

log = logging.getLogger(__name__)

# Namespace of the per-document advisory locks (the second key is hashtext(doc_id)).
DOCUMENT_LOCK = 0x5041


def sync_documents(
    conn: psycopg.Connection,
    documents_dir: Path,
    model_name: str,
    chunking: ChunkingConfig,
    progress: Progress | None = None,
    embedder: Embedder | None = None,
    reuse: IndexData | None = None,
) -> BuildReport:
    """Bring the database up to date with ``documents_dir``, as ``index.build_index`` does the folder.

    Args:
        conn: An autocommit connection to a migrated database.
        documents_dir: The documents; one removed from here is removed from the database.
        model_name: Embedding model; a different model or chunking than stored rebuilds everything.
        chunking: How passages are cut.
        progress: Called with (message, done, total).
        embedder: A loaded model to reuse; loaded only if some passage has no vector yet.
        reuse: An index (the embedded one) whose vectors are reused by passage id.

    Returns:
        What changed, as for the embedded store.
    """
    started = time.perf_counter()
    report = BuildReport()
    settings = build_settings(model_name, chunking)
    state = conn.execute("SELECT model_name, model_sha256, chunking, dimension FROM index_state").fetchone()
    stored = {"model": {"name": state[0], "sha256": state[1]}, "chunking": state[2]}
    report.rebuilt = stored != settings
    previous = {} if report.rebuilt else dict(conn.execute("SELECT doc_id, content_hash FROM documents").fetchall())

    scan = scan_folder(documents_dir)
    report.skipped = list(scan.skipped)
    hashes, unreadable = hash_files(scan.files)
    changed = [name for name, digest in hashes.items() if previous.get(name) != digest]
    report.unchanged = [name for name in hashes if name not in changed]
    report.removed = sorted(set(previous) - set(hashes) - {error.document for error in unreadable})

    parsed = build_corpus(documents_dir, only=changed, on_file=_file_progress(progress, changed))
    report.errors = file_errors((*unreadable, *parsed.errors), previous)
    chunks = {document.doc_id: chunk_document(document, chunking) for document in parsed.documents}
    vectors = _vectors(conn, [p for passages in chunks.values() for p in passages], reuse, embedder, model_name, progress, report)
    dimension = next((len(v) for v in vectors.values()), state[3])

    if report.rebuilt:
        _rebuild(conn, parsed.documents, chunks, vectors, settings, dimension, report, progress)
    else:
        if dimension is not None and state[3] is None:
            with conn.transaction():
                if conn.execute("SELECT dimension FROM index_state FOR UPDATE").fetchone()[0] is None:
                    bind_model(conn, dimension)
                    conn.execute("UPDATE index_state SET dimension = %s", (dimension,))
        total = len(parsed.documents) + len(report.removed)
        for number, document in enumerate(parsed.documents, start=1):
            if progress:
                progress(f"Skriver {document.doc_id}", number, total)
            with conn.transaction():
                if _lock_and_check(conn, document.doc_id, document.content_hash):
                    _replace(conn, document, chunks[document.doc_id], vectors)
                    _bump(conn, document.doc_id)
            (report.updated if document.doc_id in previous else report.added).append(document.doc_id)
        for number, doc_id in enumerate(report.removed, start=len(parsed.documents) + 1):
            if progress:
                progress(f"Tar bort {doc_id}", number, total)
            with conn.transaction():
                _lock_and_check(conn, doc_id, None)
                if conn.execute("DELETE FROM documents WHERE doc_id = %s", (doc_id,)).rowcount:
                    _bump(conn)
    _record_problems(conn, report)
    report.passages = conn.execute("SELECT count(*) FROM passages").fetchone()[0]
    report.seconds = time.perf_counter() - started
    return report


def _vectors(
    conn: psycopg.Connection,
    passages: list[Passage],
    reuse: IndexData | None,
    embedder: Embedder | None,
    model_name: str,
    progress: Progress | None,
    report: BuildReport,
) -> dict[str, np.ndarray]:
    """A vector per passage id: from ``reuse``, from the database (unchanged passages), else embedded now."""
    wanted = {p.id for p in passages}
    known: dict[str, np.ndarray] = {}
    if reuse is not None:
        known.update((p.id, reuse.embeddings[i]) for i, p in enumerate(reuse.passages) if p.id in wanted)
    missing = list(wanted - set(known))
    if missing and not report.rebuilt:
        rows = conn.execute("SELECT id, embedding FROM passages WHERE id = ANY(%s) AND embedding IS NOT NULL", (missing,))
        known.update((passage_id, np.asarray(vector.to_numpy(), dtype=np.float32)) for passage_id, vector in rows)
    fresh = [p for p in passages if p.id not in known]
    fresh = list({p.id: p for p in fresh}.values())
    if fresh:
        embedder = embedder or Embedder(model_name)
        report_progress = (lambda done, total: progress("Beräknar vektorer", done, total)) if progress else None
        vectors = embedder.encode([p.index_text for p in fresh], report_progress)
        known.update(zip((p.id for p in fresh), vectors, strict=True))
    report.embedded = len(fresh)
    return known


def _rebuild(
    conn: psycopg.Connection,
    documents: tuple[Document, ...],
    chunks: dict[str, list[Passage]],
    vectors: dict[str, np.ndarray],
    settings: dict,
    dimension: int | None,
    report: BuildReport,
    progress: Progress | None,
) -> None:
    """A new model or chunking: everything replaced in one transaction, so readers never see half an index."""
    with conn.transaction():
        conn.execute("LOCK TABLE documents IN EXCLUSIVE MODE")
        conn.execute("DELETE FROM documents")
        if dimension is not None:
            bind_model(conn, dimension)
        conn.execute(
            "UPDATE index_state SET model_name = %s, model_sha256 = %s, chunking = %s, dimension = %s",
            (settings["model"]["name"], settings["model"]["sha256"], Jsonb(settings["chunking"]), dimension),
        )
        for number, document in enumerate(documents, start=1):
            if progress:
                progress(f"Skriver {document.doc_id}", number, len(documents))
            _replace(conn, document, chunks[document.doc_id], vectors)
            report.added.append(document.doc_id)
        _bump(conn, *(document.doc_id for document in documents))


def _lock_and_check(conn: psycopg.Connection, doc_id: str, content_hash: str | None) -> bool:
    """Take the document's lock for this transaction; False when the database already holds this version."""
    conn.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (DOCUMENT_LOCK, doc_id))
    if content_hash is None:
        return True
    row = conn.execute("SELECT content_hash FROM documents WHERE doc_id = %s", (doc_id,)).fetchone()
    return row is None or row[0] != content_hash


def _replace(conn: psycopg.Connection, document: Document, passages: list[Passage], vectors: dict[str, np.ndarray]) -> None:
    """Delete the document's rows (cascading) and insert its new ones, inside the caller's transaction."""
    meta = asdict(document.meta)
    assignments = sum(1 for record in document.registry if record.record_type == "assignment")
    conn.execute("DELETE FROM documents WHERE doc_id = %s", (document.doc_id,))
    conn.execute(
        "INSERT INTO documents (doc_id, title, kind, organ, period, date, diarienummer, content_hash, passages, tables,"
        " assignments, page_count, generation) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 0)",
        (
            document.doc_id,
            meta["title"],
            meta["kind"],
            meta["organ"],
            meta["period"],
            meta["date"],
            meta["diarienummer"],
            document.content_hash,
            len(passages),
            len(document.tables),
            assignments,
            document.page_count,
        ),
    )
    with conn.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO passages ({PASSAGE_COLUMNS}, grams, embedding) VALUES ({_marks(PASSAGE_COLUMNS)}, %s::tsvector, %s)",
            [(*passage_row(p), grams_vector(p.index_text), vectors[p.id]) for p in passages],
        )
        tables, cells = table_rows(sorted(document.tables, key=lambda table: table.source_lines))
        if tables:
            cursor.executemany(f"INSERT INTO doc_tables ({TABLE_COLUMNS}) VALUES ({_marks(TABLE_COLUMNS)})", tables)
        if cells:
            cursor.executemany(f"INSERT INTO table_cells ({CELL_COLUMNS}) VALUES ({_marks(CELL_COLUMNS)})", cells)
        records = [registry_row(record, ordinal) for ordinal, record in enumerate(document.registry)]
        if records:
            columns = ", ".join(REGISTRY_COLUMNS)
            cursor.executemany(f"INSERT INTO registry ({columns}) VALUES ({', '.join(['%s'] * len(REGISTRY_COLUMNS))})", records)


def _bump(conn: psycopg.Connection, *doc_ids: str) -> int:
    """Raise the generation (last, so the row lock is held briefly) and stamp the documents written with it."""
    generation = conn.execute(
        "UPDATE index_state SET generation = generation + 1, updated_at = now() RETURNING generation"
    ).fetchone()[0]
    if doc_ids:
        conn.execute("UPDATE documents SET generation = %s WHERE doc_id = ANY(%s)", (generation, list(doc_ids)))
    return generation


def _record_problems(conn: psycopg.Connection, report: BuildReport) -> None:
    """Keep the last ingest's unreadable files and skipped entries, as the embedded manifest does; bump only on change."""
    problems = report.problems()
    with conn.transaction():
        current = conn.execute("SELECT errors, skipped FROM index_state FOR UPDATE").fetchone()
        if list(current) != [problems["errors"], problems["skipped"]]:
            conn.execute(
                "UPDATE index_state SET errors = %s, skipped = %s", (Jsonb(problems["errors"]), Jsonb(problems["skipped"]))
            )
            _bump(conn)


def _marks(columns: str, extra: int = 0) -> str:
    return ", ".join(["%s"] * (len(columns.split(",")) + extra))


def _file_progress(progress: Progress | None, names: list[str]):
    if progress is None:
        return None
    counter = iter(range(1, len(names) + 1))
    return lambda path: progress(f"Läser {path.name}", next(counter, len(names)), len(names))
