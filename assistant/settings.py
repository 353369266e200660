"""Settings: one frozen object, every field documented, read from PA_* variables at startup."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import SettingsError
from index import DEFAULT_MODEL, ChunkingConfig, SearchConfig, Strategy

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """Where the documents and index live, which model embeds, and how retrieval is tuned."""

    # Folder of the documents to index (PA_DOCUMENTS_DIR).
    documents_dir: Path = PROJECT_ROOT / "documents"
    # Folder of the built index, git-ignored (PA_INDEX_DIR).
    index_dir: Path = PROJECT_ROOT / "build" / "index"
    # Embedding model: all-MiniLM-L6-v2 from the installed package, or a local folder (PA_MODEL).
    model: str = DEFAULT_MODEL
    # Retrieval strategy: hybrid, bm25 or dense (PA_STRATEGY).
    strategy: str = "hybrid"
    # Citations returned per answer (PA_TOP_K).
    top_k: int = 5
    # Passage size in characters for chunking (PA_CHUNK_SIZE); changing it re-indexes.
    chunk_size: int = 600
    # RRF constant k (PA_RRF_K).
    rrf_k: int = 60
    # Weight of the character n-gram ranking, against word stems at 1.0 (PA_NGRAM_WEIGHT).
    ngram_weight: float = 1.0
    # Weight of the dense ranking, against lexical at 1.0 (PA_DENSE_WEIGHT).
    dense_weight: float = 0.02
    # Passages on each side of a hit returned with it (PA_NEIGHBOURS).
    neighbours: int = 1
    # Weight of the ranking of passages about a year the question names (PA_YEAR_WEIGHT).
    year_weight: float = 0.5
    # PostgreSQL connection string (PA_DATABASE_URL); set, the index lives there and is shared by
    # every instance, instead of in index_dir. Left out of repr: it may hold a password.
    database_url: str = field(default="", repr=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides) -> Settings:
        """Settings from PA_* variables, then ``overrides`` (CLI flags); bad values raise SettingsError."""
        environ = os.environ if environ is None else environ
        values = {}
        for item in dataclasses.fields(cls):
            raw = environ.get(f"PA_{item.name.upper()}")
            if raw is not None and raw.strip():
                values[item.name] = _convert(item.name, item.type, raw.strip())
        values.update({name: value for name, value in overrides.items() if value is not None})
        settings = cls(**values)
        settings.validate()
        return settings

    def validate(self) -> None:
        """Reject values no search could use, with the setting's name in the message."""
        try:
            Strategy.from_str(self.strategy)
        except ValueError as error:
            raise SettingsError(f"PA_STRATEGY: {error}") from error
        for name in ("top_k", "chunk_size", "rrf_k"):
            if getattr(self, name) < 1:
                raise SettingsError(f"PA_{name.upper()} måste vara minst 1, fick {getattr(self, name)}")
        for name in ("neighbours", "ngram_weight", "dense_weight", "year_weight"):
            if getattr(self, name) < 0:
                raise SettingsError(f"PA_{name.upper()} får inte vara negativ, fick {getattr(self, name)}")
        if self.database_url and not self.database_url.startswith(("postgresql://", "postgres://", "host=", "dbname=")):
            raise SettingsError("PA_DATABASE_URL: väntade en PostgreSQL-adress, t.ex. postgresql://användare@värd/databas")

    @property
    def chunking(self) -> ChunkingConfig:
        return ChunkingConfig(chunk_size=self.chunk_size)

    @property
    def search(self) -> SearchConfig:
        return SearchConfig(
            strategy=Strategy.from_str(self.strategy),
            rrf_k=self.rrf_k,
            ngram_weight=self.ngram_weight,
            dense_weight=self.dense_weight,
            neighbours=self.neighbours,
            year_weight=self.year_weight,
        )


def _convert(name: str, kind: str, raw: str):
    converters = {"Path": lambda value: Path(value).expanduser(), "int": int, "float": float, "str": str}
    try:
        return converters[kind](raw)
    except ValueError as error:
        raise SettingsError(f"PA_{name.upper()}: väntade {kind}, fick '{raw}'") from error
