"""Hybrid retrieval: Swedish BM25 (stems + character n-grams) fused with dense vectors.

Reads like txtai's ``Search.search``: lexical(), then dense() (each fetching
more than asked for), then fuse(), then passages with their neighbours.
"""

from __future__ import annotations

import enum
import threading
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from index.build import check_current
from index.chunking import ChunkingConfig
from index.dense import DenseIndex, Embedder
from index.fusion import rrf
from index.lexical import LexicalIndex
from index.store import LEXICAL, IndexData, read_index
from ingest.models import Passage
from ingest.text import years_in

# Query vectors kept per retriever: an answer searches its question, then each of its parts.
QUERY_CACHE = 64


class Strategy(enum.Enum):
    """Which retrievers answer a query."""

    HYBRID = "hybrid"
    LEXICAL = "bm25"
    DENSE = "dense"

    @classmethod
    def from_str(cls, value: str) -> Strategy:
        for strategy in cls:
            if strategy.value == value.strip().lower():
                return strategy
        valid = ", ".join(strategy.value for strategy in cls)
        raise ValueError(f"Okänd sökstrategi '{value}' – giltiga värden: {valid}")


@dataclass(frozen=True)
class SearchConfig:
    """Retrieval parameters; defaults are the ones the dev-set eval chose (README)."""

    strategy: Strategy = Strategy.HYBRID
    candidates: int = 100  # how many each retriever fetches before fusion
    rrf_k: int = 60  # RRF constant, see index.fusion.rrf
    ngram_weight: float = 1.0  # weight of the character n-gram ranking against word stems (1.0)
    dense_weight: float = 0.02  # weight of the dense ranking against the fused lexical one (1.0)
    neighbours: int = 1  # passages on each side returned with a hit
    year_weight: float = 0.5  # weight of the "passage is about an asked year" ranking (bench/sweep.py)


MAX_PAGES = 3  # pages a hit's shown text may name: its own, then the nearest of its neighbours'


@dataclass(frozen=True)
class Hit:
    """A retrieved passage, its scores, and the text shown for it (with neighbours) and that text's pages."""

    passage: Passage
    score: float
    lexical_score: float | None
    dense_score: float | None
    context: str
    pages: tuple[int, ...] = ()


def _lexical_index(data: IndexData) -> LexicalIndex:
    """The BM25 fields saved with the index version (memory-mapped), or built here for data held in memory."""
    saved = data.version / LEXICAL if data.version is not None else None
    if saved is not None and saved.is_dir():
        return LexicalIndex.load(saved, len(data.passages))
    return LexicalIndex([passage.index_text for passage in data.passages])


