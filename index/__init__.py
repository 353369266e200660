"""Index: passages → Swedish BM25 + dense FAISS, fused; persisted atomically in a folder or in PostgreSQL."""

from index.backend import EmbeddedStore, IndexStore, StoreUnavailable, open_store
from index.build import BuildReport, FileError, build_index
from index.chunking import ChunkingConfig, chunk_document
from index.dense import DEFAULT_MODEL, DenseIndex, Embedder, resolve_model
from index.errors import IndexNotBuilt, ModelError
from index.fusion import convex, rrf
from index.postgres import PostgresStore
from index.search import Hit, Retriever, SearchConfig, Strategy
from index.store import IndexData, read_index, write_index

__all__ = [
    "DEFAULT_MODEL",
    "BuildReport",
    "ChunkingConfig",
    "DenseIndex",
    "EmbeddedStore",
    "Embedder",
    "FileError",
    "Hit",
    "IndexData",
    "IndexNotBuilt",
    "IndexStore",
    "ModelError",
    "PostgresStore",
    "Retriever",
    "SearchConfig",
    "StoreUnavailable",
    "Strategy",
    "build_index",
    "chunk_document",
    "convex",
    "open_store",
    "read_index",
    "resolve_model",
    "rrf",
    "write_index",
]
