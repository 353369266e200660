"""Retrieval over the index of the shipped documents: strategies, filters, context, dev questions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.analysis import stems
from index.chunking import ChunkingConfig
from index.errors import IndexNotBuilt
from index.search import Retriever, SearchConfig, Strategy
from index.store import read_index
from ingest.text import normalise_for_match

DEV_QUESTIONS = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev-questions.jsonl"
PLAN_2026 = "regionplan-och-budget-2026-2028.txt"
PLAN_2020 = "regionplan-med-budget-2020-2022.txt"
TERTIAL = "tertialrapport-1-2026-regionstyrelsen.txt"
LANETAK = "Vilket lånetak gäller för 2027?"


def dev_questions(*categories: str) -> list[dict]:
    records = [json.loads(line) for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [record for record in records if record["cat"] in categories]


@pytest.fixture(scope="module")
def seed_data(built_index):
    return read_index(built_index.index_dir)


@pytest.fixture(scope="module")
def retriever(seed_data, embedder):
    """A retriever over the shipped documents per configuration, built once per module."""
    cache: dict[SearchConfig, Retriever] = {}

    def get(**config) -> Retriever:
        key = SearchConfig(**config)
        if key not in cache:
            cache[key] = Retriever(seed_data, embedder, key)
        return cache[key]

    return get


def question_id(question: dict) -> str:
    return question["id"]


def ids(hits) -> list[str]:
    return [hit.passage.id for hit in hits]


class TestStrategy:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [("hybrid", Strategy.HYBRID), ("bm25", Strategy.LEXICAL), (" Dense ", Strategy.DENSE)],
    )
    def test_from_str(self, value, expected):
        assert Strategy.from_str(value) is expected

    def test_unknown_value_lists_the_valid_ones(self):
        with pytest.raises(ValueError, match="Okänd sökstrategi 'bm26' – giltiga värden: hybrid, bm25, dense"):
            Strategy.from_str("bm26")


def test_lanetak_question_finds_the_table_row(retriever):
    # Regionplan och budget 2026–2028, tabell 7: "Lånetak 100% av mark och byggnadstillgångar, avrundat 750 850 950".
    hits = retriever(strategy=Strategy.LEXICAL).search(LANETAK, 3)
    assert any("750 850 950" in hit.context for hit in hits)
    assert hits[0].passage.doc_id == PLAN_2026


@pytest.mark.parametrize("strategy", list(Strategy))
def test_every_strategy_returns_ranked_hits(retriever, strategy):
    hits = retriever(strategy=strategy).search("Hur mycket investerade regionstyrelsen under tertial 1 2026?", 5)
    assert len(hits) == 5
    assert len(set(ids(hits))) == 5
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


def test_scores_show_which_retriever_found_a_hit(retriever):
    lexical = retriever(strategy=Strategy.LEXICAL).search(LANETAK, 3)
    assert all(hit.lexical_score == hit.score and hit.dense_score is None for hit in lexical)
    dense = retriever(strategy=Strategy.DENSE).search(LANETAK, 3)
    assert all(hit.dense_score == hit.score and hit.lexical_score is None for hit in dense)
    assert all(-1.0 <= hit.score <= 1.0 for hit in dense)
    hybrid = retriever().search(LANETAK, 3)
    assert all(hit.lexical_score is not None for hit in hybrid)
    assert any(hit.dense_score is not None for hit in hybrid)


def test_dense_finds_a_paraphrase(retriever):
    # "vård av tänderna" shares no stem with "tandvård"; the embedding still relates them.
    query = "vård av tänderna för barn"
    assert "tandvård" not in stems(query)
    hits = retriever(strategy=Strategy.DENSE).search(query, 3)
    assert any("tandvård" in hit.passage.text.lower() for hit in hits)


@pytest.mark.parametrize("strategy", list(Strategy))
def test_documents_filter_restricts_hits(retriever, strategy):
    search = retriever(strategy=strategy).search
    assert search(LANETAK, 1)[0].passage.doc_id == PLAN_2026
    for documents in ({PLAN_2020}, {PLAN_2020, TERTIAL}):
        hits = search(LANETAK, 5, documents)
        assert len(hits) == 5
        assert {hit.passage.doc_id for hit in hits} <= documents


@pytest.mark.parametrize("strategy", list(Strategy))
def test_filter_on_unknown_document_finds_nothing(retriever, strategy):
    assert retriever(strategy=strategy).search(LANETAK, 5, {"finns-inte.txt"}) == []


def test_query_of_stop_words_finds_nothing_lexically(retriever):
    assert retriever(strategy=Strategy.LEXICAL).search("vad är det", 5) == []


class TestContext:
    def test_hit_context_includes_neighbouring_passages(self, retriever, seed_data):
        hit = retriever(strategy=Strategy.LEXICAL).search(LANETAK, 1)[0]
        position = seed_data.passages.index(hit.passage)
        previous, following = seed_data.passages[position - 1], seed_data.passages[position + 1]
        assert previous.doc_id == following.doc_id == hit.passage.doc_id
        assert hit.context == "\n".join([previous.text, hit.passage.text, following.text])

    def test_neighbours_setting_widens_the_context(self, retriever, seed_data):
        position = 10
        texts = [passage.text for passage in seed_data.passages[position - 2 : position + 3]]
        assert retriever(neighbours=0).context(position) == texts[2]
        assert retriever(neighbours=2).context(position) == "\n".join(texts)

    def test_context_stops_at_the_document_boundary(self, retriever, seed_data):
        passages = seed_data.passages
        first = next(i for i in range(1, len(passages)) if passages[i].doc_id != passages[i - 1].doc_id)
        assert passages[first].order == 0
        assert retriever().context(first) == f"{passages[first].text}\n{passages[first + 1].text}"
        assert retriever().context(first - 1) == f"{passages[first - 2].text}\n{passages[first - 1].text}"


# A handful of questions (fact, owner, multi) on which the small dense weight leaves the lexical top 3 as it is.
# Not all do: on a few (D15 when this was written) it reorders the top 3, hence the evidence test below.
SAME_TOP_3 = ["D04", "D07", "D09", "D11", "D14", "D28", "D30"]


@pytest.mark.parametrize(
    "question", [q for q in dev_questions("fact", "owner", "multi") if q["id"] in SAME_TOP_3], ids=question_id
)
def test_hybrid_keeps_the_lexical_top_3(retriever, question):
    assert ids(retriever().search(question["q"], 3)) == ids(retriever(strategy=Strategy.LEXICAL).search(question["q"], 3))


@pytest.mark.parametrize("question", dev_questions("fact", "owner", "multi"), ids=question_id)
def test_hybrid_finds_all_evidence_lexical_finds(retriever, question):
    # The dense ranking may reorder the top 3, but must never push evidence out of it.
    def found(hits):
        contexts = [normalise_for_match(hit.context) for hit in hits]
        return {evidence for evidence in question["evidence"] if any(normalise_for_match(evidence) in c for c in contexts)}

    assert found(retriever().search(question["q"], 3)) >= found(retriever(strategy=Strategy.LEXICAL).search(question["q"], 3))


def test_by_id(retriever, seed_data):
    passage = seed_data.passages[42]
    assert retriever().by_id(passage.id) == passage
    assert retriever().by_id("0" * 16) is None


class TestLoad:
    def test_lexical_load_needs_no_model(self, built_index):
        loaded = Retriever.load(
            built_index.index_dir, built_index.model, SearchConfig(strategy=Strategy.LEXICAL), built_index.chunking
        )
        assert loaded.embedder is None
        assert loaded.search(LANETAK, 1)[0].passage.doc_id == PLAN_2026

    def test_index_built_with_other_chunking_is_refused(self, built_index):
        with pytest.raises(IndexNotBuilt, match="annan uppdelning"):
            Retriever.load(built_index.index_dir, built_index.model, SearchConfig(), ChunkingConfig(chunk_size=300))

    def test_index_built_with_other_model_is_refused(self, built_index, tmp_path):
        with pytest.raises(IndexNotBuilt, match="byggdes med modellen all-MiniLM-L6-v2"):
            Retriever.load(built_index.index_dir, str(tmp_path), SearchConfig(), built_index.chunking)

    def test_missing_index(self, tmp_path):
        with pytest.raises(IndexNotBuilt, match="python -m assistant ingest"):
            Retriever.load(tmp_path / "index", "all-MiniLM-L6-v2", SearchConfig(), ChunkingConfig())


def test_position_of_line_finds_the_first_passage_holding_the_line(seed_data):
    retriever = Retriever(seed_data, None, SearchConfig(strategy=Strategy.LEXICAL))
    for passage in seed_data.passages[::7]:
        line = passage.source_lines[0]
        expected = next(
            i
            for i, other in enumerate(seed_data.passages)
            if other.doc_id == passage.doc_id and other.source_lines[0] <= line <= other.source_lines[1]
        )
        assert retriever.position_of_line(passage.doc_id, line) == expected
    assert retriever.position_of_line("finns-inte.txt", 1) is None
    assert retriever.position_of_line(seed_data.passages[0].doc_id, None) is None


class TestContextPages:
    """A hit names every page its shown text (the passage and its neighbours) is on: its own first, at most three."""

    def retriever(self, pages: list[tuple[int, tuple[tuple[int, int], ...]]], neighbours: int = 1) -> Retriever:
        import numpy as np

        from index.store import IndexData
        from ingest.models import Passage

        passages = [
            Passage("plan.pdf", "Plan", ("Ekonomi",), page, f"Stycke {order}.", order, (order, order), page_breaks=breaks)
            for order, (page, breaks) in enumerate(pages)
        ]
        data = IndexData(passages, np.zeros((len(passages), 4), dtype=np.float32))
        return Retriever(data, None, SearchConfig(strategy=Strategy.LEXICAL, neighbours=neighbours))

    def test_neighbours_on_other_pages_are_named(self):
        retriever = self.retriever([(11, ()), (12, ()), (13, ())])

        assert retriever.context_pages(1) == (11, 12, 13)
        assert retriever.hit(1).pages == (11, 12, 13)
        assert retriever.context_pages(0) == (11, 12)

    def test_at_most_three_pages_the_hits_own_first(self):
        retriever = self.retriever([(10, ((5, 11),)), (12, ((3, 13),)), (14, ((4, 15),))])

        assert retriever.context_pages(1) == (11, 12, 13)

    def test_text_files_have_no_pages(self):
        retriever = self.retriever([(None, ()), (None, ())])

        assert retriever.context_pages(0) == ()
