"""BM25 over Swedish stems and character n-grams, on a literal corpus (txtai testkeyword.py style)."""

from __future__ import annotations

import numpy as np
import pytest

from index.analysis import stems
from index.fusion import rrf
from index.lexical import Bm25Field, LexicalIndex
from index.store import read_index

SENTENCES = [
    "Kollektivtrafiknämnden ska utveckla linjer, zoner och prismodell för en jämlik kollektivtrafik.",
    "Hälso- och sjukvårdsnämnden ska verka för en god och nära vård i hela länet.",
    "Regionens lånetak för 2027 är 850 miljoner kronor.",
    "Balanskravet innebär att intäkterna ska överstiga kostnaderna varje år.",
    "Tandvården ska ges till både barn och vuxna, akut och förebyggande.",
    "Kulturnämnden fördelar bidrag till länets museer, teatrar och bibliotek.",
    "Regionstyrelsen investerade 18,4 mkr under första tertialet.",
    "Varje nämnd ansvarar för att budgeten hålls.",
]
KOLLEKTIVTRAFIK, SJUKVARD, LANETAK, BALANSKRAV, TANDVARD, KULTUR, INVESTERING, NAMND = range(len(SENTENCES))


@pytest.fixture(scope="module")
def index() -> LexicalIndex:
    return LexicalIndex(SENTENCES)


def top(index: LexicalIndex, query: str) -> int | None:
    """Position of the best sentence after fusing both fields the way the retriever does."""
    fused = rrf([index.words.search(query, 10), index.ngrams.search(query, 10)])
    return fused[0][0] if fused else None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kollektivtrafiken", KOLLEKTIVTRAFIK),
        ("Vilket lånetak gäller för 2027?", LANETAK),
        ("balanskrav", BALANSKRAV),
        ("tandvård för barn", TANDVARD),
        ("nämnderna", NAMND),
        ("18,4", INVESTERING),
        ("budget", NAMND),
    ],
)
def test_top_hit(index, query, expected):
    assert top(index, query) == expected


def test_inflected_query_finds_base_form_by_stem(index):
    ranked = index.words.search("nämnderna", 10)
    assert [position for position, _score in ranked] == [NAMND]
    assert ranked == index.words.search("nämnd", 10)


@pytest.mark.parametrize(
    ("query", "expected"),
    [("sjukvård", SJUKVARD), ("kulturen", KULTUR), ("investeringar", INVESTERING)],
)
def test_compound_part_found_only_by_ngrams(index, query, expected):
    # "sjukvård" is inside "sjukvårdsnämnden": no whole-word stem matches it.
    assert index.words.search(query, 10) == []
    assert index.ngrams.search(query, 10)[0][0] == expected


def test_only_stop_words_returns_nothing(index):
    assert index.words.search("vad är det", 10) == []
    assert index.ngrams.search("vad är det", 10) == []
    assert top(index, "vad är det") is None


def test_unknown_word_returns_nothing(index):
    assert index.words.search("vattkoppor", 10) == []


def test_scores_are_positive_and_descending(index):
    ranked = index.ngrams.search("tandvård för barn", 10)
    assert len(ranked) > 1
    assert all(score > 0 for _position, score in ranked)
    assert [score for _position, score in ranked] == sorted((score for _position, score in ranked), reverse=True)


def test_limit_caps_the_ranking(index):
    assert len(index.ngrams.search("nämnden ska", 2)) == 2
    assert len(index.ngrams.search("nämnden ska", 100)) <= len(SENTENCES)


def test_mask_hides_positions(index):
    mask = np.ones(len(SENTENCES), dtype=bool)
    mask[NAMND] = False
    assert index.words.search("nämnderna", 10, mask) == []
    assert NAMND not in [position for position, _score in index.ngrams.search("nämnderna", 10, mask)]


def test_empty_corpus_returns_nothing():
    assert LexicalIndex([]).words.search("nämnd", 5) == []
    assert LexicalIndex([]).ngrams.search("nämnd", 5) == []


def test_text_of_only_stop_words_is_indexed_but_never_found():
    field = Bm25Field(["och det är", "Varje nämnd ansvarar."], stems)
    assert [position for position, _score in field.search("nämnd", 5)] == [1]
    assert field.search("och det", 5) == []


def test_saved_fields_rank_the_seed_documents_as_the_built_ones(tmp_path, built_index):
    """Loaded from disk (memory-mapped), both fields give the same positions and scores as built in memory."""
    seed_data = read_index(built_index.index_dir)
    texts = [passage.index_text for passage in seed_data.passages]
    built = LexicalIndex(texts)
    built.save(tmp_path / "lexical")
    loaded = LexicalIndex.load(tmp_path / "lexical", len(texts))
    assert isinstance(loaded.ngrams._bm25.scores["data"], np.memmap)
    mask = np.array([passage.doc_id.startswith("regionplan") for passage in seed_data.passages])
    for query in ("Vilket lånetak gäller för 2027?", "kollektivtrafiknämndens driftbudget", "sjukvårdsnämnden", "zzzz"):
        for field in ("words", "ngrams"):
            assert getattr(loaded, field).search(query, 50) == getattr(built, field).search(query, 50)
            assert getattr(loaded, field).search(query, 20, mask) == getattr(built, field).search(query, 20, mask)


def test_an_empty_index_saves_and_loads(tmp_path):
    LexicalIndex([]).save(tmp_path / "lexical")
    assert LexicalIndex.load(tmp_path / "lexical", 0).ngrams.search("nämnd", 5) == []


def test_fields_built_from_token_ids_score_as_from_token_lists(built_index):
    """The field is built from id arrays (memory); bm25s given the token lists gives the same scores."""
    import bm25s

    from index.analysis import char_ngrams

    texts = [passage.index_text for passage in read_index(built_index.index_dir).passages]
    field = Bm25Field(texts, char_ngrams)
    reference = bm25s.BM25()
    reference.index([char_ngrams(text) or ["\x00"] for text in texts], show_progress=False)
    for query in ("Vilket lånetak gäller för 2027?", "sjukvårdsnämnden", "Hur stor andel av sexåringarna är kariesfria?"):
        np.testing.assert_array_equal(field._bm25.get_scores(char_ngrams(query)), reference.get_scores(char_ngrams(query)))
