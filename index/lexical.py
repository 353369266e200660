"""Swedish lexical search: BM25 (bm25s) over Snowball stems and over character n-grams."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import bm25s
import numpy as np

from index.analysis import char_ngrams, stems

Ranked = list[tuple[int, float]]


class Bm25Field:
    """One BM25 index over one analysis of the texts (stems, or n-grams)."""

    def __init__(self, texts: Sequence[str], analyse: Callable[[str], list[str]]) -> None:
        self._analyse = analyse
        self._size = len(texts)
        self._bm25 = bm25s.BM25()
        if not texts:
            return  # bm25s cannot index an empty corpus; search() answers [] for it
        # bm25s needs at least one token per document to build its vocabulary.
        self._bm25.index([analyse(text) or ["\x00"] for text in texts], show_progress=False)

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


class LexicalIndex:
    """Both lexical fields over the same texts; the caller fuses their rankings."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.words = Bm25Field(texts, stems)
        self.ngrams = Bm25Field(texts, char_ngrams)
