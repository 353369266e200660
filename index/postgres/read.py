"""Reading the database into the in-memory views a retriever needs, per document and per generation.

A snapshot is read in one REPEATABLE READ transaction, so it is one consistent
state. Documents whose generation stamp is unchanged since the previous snapshot
keep their parsed passages, tables and records; only replaced ones are read again,
so following another instance's re-index costs one document's rows, not the corpus.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import psycopg

from index.errors import IndexNotBuilt
from index.postgres.rows import (
    CELL_COLUMNS,
    PASSAGE_COLUMNS,
    REGISTRY_COLUMNS,
    TABLE_COLUMNS,
    passage_from_row,
    record_from_row,
    tables_from_rows,
)
from index.postgres.schema import SCHEMA_VERSION
from index.store import IndexData
from ingest.assignments import Record, match_follow_ups
from ingest.models import Passage, Table

DOCUMENT_COLUMNS = (
    "doc_id, title, kind, organ, period, date, diarienummer, content_hash, passages, tables, assignments, page_count, generation"
)


@dataclass(frozen=True)
class DocumentRows:
    """One document as last read: its generation stamp and its parsed rows."""

    generation: int
    passages: tuple[Passage, ...]
    tables: tuple[Table, ...]
    records: tuple[Record, ...]


@dataclass(frozen=True)
class Snapshot:
    """One consistent state of the database: its generation, the index data, and the rows per document."""

    generation: int
    data: IndexData
    documents: dict[str, DocumentRows] = field(default_factory=dict)


def current_generation(conn: psycopg.Connection) -> int:
    """The ingest generation; one indexed primary-key read, cheap enough to do per question."""
    return conn.execute("SELECT generation FROM index_state").fetchone()[0]


def read_snapshot(conn: psycopg.Connection, previous: Snapshot | None = None, location: str = "") -> Snapshot:
    """The database's current state, reusing ``previous``'s rows for documents that did not change.

    Args:
        conn: A connection whose transaction is REPEATABLE READ (the caller opens it).
        previous: The last snapshot this process read, or None.
        location: The database, without password, for the manifest.

    Raises:
        IndexNotBuilt: the database has no model bound yet (nothing was ever ingested).
    """
    state = conn.execute(
        "SELECT generation, model_name, model_sha256, chunking, errors, skipped, updated_at FROM index_state"
    ).fetchone()
    generation, model_name, model_sha, chunking, errors, skipped, updated = state
    if model_name is None:
        raise IndexNotBuilt("Databasen har inget index än")
    meta = {row[0]: row for row in conn.execute(f"SELECT {DOCUMENT_COLUMNS} FROM documents ORDER BY doc_id")}
    known = previous.documents if previous else {}
    stale = [doc_id for doc_id, row in meta.items() if doc_id not in known or known[doc_id].generation != row[-1]]
    documents = {doc_id: known[doc_id] for doc_id in meta if doc_id not in stale}
    documents.update(_read_documents(conn, stale, {doc_id: meta[doc_id][-1] for doc_id in stale}))
    documents = dict(sorted(documents.items()))
    passages = [p for rows in documents.values() for p in rows.passages]
    tables = sorted((t for rows in documents.values() for t in rows.tables), key=lambda t: (t.doc_id, t.source_lines))
    registry = list(match_follow_ups(r for rows in documents.values() for r in rows.records))
    manifest = {
        "format_version": f"PostgreSQL, schema {SCHEMA_VERSION}",
        "store": location,
        "generation": generation,
        "written": updated.timestamp(),
        "model": {"name": model_name, "sha256": model_sha},
        "chunking": chunking,
        "documents": {doc_id: _document_entry(row) for doc_id, row in meta.items()},
        "errors": errors,
        "skipped": skipped,
    }
    # Vectors stay in the database (pgvector answers the dense ranking); an empty matrix keeps IndexData's shape.
    data = IndexData(passages, np.zeros((len(passages), 0), dtype=np.float32), manifest, tables, registry)
    return Snapshot(generation, data, documents)


def _read_documents(conn: psycopg.Connection, doc_ids: list[str], generations: dict[str, int]) -> dict[str, DocumentRows]:
    if not doc_ids:
        return {}
    passages: dict[str, list[Passage]] = {doc_id: [] for doc_id in doc_ids}
    rows = conn.execute(f"SELECT {PASSAGE_COLUMNS} FROM passages WHERE doc_id = ANY(%s) ORDER BY doc_id, position", (doc_ids,))
    for row in rows:
        passages[row[0]].append(passage_from_row(row))
    table_rows = conn.execute(
        f"SELECT {TABLE_COLUMNS} FROM doc_tables WHERE doc_id = ANY(%s) ORDER BY doc_id, ordinal", (doc_ids,)
    )
    cell_rows = conn.execute(
        f"SELECT {CELL_COLUMNS} FROM table_cells WHERE doc_id = ANY(%s) ORDER BY doc_id, table_ordinal, ordinal", (doc_ids,)
    )
    tables: dict[str, list[Table]] = {doc_id: [] for doc_id in doc_ids}
    for table in tables_from_rows(table_rows.fetchall(), cell_rows.fetchall()):
        tables[table.doc_id].append(table)
    records: dict[str, list[Record]] = {doc_id: [] for doc_id in doc_ids}
    columns = ", ".join(REGISTRY_COLUMNS)
    for row in conn.execute(f"SELECT {columns} FROM registry WHERE doc_id = ANY(%s) ORDER BY doc_id, ordinal", (doc_ids,)):
        records[row[0]].append(record_from_row(row))
    return {
        doc_id: DocumentRows(generations[doc_id], tuple(passages[doc_id]), tuple(tables[doc_id]), tuple(records[doc_id]))
        for doc_id in doc_ids
    }


def _document_entry(row: tuple) -> dict:
    """A document's manifest entry, with the keys the embedded manifest uses."""
    names = [name.strip() for name in DOCUMENT_COLUMNS.split(",")]
    entry = dict(zip(names, row, strict=True))
    del entry["generation"]
    return entry
