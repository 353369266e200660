"""Fusion of ranked lists: weighted RRF and convex combination, on small literal lists."""

from __future__ import annotations

import pytest

from index.fusion import convex, rrf

LEXICAL = [("a", 12.0), ("b", 6.0), ("c", 0.0)]
DENSE = [("b", 0.8), ("d", 0.2)]


def keys(fused):
    return [key for key, _score in fused]


def scores(fused):
    return [score for _key, score in fused]


class TestRrf:
    def test_sums_reciprocal_ranks(self):
        fused = rrf([LEXICAL, DENSE], k=60)
        # b: rank 2 and rank 1; a: rank 1; c: rank 3; d: rank 2.
        assert fused == [("b", 1 / 62 + 1 / 61), ("a", 1 / 61), ("d", 1 / 62), ("c", 1 / 63)]

    def test_weights_scale_each_list(self):
        fused = rrf([LEXICAL, DENSE], weights=[1.0, 3.0], k=60)
        assert keys(fused) == ["b", "d", "a", "c"]
        assert scores(fused) == pytest.approx([1 / 62 + 3 / 61, 3 / 62, 1 / 61, 1 / 63])

    def test_zero_weight_silences_a_list(self):
        fused = rrf([LEXICAL, DENSE], weights=[1.0, 0.0], k=60)
        assert keys(fused) == ["a", "b", "c", "d"]
        assert fused[-1] == ("d", 0.0)

    def test_k_sets_how_fast_rank_matters(self):
        assert rrf([[("a", 1.0), ("b", 1.0)]], k=0) == [("a", 1.0), ("b", 0.5)]

    def test_only_order_counts_not_scores(self):
        assert rrf([[("a", 100.0), ("b", 99.0)]]) == rrf([[("a", 0.2), ("b", 0.1)]])

    def test_ties_are_broken_by_key(self):
        assert rrf([[("y", 1.0)], [("x", 1.0)]]) == [("x", 1 / 61), ("y", 1 / 61)]

    def test_weights_must_match_lists(self):
        with pytest.raises(ValueError):
            rrf([LEXICAL, DENSE], weights=[1.0])


class TestConvex:
    def test_combines_min_max_normalised_scores(self):
        fused = convex([LEXICAL, DENSE])
        # Normalised: a 1.0, b 0.5, c 0.0 | b 1.0, d 0.0; equal weights 0.5.
        assert fused == [("b", 0.75), ("a", 0.5), ("c", 0.0), ("d", 0.0)]

    def test_weights_respected(self):
        fused = convex([LEXICAL, DENSE], weights=[0.9, 0.1])
        assert keys(fused) == ["a", "b", "c", "d"]
        assert scores(fused) == pytest.approx([0.9, 0.45 + 0.1, 0.0, 0.0])

    def test_scale_of_scores_does_not_matter(self):
        scaled = [(key, score * 1000 + 7) for key, score in LEXICAL]
        fused = convex([scaled, DENSE])
        assert keys(fused) == ["b", "a", "c", "d"]
        assert scores(fused) == pytest.approx([0.75, 0.5, 0.0, 0.0])

    def test_list_with_equal_scores_contributes_nothing(self):
        # Min-max of equal scores has no spread: every item normalises to 0.
        assert convex([[("a", 3.0), ("b", 3.0)], [("b", 2.0), ("c", 1.0)]]) == [("b", 0.5), ("a", 0.0), ("c", 0.0)]


@pytest.mark.parametrize("fuse", [rrf, convex], ids=["rrf", "convex"])
@pytest.mark.parametrize("ranked_lists", [[], [[], []]], ids=["no-lists", "empty-lists"])
def test_empty_input_fuses_to_nothing(fuse, ranked_lists):
    assert fuse(ranked_lists) == []


@pytest.mark.parametrize("fuse", [rrf, convex], ids=["rrf", "convex"])
def test_one_empty_list_leaves_the_other_ranking(fuse):
    assert keys(fuse([LEXICAL, []])) == ["a", "b", "c"]
