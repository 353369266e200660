"""Swedish lexical search: BM25 (bm25s) over Snowball stems and over character n-grams.

Both fields are built at ingest and saved in the index version (``LexicalIndex.save``); a serving
process memory-maps their postings (``LexicalIndex.load``), so it neither re-analyses the corpus
at load nor keeps the analysis' millions of short strings: only the pages of postings a
question's tokens reach are read from disk.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import bm25s
import numpy as np

from index.analysis import char_ngrams, stems

# bm25s sets its own logger to DEBUG, so "Building index from tokens" would reach the CLI's stderr at every ingest.
logging.getLogger("bm25s").setLevel(logging.WARNING)

Ranked = list[tuple[int, float]]
FIELDS = ("words", "ngrams")  # folder names of the saved fields, in LexicalIndex's attribute order


class Bm25Field:
    """One BM25 index over one analysis of the texts (stems, or n-grams)."""

    def __init__(self, texts: Sequence[str], analyse: Callable[[str], list[str]]) -> None:
        self._analyse = analyse
        self._size = len(texts)
        self._bm25 = bm25s.BM25()
        if not texts:
            return  # bm25s cannot index an empty corpus; search() answers [] for it
        self._bm25.index(_token_ids(texts, analyse), show_progress=False)

    @classmethod
    def load(cls, folder: Path, analyse: Callable[[str], list[str]], size: int) -> Bm25Field:
        """The field ``save`` wrote to ``folder`` over ``size`` texts, its postings memory-mapped (read-only)."""
        field = cls.__new__(cls)
        field._analyse = analyse
        field._size = size
        field._bm25 = bm25s.BM25.load(folder, mmap=True, show_progress=False) if size else bm25s.BM25()
        # A set of every token id, read only by bm25s's retrieve(); get_scores() needs the vocabulary alone.
        field._bm25.unique_token_ids_set = None
        return field

    def save(self, folder: Path) -> None:
        """Write the postings (NumPy, no pickle), vocabulary and parameters (JSON) to ``folder``, synced."""
        folder.mkdir(parents=True, exist_ok=True)
        if self._size:
            self._bm25.save(folder, show_progress=False)
        for path in folder.iterdir():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())

    def __len__(self) -> int:
        return self._size

    def search(self, query: str, limit: int, mask: np.ndarray | None = None) -> Ranked:
        """Positions of the best-matching texts with their BM25 scores, zero scores left out."""
        tokens = self._analyse(query)
        if not tokens or self._size == 0:
            return []
        scores = self._bm25.get_scores(tokens)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        limit = min(limit, self._size)
        top = np.argpartition(-scores, limit - 1)[:limit]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]


def _token_ids(texts: Sequence[str], analyse: Callable[[str], list[str]]) -> tuple[list[np.ndarray], dict[str, int]]:
    """Each text's tokens as an int32 array of vocabulary ids, and the vocabulary, for ``bm25s.BM25.index``.

    The same index as from the token lists (tests/index/test_lexical.py), built from a text at a time:
    lists of every n-gram of every passage held 5 GB at 100 × the shipped documents, the arrays
    0.4 GB. bm25s needs at least one token per document to build its vocabulary.
    """
    vocabulary: dict[str, int] = {}
    ids = [
        np.fromiter((vocabulary.setdefault(token, len(vocabulary)) for token in analyse(text) or ["\x00"]), dtype=np.int32)
        for text in texts
    ]
    return ids, vocabulary


class LexicalIndex:
    """Both lexical fields over the same texts; the caller fuses their rankings."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.words = Bm25Field(texts, stems)
        self.ngrams = Bm25Field(texts, char_ngrams)

    @classmethod
    def load(cls, folder: Path, size: int) -> LexicalIndex:
        """Both fields as ``save`` wrote them to ``folder``, over ``size`` texts, memory-mapped."""
        index = cls.__new__(cls)
        index.words = Bm25Field.load(folder / FIELDS[0], stems, size)
        index.ngrams = Bm25Field.load(folder / FIELDS[1], char_ngrams, size)
        return index

    def save(self, folder: Path) -> None:
        """Write both fields under ``folder`` (one subfolder each)."""
        self.words.save(folder / FIELDS[0])
        self.ngrams.save(folder / FIELDS[1])
