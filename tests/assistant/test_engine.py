"""The assistant over the real documents: cited answers, abstention, filters, bad questions."""

from __future__ import annotations

import pytest

from assistant.compose import citation_heading, citations_markdown, split_sentences
from assistant.evaluate import lead_figures


def test_answer_cites_the_assignment_passage(seed_assistant):
    answer = seed_assistant.answer("Vem ska tillhandahålla en säker vård där vårdskador förebyggs?")
    assert not answer.abstained
    top3 = " ".join(citation.text for citation in answer.citations[:3])
    assert "Regionstyrelsen och hälso- och sjukvårdsnämnden ska tillhandahålla en säker vård" in top3
    assert "[1]" in answer.text or "[2]" in answer.text or "[3]" in answer.text


def test_every_citation_names_document_title_and_section(seed_assistant):
    answer = seed_assistant.answer("Vad innebär god ekonomisk hushållning?")
    assert answer.citations
    for citation in answer.citations:
        assert citation.document and citation.title and citation.section
        assert citation.page is None  # the shipped documents are text files without pages


def test_off_topic_question_abstains(seed_assistant):
    answer = seed_assistant.answer("Hur lång är inkubationstiden för vattkoppor?")
    assert answer.abstained and answer.calculation is None
    assert "inget stöd" in answer.text or "ingen siffra" in answer.text
    assert lead_figures(answer.text) == []


@pytest.mark.parametrize("question", ["", "   ", "\n\t"])
def test_empty_question_asks_for_a_question(seed_assistant, question):
    answer = seed_assistant.answer(question)
    assert answer.abstained and answer.intent == "empty" and not answer.citations


def test_very_long_and_odd_questions_are_answered_without_error(seed_assistant):
    for question in ("lånetak " * 5000, "😀🚌 ∑∞ <script>", "0" * 300, "ÅÄÖ-åäö!!!"):
        answer = seed_assistant.answer(question)
        assert isinstance(answer.text, str) and answer.latency_ms >= 0


def test_document_filter_restricts_citations(seed_assistant):
    answer = seed_assistant.answer("Hur stor är investeringsramen?", documents={"regionplan-med-budget-2020-2022.txt"})
    assert answer.citations
    assert {citation.document for citation in answer.citations} == {"regionplan-med-budget-2020-2022.txt"}


def test_citation_heading_and_source_list(seed_assistant):
    answer = seed_assistant.answer("Vilket lånetak gäller för 2027?")
    heading = citation_heading(1, answer.citations[0])
    assert heading.startswith("[1] Regionplan och budget 2026–2028 – ")
    assert citations_markdown(answer.citations).count("\n") == len(answer.citations) - 1


def test_split_sentences_keeps_list_items_apart():
    text = "Första meningen. Andra meningen!\n• En punkt\n• 2027 års plan"
    assert split_sentences(text) == ["Första meningen.", "Andra meningen!", "En punkt", "2027 års plan"]


def test_unreachable_llm_endpoint_falls_back_to_the_extractive_answer(seed_assistant):
    from assistant import Assistant
    from assistant.generate import GenerationConfig

    question = "Vad innebär god ekonomisk hushållning?"
    offline = GenerationConfig(base_url="http://127.0.0.1:9/v1", model="test", timeout_s=0.5)
    with_llm = Assistant(seed_assistant.settings, seed_assistant.retriever, offline)
    assert with_llm.answer(question).text == seed_assistant.answer(question).text


def test_another_regions_figure_is_never_calculated_from_ours(seed_assistant):
    answer = seed_assistant.answer("Vilken skattesats har Region Stockholm?")
    assert answer.calculation is None
    assert "11,70" not in answer.text and "skatteöre" not in answer.text
    own = seed_assistant.answer("Vad ger ett skatteöre för Region Jämtland Härjedalen?")
    assert own.calculation is not None


@pytest.mark.parametrize(
    "question",
    [
        "Vilken skattesats har Region Norrbotten?",  # a region no document names
        "Hur stort var regionens underskott 1998?",  # a year no document names
        "Hur stor andel av sexåringarna i länet är kariesfria?",  # named, but no figure in the documents
    ],
)
def test_unsupported_questions_abstain_without_a_figure(seed_assistant, question):
    answer = seed_assistant.answer(question)
    assert answer.abstained and answer.calculation is None


