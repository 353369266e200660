"""Search in PostgreSQL: Swedish full-text (ts_rank_cd), character 3–5-grams and pgvector HNSW, fused in Python.

The n-gram field is a tsvector of the same character grams the embedded store's
second BM25 field indexes, behind a GIN index. pg_trgm's word_similarity was
measured as the alternative: the same dev-set hit@k, six times slower (BENCHMARKS.md).

The rankings come from SQL; everything after them — the weighted RRF of words and
trigrams, the ranking of passages about an asked year, the dense RRF, neighbours —
is ``index.search.Retriever``'s own code, so both stores fuse identically.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import numpy as np
import psycopg

from index.analysis import words
from index.dense import Embedder
from index.postgres.read import Snapshot, current_generation
from index.postgres.rows import gram_query
from index.search import Hit, Retriever, SearchConfig

Connect = Callable[[], AbstractContextManager[psycopg.Connection]]
# ts_rank normalisation of the n-gram field: 1 divides by 1 + log(length), as BM25 discounts long
# passages. Measured on the dev set: 0 and 1 give hit@3 0.87, 2 gives 0.78, 8 gives 0.83 (BENCHMARKS.md).
RANK_NORMALISATION = 1


class StaleSnapshot(Exception):  # a signal to refresh and retry, never shown to users
    """The database moved to a newer generation than the snapshot this retriever holds."""


class PostgresRetriever(Retriever):
    """Search over one snapshot of the shared database; raises StaleSnapshot once the database has moved on.

    Each search runs in one REPEATABLE READ transaction that first checks the
    generation, so the SQL rankings and the in-memory passages are the same state.
    """

    def __init__(self, snapshot: Snapshot, connection: Connect, embedder: Embedder | None, config: SearchConfig) -> None:
        self._set_views(snapshot.data, embedder, config)
        self.generation = snapshot.generation
        self._connection = connection
        self._local = threading.local()  # the open search transaction's connection, per thread

    def search(self, query: str, limit: int = 5, documents: set[str] | None = None) -> list[Hit]:
        with self._reading() as conn:
            if current_generation(conn) != self.generation:
                raise StaleSnapshot(self.generation)
            return super().search(query, limit, documents)

    @contextmanager
    def _reading(self) -> Iterator[psycopg.Connection]:
        with self._connection() as conn, conn.transaction():
            conn.execute("SELECT set_config('hnsw.ef_search', %s, true)", (str(max(self.config.candidates, 40)),))
            conn.execute("SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true)")
            self._local.conn = conn
            try:
                yield conn
            finally:
                self._local.conn = None

    def word_ranking(self, query: str, limit: int, documents: set[str] | None = None) -> list[tuple[int, float]]:
        """ts_rank_cd over the Swedish-configured tsvector, for any of the query's words."""
        tokens = words(query)
        if not tokens:
            return []
        tsquery = " | ".join(f"'{token}'" for token in tokens)
        sql = (
            "SELECT id, ts_rank_cd(tsv, q) AS score FROM passages, to_tsquery('swedish', %s) AS q "
            f"WHERE tsv @@ q {self._filter(documents)} ORDER BY score DESC, id LIMIT %s"
        )
        return self._ranked(sql, (tsquery, *self._filter_args(documents), limit))

    def ngram_ranking(self, query: str, limit: int, documents: set[str] | None = None) -> list[tuple[int, float]]:
        """The character 3–5-gram field: ts_rank over the passages sharing any of the query's grams."""
        if not self.config.ngram_weight:
            return []
        tsquery = gram_query(query)
        if not tsquery:
            return []
        sql = (
            f"SELECT id, ts_rank(grams, q, {RANK_NORMALISATION}) AS score FROM passages, CAST(%s AS tsquery) AS q "
            f"WHERE grams @@ q {self._filter(documents)} ORDER BY score DESC, id LIMIT %s"
        )
        return self._ranked(sql, (tsquery, *self._filter_args(documents), limit))

    def dense_ranking(self, query: str, limit: int, documents: set[str] | None = None) -> list[tuple[int, float]]:
        """Cosine similarity by the HNSW index (pgvector), if the model is loaded."""
        if self.embedder is None or not query.strip():
            return []
        vector = np.asarray(self.embedder.encode([query])[0], dtype=np.float32)
        sql = (
            "SELECT id, 1 - (embedding <=> %s::vector) AS score FROM passages "
            f"WHERE embedding IS NOT NULL {self._filter(documents)} ORDER BY embedding <=> %s::vector LIMIT %s"
        )
        text = "[" + ",".join(f"{value:.8g}" for value in vector) + "]"
        return self._ranked(sql, (text, *self._filter_args(documents), text, limit))

    def _ranked(self, sql: str, params: tuple) -> list[tuple[int, float]]:
        """Run a ranking query inside the search's transaction; positions of the ids this snapshot holds."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            with self._reading() as conn:
                rows = conn.execute(sql, params).fetchall()
        else:
            rows = conn.execute(sql, params).fetchall()
        return [(self._position[passage_id], float(score)) for passage_id, score in rows if passage_id in self._position]

    @staticmethod
    def _filter(documents: set[str] | None) -> str:
        return "AND doc_id = ANY(%s)" if documents else ""

    @staticmethod
    def _filter_args(documents: set[str] | None) -> tuple:
        return (sorted(documents),) if documents else ()
