"""Fusion of ranked lists: weighted reciprocal rank fusion and convex score combination."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

Ranked = Sequence[tuple[Hashable, float]]


def rrf(ranked_lists: Sequence[Ranked], weights: Sequence[float] | None = None, k: int = 60) -> list[tuple[Hashable, float]]:
    """Weighted reciprocal rank fusion (Cormack, Clarke & Büttcher, SIGIR 2009).

    Each list contributes ``weight / (k + rank)`` per item, rank starting at 1.
    k = 60 is the paper's value: large enough that the first few ranks of one
    list do not drown the other lists, small enough that rank still matters.
    Scores in the input are ignored; only order counts.
    """
    weights = weights or [1.0] * len(ranked_lists)
    fused: dict[Hashable, float] = {}
    for ranked, weight in zip(ranked_lists, weights, strict=True):
        for rank, (key, _score) in enumerate(ranked, start=1):
            fused[key] = fused.get(key, 0.0) + weight / (k + rank)
    return sorted(fused.items(), key=lambda item: (-item[1], str(item[0])))


def convex(ranked_lists: Sequence[Ranked], weights: Sequence[float] | None = None) -> list[tuple[Hashable, float]]:
    """Convex combination of min-max normalised scores; an item missing from a list scores 0 there."""
    if not ranked_lists:
        return []
    weights = weights or [1.0 / len(ranked_lists)] * len(ranked_lists)
    fused: dict[Hashable, float] = {}
    for ranked, weight in zip(ranked_lists, weights, strict=True):
        if not ranked:
            continue
        scores = [score for _key, score in ranked]
        low, span = min(scores), (max(scores) - min(scores)) or 1.0
        for key, score in ranked:
            fused[key] = fused.get(key, 0.0) + weight * (score - low) / span
    return sorted(fused.items(), key=lambda item: (-item[1], str(item[0])))