def no_figure(seed_assistant, question: str):
    """The answer to ``question``, checked to abstain with no calculation and no figure in its first 250 characters."""
    answer = seed_assistant.answer(question)
    assert answer.abstained and answer.calculation is None
    assert lead_figures(answer.text) == []
    return answer


class TestNoFigureForWhatTheDocumentsDoNotCover:
    """Questions the documents cannot answer get no figure, and the answer names what is missing.

    "Wrong figure never leads": the first 250 characters of each answer hold no figure at all
    (``assistant.evaluate.lead_figures``, the eval's own definition).
    """

    @pytest.mark.parametrize(
        ("question", "missing"),
        [
            ("Hur stora skatteintäkter har Region Skåne 2026?", "Region Skåne"),
            ("Vad är lånetaket för Uppsala kommun 2027?", "Uppsala kommun"),
            ("Hur mycket tjänar Norge på skatter?", "Norge"),
        ],
    )
    def test_another_organisation(self, seed_assistant, question, missing):
        answer = no_figure(seed_assistant, question)
        assert "Dokumenten nämner inte" in answer.text and missing in answer.text

    @pytest.mark.parametrize(
        ("question", "missing"),
        [
            # asked in words ("Vilket resultat …"): sentences about the region's own figures answer nothing
            ("Vilket resultat har Region Dalarna budgeterat för 2027?", "Region Dalarna"),
            # only tertialrapport 1 is indexed: "tredje tertialet" names a document that is not there
            ("Vilken sjukfrånvaro hade regionstaben under tredje tertialet 2026?", "finns inte bland dokumenten"),
        ],
    )
    def test_what_no_passage_names(self, seed_assistant, question, missing):
        answer = no_figure(seed_assistant, question)
        assert missing in answer.text

    @pytest.mark.parametrize(
        ("question", "board"),
        [
            ("Vilken budgetram har kulturnämnden 2026?", "kulturnämnden"),
            ("Hur stor budget har tandvårdsnämnden för 2027?", "tandvårdsnämnden"),
        ],
    )
    def test_a_board_that_does_not_exist(self, seed_assistant, question, board):
        answer = no_figure(seed_assistant, question)
        assert f"Dokumenten nämner inte {board}" in answer.text

    @pytest.mark.parametrize(
        ("question", "missing"),
        [
            # Tabell 2/4 of the plans give skatteintäkter 2018–2022 and 2024–2030
            ("Hur stora var skatteintäkterna 2015?", "år 2015"),
            # Tabell 7 (2026–2028) gives the lånetak for 2026–2028; no document names 2031
            ("Vilket lånetak gäller för 2031?", "2031"),
        ],
    )
    def test_a_year_no_document_gives_for_the_measure(self, seed_assistant, question, missing):
        answer = no_figure(seed_assistant, question)
        assert missing in answer.text

    @pytest.mark.parametrize(
        "question",
        [
            # The investment frames are 2020–2022 (old plan) and 2025–2028 (new plan): 2024 is in neither
            "Hur stor var investeringsramen 2024?",
            # Tertialrapport 1 2026 gives sjukfrånvaro for 2026 only
            "Hur stor var sjukfrånvaron bland medarbetarna 2025?",
        ],
    )
    def test_a_year_between_the_documents(self, seed_assistant, question):
        no_figure(seed_assistant, question)

    @pytest.mark.parametrize(
        "question",
        [
            "Hur mycket kostar en ny ambulans?",
            "Hur mycket kostar parkeringen vid Östersunds sjukhus?",
            "Hur många vårdplatser har Östersunds sjukhus?",
        ],
    )
    def test_a_measure_the_documents_never_state(self, seed_assistant, question):
        no_figure(seed_assistant, question)

    def test_a_count_the_documents_never_state(self, seed_assistant):
        no_figure(seed_assistant, "Hur många anställda har regionen?")


@pytest.mark.parametrize(
    ("question", "figure", "not_figure"),
    [
        # Tertialrapport 1 2026: "Hög säkerhet i nätverksansluten hårdvara 60 % 70 %" and the mjukvara row (43)
        ("Hur stor andel av hårdvaran i IT-miljön har hög säkerhet enligt T1?", "60 %", "43"),
        ("Hur stor andel av mjukvaran i IT-miljön har hög säkerhet enligt T1?", "43", "60 %"),
    ],
)
def test_the_figure_naming_more_of_what_is_specific_is_chosen(seed_assistant, question, figure, not_figure):
    lead = seed_assistant.answer(question).text.split("\n")[0]
    assert figure in lead and not_figure not in lead
