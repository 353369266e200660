"""The PostgreSQL store: pgvector HNSW and Swedish full-text, shared by many app instances.

Chosen by ``PA_DATABASE_URL`` (``index.backend.open_store``). Ingest migrates the
schema and writes (``write``); readers never write, so they may point at a read
replica. Each process keeps in-memory views of one snapshot (``read``) and checks
the ingest generation per question, so no instance serves a stale index.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import IsolationLevel
from psycopg.conninfo import conninfo_to_dict

from index.backend import StoreUnavailable
from index.build import BuildReport, Progress, check_current
from index.chunking import ChunkingConfig
from index.dense import Embedder
from index.postgres.read import Snapshot, current_generation, read_snapshot
from index.postgres.schema import SCHEMA_VERSION, check_schema, migrate
from index.postgres.search import PostgresRetriever, StaleSnapshot
from index.postgres.write import sync_documents
from index.search import SearchConfig
from index.store import IndexData

CONNECT_TIMEOUT_S = 10

__all__ = ["SCHEMA_VERSION", "PostgresRetriever", "PostgresStore", "Snapshot", "StaleSnapshot"]


class PostgresStore:
    """An index in a PostgreSQL database with the vector extension (pgvector ≥ 0.8 for filtered HNSW scans)."""

    shared = True

    def __init__(self, url: str) -> None:
        self.url = url
        self._local = threading.local()  # one reading connection per thread (psycopg connections are not shared)
        self._opened: list[psycopg.Connection] = []
        self._opened_lock = threading.Lock()

    def close(self) -> None:
        """Close every reading connection this store opened (each thread's)."""
        with self._opened_lock:
            opened, self._opened = self._opened, []
        for conn in opened:
            conn.close()

    def __del__(self) -> None:
        self.close()

    def describe(self) -> str:
        """The database without its password: user@host/dbname."""
        try:
            parts = conninfo_to_dict(self.url)
        except psycopg.ProgrammingError:
            return "PostgreSQL (ogiltig anslutningssträng)"
        host = parts.get("host") or "localhost"
        return f"postgresql://{parts.get('user', '')}@{host}/{parts.get('dbname', '')}"

    def connect(self, **options) -> psycopg.Connection:
        """A new autocommit connection; raises StoreUnavailable with a Swedish hint when the server cannot be reached."""
        try:
            return psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S, **options)
        except (psycopg.OperationalError, psycopg.ProgrammingError) as error:
            reason = str(error).strip().splitlines()[0] if str(error).strip() else error.__class__.__name__
            message = f"Databasen {self.describe()} kunde inte nås ({reason}) – kontrollera PA_DATABASE_URL"
            raise StoreUnavailable(message) from error

    @contextmanager
    def connection(self) -> Iterator[psycopg.Connection]:
        """This thread's reading connection (REPEATABLE READ, read only), reopened if it broke."""
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.closed or conn.broken:
            conn = self._local.conn = self.connect()
            conn.isolation_level = IsolationLevel.REPEATABLE_READ
            conn.read_only = True
            with self._opened_lock:
                self._opened = [c for c in self._opened if not c.closed] + [conn]
        try:
            yield conn
        except psycopg.OperationalError as error:
            conn.close()
            raise StoreUnavailable(f"Förbindelsen med databasen {self.describe()} bröts ({error.__class__.__name__})") from error

    def build(
        self,
        documents_dir: Path,
        model_name: str,
        chunking: ChunkingConfig,
        progress: Progress | None = None,
        embedder: Embedder | None = None,
        reuse: IndexData | None = None,
    ) -> BuildReport:
        """Migrate the schema, then bring the database up to date with ``documents_dir`` (see ``write.sync_documents``)."""
        from pgvector.psycopg import register_vector

        with self.connect() as conn:
            try:
                migrate(conn)
                register_vector(conn)
                return sync_documents(conn, documents_dir, model_name, chunking, progress, embedder, reuse)
            except psycopg.OperationalError as error:
                raise StoreUnavailable(f"Indexeringen mot {self.describe()} avbröts ({error.__class__.__name__})") from error

    def generation(self) -> int:
        """The database's ingest generation: bumped by every document replacement."""
        with self.connection() as conn, conn.transaction():
            check_schema(conn)
            return current_generation(conn)

    def snapshot(self, previous: Snapshot | None = None) -> Snapshot:
        """The current state, reusing ``previous``'s rows for unchanged documents; raises IndexNotBuilt when empty."""
        with self.connection() as conn, conn.transaction():
            check_schema(conn)
            return read_snapshot(conn, previous, self.describe())

    def read(self) -> IndexData:
        return self.snapshot().data

    def retriever(
        self,
        snapshot: Snapshot,
        model_name: str,
        config: SearchConfig,
        chunking: ChunkingConfig,
        embedder: Embedder | None,
    ) -> PostgresRetriever:
        """A retriever over ``snapshot``; raises IndexNotBuilt if it was built with another model or chunking."""
        check_current(snapshot.data, model_name, chunking)
        return PostgresRetriever(snapshot, self.connection, embedder, config)