class Retriever:
    """Search over one loaded index. Thread-safe for concurrent searches."""

    def __init__(self, data: IndexData, embedder: Embedder | None, config: SearchConfig) -> None:
        self._set_views(data, embedder, config)
        self.lexical = _lexical_index(data)
        self.dense = DenseIndex(data.embeddings) if embedder is not None and len(data.embeddings) else None

    def _set_views(self, data: IndexData, embedder: Embedder | None, config: SearchConfig) -> None:
        """The in-memory views every store shares: passages in reading order, positions by id, years."""
        self.data = data
        self.passages = data.passages
        self.config = config
        self.embedder = embedder
        self._vectors: dict[str, np.ndarray] = {}  # query text → vector, oldest first (see _query_vector)
        self._vectors_lock = threading.Lock()
        self._position = {passage.id: i for i, passage in enumerate(self.passages)}
        self._by_document: dict[str, list[int]] = {}
        for i, passage in enumerate(self.passages):
            self._by_document.setdefault(passage.doc_id, []).append(i)
        self._years = [self._passage_years(passage) for passage in self.passages]

    @classmethod
    def load(cls, index_dir: Path, model_name: str, config: SearchConfig, chunking: ChunkingConfig) -> Retriever:
        """Read the index, check it matches the model and chunking, load the embedder unless purely lexical."""
        data = read_index(index_dir)
        check_current(data, model_name, chunking)
        needs_model = config.strategy is not Strategy.LEXICAL and len(data.passages) > 0
        # One query at a time: a single thread is barely slower when idle and does not collapse
        # when the other core is busy (BENCHMARKS.md: encoding p95 12 → 385 ms, FAISS search over
        # 11 878 vectors 0.6 → 24 ms at the median with 2 threads on a loaded machine).
        embedder = Embedder(model_name, threads=1, cache_dir=index_dir) if needs_model else None
        if embedder is not None:
            faiss.omp_set_num_threads(1)
        return cls(data, embedder, config)

    def search(self, query: str, limit: int = 5, documents: set[str] | None = None) -> list[Hit]:
        """The ``limit`` best passages for ``query``, optionally only from ``documents``."""
        fetch = max(self.config.candidates, limit)
        lexical = self.lexical_ranking(query, fetch, documents) if self.config.strategy is not Strategy.DENSE else []
        dense = self.dense_ranking(query, fetch, documents) if self.config.strategy is not Strategy.LEXICAL else []
        fused = self._fuse(lexical, dense)[:limit]
        lexical_scores, dense_scores = dict(lexical), dict(dense)
        return [self.hit(i, score, lexical_scores.get(i), dense_scores.get(i)) for i, score in fused]

    def hit(self, position: int, score: float = 1.0, lexical: float | None = None, dense: float | None = None) -> Hit:
        """The passage at ``position`` as a hit: with its neighbours' text and the pages that text is on."""
        return Hit(self.passages[position], score, lexical, dense, self.context(position), self.context_pages(position))

    def lexical_ranking(self, query: str, limit: int, documents: set[str] | None = None) -> list[tuple[int, float]]:
        """Word-stem and n-gram rankings fused by weighted RRF, favouring passages about asked years."""
        words = self.word_ranking(query, limit, documents)
        grams = self.ngram_ranking(query, limit, documents)
        if not words and not grams:
            return []
        fused = rrf([words, grams], [1.0, self.config.ngram_weight], self.config.rrf_k)[:limit]
        asked = set(years_in(query))
        if not asked or not self.config.year_weight:
            return fused
        about_year = [(i, score) for i, score in fused if asked & self._years[i]]
        weights = [1.0, self.config.year_weight]
        return rrf([fused, about_year], weights, self.config.rrf_k)[:limit]

    def _passage_years(self, passage: Passage) -> set[int]:
        """The years a passage is about: those it names, and its document's period."""
        period = self.data.documents.get(passage.doc_id, {}).get("period") or ""
        return set(passage.year_span) | set(years_in(period))

    def word_ranking(self, query: str, limit: int, documents: set[str] | None = None) -> list[tuple[int, float]]:
        """BM25 over Snowball stems: positions and scores, best first."""
        return self.lexical.words.search(query, limit, self._mask(documents))

    def ngram_ranking(self, query: str, limit: int, documents: set[str] | None = None) -> list[tuple[int, float]]:
        """BM25 over character 3–5-grams: positions and scores, best first."""
        return self.lexical.ngrams.search(query, limit, self._mask(documents))

    def dense_ranking(self, query: str, limit: int, documents: set[str] | None = None) -> list[tuple[int, float]]:
        """Cosine-similarity ranking by the embedding model, if one is loaded."""
        if self.dense is None or self.embedder is None or not query.strip():
            return []
        return self.dense.search(self._query_vector(query), limit, self._mask(documents))

    def _query_vector(self, query: str) -> np.ndarray:
        """The query's embedding, kept for the last questions: one answer searches the same text more than once."""
        vector = self._vectors.get(query)
        if vector is None:
            vector = self.embedder.encode([query])[0]
            with self._vectors_lock:
                while len(self._vectors) >= QUERY_CACHE:
                    self._vectors.pop(next(iter(self._vectors)))
                self._vectors[query] = vector
        return vector

    def _fuse(self, lexical: list, dense: list) -> list[tuple[int, float]]:
        if not dense:
            return lexical
        if not lexical:
            return dense
        return rrf([lexical, dense], [1.0, self.config.dense_weight], self.config.rrf_k)

    def context(self, position: int) -> str:
        """The passage with its neighbours in the same document, in reading order."""
        return "\n".join(self.passages[i].text for i in self._context_positions(position))

    def context_pages(self, position: int) -> tuple[int, ...]:
        """The pages ``context(position)`` is on, in order: the passage's own, then its neighbours' nearest, at most MAX_PAGES."""
        own = self.passages[position].pages
        if not own:
            return ()
        others = {page for i in self._context_positions(position) for page in self.passages[i].pages} - set(own)
        nearest = sorted(others, key=lambda page: (min(abs(page - mine) for mine in own), page))
        return tuple(sorted((*own, *nearest)[:MAX_PAGES]))

    def _context_positions(self, position: int) -> list[int]:
        """Positions of the passage and its neighbours in the same document, in reading order."""
        doc_id, span = self.passages[position].doc_id, self.config.neighbours
        around = range(position - span, position + span + 1)
        return [i for i in around if 0 <= i < len(self.passages) and self.passages[i].doc_id == doc_id]

    def _mask(self, documents: set[str] | None) -> np.ndarray | None:
        if not documents:
            return None
        return np.array([passage.doc_id in documents for passage in self.passages], dtype=bool)

    def position_of_line(self, doc_id: str, source_line: int | None) -> int | None:
        """The position of the passage of ``doc_id`` whose source lines include ``source_line``."""
        if source_line is None:
            return None
        for position in self._by_document.get(doc_id, ()):
            first, last = self.passages[position].source_lines
            if first <= source_line <= last:
                return position
        return None

    def position_of_id(self, passage_id: str) -> int | None:
        """The position of a passage in the loaded index, by its id."""
        return self._position.get(passage_id)

    def by_id(self, passage_id: str) -> Passage | None:
        position = self._position.get(passage_id)
        return None if position is None else self.passages[position]
