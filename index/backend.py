"""One store interface, two implementations: the embedded folder (default) and PostgreSQL.

The embedded store is the zero-setup path on one machine: FAISS and BM25 over
files in ``build/index/``, loaded into one process. The PostgreSQL store
(``index.postgres``) keeps the same passages, tables and registry in a database
that many app instances share; it is chosen by a connection string
(``PA_DATABASE_URL``). Both build with the same parsing, chunking and passage
ids, and both search with the same fusion (``index.search.Retriever``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from index.build import BuildReport, Progress, build_index
from index.chunking import ChunkingConfig
from index.dense import Embedder
from index.search import Retriever, SearchConfig, Strategy
from index.store import IndexData, read_index
from ingest.errors import PlanError


class StoreUnavailable(PlanError):
    """The configured index store (a database) cannot be reached or used."""


class IndexStore(Protocol):
    """What the CLI and the app need of a store: build it, read it, search it."""

    #: True when other processes may change the index while this one reads it (a shared database).
    shared: bool

    def build(
        self,
        documents_dir: Path,
        model_name: str,
        chunking: ChunkingConfig,
        progress: Progress | None = None,
        embedder: Embedder | None = None,
    ) -> BuildReport:
        """Bring the store up to date with ``documents_dir``; only changed documents are re-processed."""
        ...

    def read(self) -> IndexData:
        """The whole current index: passages, tables, registry and manifest (embeddings may be left out)."""
        ...

    def describe(self) -> str:
        """Where the index lives, for messages (a database URL without its password)."""
        ...


class EmbeddedStore:
    """The default store: a versioned folder of JSON Lines and NumPy files (``index.store``)."""

    shared = False

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir

    def build(
        self,
        documents_dir: Path,
        model_name: str,
        chunking: ChunkingConfig,
        progress: Progress | None = None,
        embedder: Embedder | None = None,
    ) -> BuildReport:
        return build_index(documents_dir, self.index_dir, model_name, chunking, progress, embedder)

    def read(self) -> IndexData:
        return read_index(self.index_dir)

    def retriever(self, model_name: str, config: SearchConfig, chunking: ChunkingConfig) -> Retriever:
        """A retriever over the current version; raises IndexNotBuilt if it is missing or stale."""
        return Retriever.load(self.index_dir, model_name, config, chunking)

    def describe(self) -> str:
        return str(self.index_dir)


def open_store(index_dir: Path, database_url: str = "") -> IndexStore:
    """The PostgreSQL store when ``database_url`` is set, else the embedded one in ``index_dir``."""
    if not database_url.strip():
        return EmbeddedStore(index_dir)
    from index.postgres import PostgresStore

    return PostgresStore(database_url.strip())


def needs_embedder(config: SearchConfig, passages: int) -> bool:
    """Whether searching needs the embedding model: not for pure BM25, nor for an empty index."""
    return config.strategy is not Strategy.LEXICAL and passages > 0

