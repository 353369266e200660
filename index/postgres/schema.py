"""The database schema, versioned: numbered migrations applied in order, recorded in ``schema_version``.

Nothing is pickled and nothing is a blob: passages, tables (one row per cell, with
its provenance) and the assignment registry (one row per record) are columns a DBA
can query. ``index_state`` is a single row holding the ingest *generation*: every
document replacement bumps it in the same transaction, so a reader that sees an
unchanged generation knows its in-memory views are current.
"""

from __future__ import annotations

import psycopg

from index.backend import StoreUnavailable
from index.errors import IndexNotBuilt

# Held (per transaction) while migrating, so two processes starting at once do not both migrate.
MIGRATION_LOCK = 0x5041_0001

MIGRATIONS: tuple[str, ...] = (
    # 1: passages with Swedish full-text and character-gram fields, documents, tables, cells, registry.
    """
    CREATE EXTENSION IF NOT EXISTS vector;

    CREATE TABLE index_state (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        generation bigint NOT NULL DEFAULT 0,
        model_name text,
        model_sha256 text,
        chunking jsonb,
        dimension integer,
        errors jsonb NOT NULL DEFAULT '[]',
        updated_at timestamptz NOT NULL DEFAULT now()
    );
    INSERT INTO index_state DEFAULT VALUES;

    CREATE TABLE documents (
        doc_id text PRIMARY KEY,
        title text NOT NULL,
        kind text,
        organ text,
        period text,
        date text,
        diarienummer text,
        content_hash text NOT NULL,
        passages integer NOT NULL,
        tables integer NOT NULL,
        assignments integer NOT NULL,
        page_count integer,
        generation bigint NOT NULL,
        ingested_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE passages (
        doc_id text NOT NULL REFERENCES documents ON DELETE CASCADE,
        position integer NOT NULL,
        id text NOT NULL,
        doc_title text NOT NULL,
        section_path text[] NOT NULL,
        page integer,
        text text NOT NULL,
        source_first integer NOT NULL,
        source_last integer NOT NULL,
        year_span integer[] NOT NULL,
        index_text text NOT NULL,
        tsv tsvector GENERATED ALWAYS AS (to_tsvector('swedish', index_text)) STORED,
        grams tsvector NOT NULL,
        embedding vector,
        PRIMARY KEY (doc_id, position)
    );
    CREATE INDEX passages_id ON passages (id);
    CREATE INDEX passages_tsv ON passages USING gin (tsv);
    CREATE INDEX passages_grams ON passages USING gin (grams);

    CREATE TABLE doc_tables (
        doc_id text NOT NULL REFERENCES documents ON DELETE CASCADE,
        ordinal integer NOT NULL,
        table_id text NOT NULL,
        doc_title text NOT NULL,
        caption text NOT NULL,
        section_path text[] NOT NULL,
        page integer,
        source_first integer NOT NULL,
        source_last integer NOT NULL,
        unit text,
        row_labels text[] NOT NULL,
        column_labels text[] NOT NULL,
        problems text[] NOT NULL,
        PRIMARY KEY (doc_id, ordinal)
    );

    CREATE TABLE table_cells (
        doc_id text NOT NULL,
        table_ordinal integer NOT NULL,
        ordinal integer NOT NULL,
        table_id text NOT NULL,
        row_label text NOT NULL,
        col_label text NOT NULL,
        raw text NOT NULL,
        value numeric,
        year integer,
        kind text,
        page integer,
        source_line integer,
        PRIMARY KEY (doc_id, table_ordinal, ordinal),
        FOREIGN KEY (doc_id, table_ordinal) REFERENCES doc_tables ON DELETE CASCADE
    );

    CREATE TABLE registry (
        doc_id text NOT NULL REFERENCES documents ON DELETE CASCADE,
        ordinal integer NOT NULL,
        record_type text NOT NULL,
        id text NOT NULL,
        doc_title text NOT NULL,
        section_path text[] NOT NULL,
        page integer,
        source_first integer NOT NULL,
        source_last integer NOT NULL,
        year_span integer[],
        name text,
        kind text,
        abbreviation text,
        goal text,
        text text,
        goal_area text,
        owners text[],
        all_boards boolean,
        year integer,
        status text,
        comment text,
        owner_tags text[],
        heading text,
        organ text,
        table_number integer,
        PRIMARY KEY (doc_id, ordinal)
    );
    """,
    # 2: where a passage's text moves to the next page, flat (offset, page, offset, page, …), for citations' pages.
    """
    ALTER TABLE passages ADD COLUMN page_breaks integer[] NOT NULL DEFAULT '{}';
    """,
    # 3: the last ingest's skipped entries (a subfolder, a link out of the folder), beside its unreadable files.
    """
    ALTER TABLE index_state ADD COLUMN skipped jsonb NOT NULL DEFAULT '[]';
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: psycopg.Connection) -> int:
    """The version the database is at; 0 for an empty database."""
    exists = conn.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()[0]
    if not exists:
        return 0
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return row[0] or 0


def migrate(conn: psycopg.Connection) -> int:
    """Apply the migrations the database lacks, each in its own transaction; returns the version reached.

    Raises:
        StoreUnavailable: the database is newer than this program, or an extension is missing.
    """
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, applied timestamptz DEFAULT now())")
        current = schema_version(conn)
        if current > SCHEMA_VERSION:
            raise StoreUnavailable(
                f"Databasens schema har version {current}, programmet känner bara till {SCHEMA_VERSION} – uppdatera programmet"
            )
        for version in range(current + 1, SCHEMA_VERSION + 1):
            try:
                conn.execute(MIGRATIONS[version - 1])
            except psycopg.errors.FeatureNotSupported as error:
                raise StoreUnavailable(f"Databasen saknar ett tillägg som krävs (vector): {error}") from error
            conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (version,))
    return SCHEMA_VERSION


def check_schema(conn: psycopg.Connection) -> None:
    """For readers, who never migrate (they may be on a read replica): the schema must be current.

    Raises:
        IndexNotBuilt: no schema yet, or an older one (ingest migrates).
        StoreUnavailable: the schema is newer than this program.
    """
    current = schema_version(conn)
    if current == 0:
        raise IndexNotBuilt("Databasen har inget index än")
    if current < SCHEMA_VERSION:
        raise IndexNotBuilt(f"Databasens schema har version {current}, programmet behöver {SCHEMA_VERSION}")
    if current > SCHEMA_VERSION:
        raise StoreUnavailable(
            f"Databasens schema har version {current}, programmet känner bara till {SCHEMA_VERSION} – uppdatera programmet"
        )


def bind_model(conn: psycopg.Connection, dimension: int, hnsw_m: int = 16, hnsw_ef_construction: int = 64) -> None:
    """Give the embedding column its dimension and build the HNSW index (cosine), inside the caller's transaction.

    pgvector needs a fixed dimension for an HNSW index; the dimension comes from the model,
    so it is set when the first documents are written and again when the model changes
    (the caller has deleted every passage then). m = 16 and ef_construction = 64 are
    pgvector's defaults: at this corpus size recall is exact (SCALING.md).
    """
    conn.execute("DROP INDEX IF EXISTS passages_embedding")
    conn.execute(f"ALTER TABLE passages ALTER COLUMN embedding TYPE vector({int(dimension)})")
    conn.execute(
        "CREATE INDEX passages_embedding ON passages USING hnsw (embedding vector_cosine_ops) "
        f"WITH (m = {int(hnsw_m)}, ef_construction = {int(hnsw_ef_construction)})"
    )
