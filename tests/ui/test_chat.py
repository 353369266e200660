"""The chat page's pure helpers: Markdown download, calculation steps, source cells, document filter."""

from __future__ import annotations

from types import SimpleNamespace

from assistant.compose import STEPS_HEADING
from assistant.models import Answer, Citation
from ui.chat import (
    answer_lead,
    answer_markdown,
    calculation_steps,
    combined_filter,
    document_choices,
    document_years,
    documents_in_years,
    download_name,
    escape_markdown,
    highlight_matches,
    selected_documents,
    source_cells,
    year_choices,
)

CITATION = Citation("p1", "plan.txt", "Regionplan och budget 2026–2028", "Tabell 3", None, "IB −1 005\nUB 55", 1.0)
CALCULATION = {
    "steps": ["IB 2026: -1 005 mkr.", "UB 2029: -214 mkr ej återställt."],
    "sources": [
        {
            "table_id": "regionplan-och-budget-2026-2028.txt#tabell-3",
            "row_label": "IB ackumulerade ej återställda negativa resultat*",
            "col_label": "Plan 2026",
            "raw": "-1 005",
            "value": "-1005",
            "source_line": 1399,
        }
    ],
}


class TestAnswerMarkdown:
    def test_question_answer_and_quoted_sources(self):
        answer = Answer("Hur stort är underskottet?", "UB 2029: -214 mkr [1]", (CITATION,))
        assert answer_markdown(answer) == (
            "# Hur stort är underskottet?\n\nUB 2029: -214 mkr [1]\n\n## Källor\n\n"
            "### [1] Regionplan och budget 2026–2028 – Tabell 3\n\n> IB −1 005\n> UB 55\n"
        )

    def test_without_sources_no_source_heading(self):
        assert "Källor" not in answer_markdown(Answer("Vad?", "Inget stöd.", abstained=True))

    def test_file_name_numbers_the_answer(self):
        assert download_name(Answer("Vad?", "Svar."), 3) == "svar-3.md"


class TestCalculation:
    def test_steps_are_numbered(self):
        assert calculation_steps(CALCULATION) == ["1. IB 2026: -1 005 mkr.", "2. UB 2029: -214 mkr ej återställt."]

    def test_no_calculation_no_steps(self):
        assert calculation_steps(None) == []

    def test_source_cells_in_swedish(self):
        frame = source_cells(CALCULATION)
        assert list(frame.columns) == ["Tabell", "Rad", "Kolumn", "Värde", "Rad i dokumentet"]
        assert frame.iloc[0].tolist() == [
            "regionplan-och-budget-2026-2028.txt, tabell 3",
            "IB ackumulerade ej återställda negativa resultat*",
            "Plan 2026",
            "-1 005",
            "1399",
        ]

    def test_a_cell_without_a_line_shows_no_python_word(self):
        cell = {**CALCULATION["sources"][0], "source_line": None, "raw": None}
        assert source_cells({"sources": [cell]}).iloc[0].tolist()[-2:] == ["", ""]

    def test_no_sources_empty_frame(self):
        assert source_cells(None).empty


class TestAnswerLead:
    """One explanation per answer: the chat shows a calculation's steps once, in their expander, not in the text too."""

    def test_a_calculation_answer_shows_its_result_and_no_steps(self):
        steps = "1. IB 2026: -1 005 mkr.\n2. UB 2029: -214 mkr ej återställt."
        text = f"UB 2029: -214 mkr ej återställt. [1]\n\n{STEPS_HEADING}\n{steps}"
        lead = answer_lead(Answer("Hur stort?", text, (CITATION,), calculation=CALCULATION))
        assert lead == "UB 2029: -214 mkr ej återställt. [1]"
        assert STEPS_HEADING not in lead and "IB 2026" not in lead

    def test_an_answer_without_calculation_is_shown_whole(self):
        text = f"Lånetaket är 850 mkr. [1]\n\n{STEPS_HEADING} står inte här i en beräkning."
        assert answer_lead(Answer("Vad?", text, (CITATION,))) == text

    def test_the_download_keeps_the_steps_once(self):
        text = f"UB 2029: -214 mkr. [1]\n\n{STEPS_HEADING}\n1. IB 2026: -1 005 mkr."
        markdown = answer_markdown(Answer("Hur stort?", text, (CITATION,), calculation=CALCULATION))
        assert markdown.count(STEPS_HEADING) == 1 and markdown.count("IB 2026: -1 005 mkr.") == 1


DOCUMENTS = {"b.txt": {"title": "Tertialrapport 1 2026"}, "a.txt": {"title": "Regionplan 2026–2028"}, "c.txt": {}}


class TestDocumentFilter:
    def test_choices_by_title(self):
        assert document_choices(DOCUMENTS) == {
            "Regionplan 2026–2028": "a.txt",
            "Tertialrapport 1 2026": "b.txt",
            "c.txt": "c.txt",
        }

    def test_selected_ids(self):
        assert selected_documents(["Tertialrapport 1 2026"], document_choices(DOCUMENTS)) == {"b.txt"}

    def test_nothing_selected_means_all(self):
        assert selected_documents([], document_choices(DOCUMENTS)) is None


def test_highlight_bolds_every_form_of_the_questions_words():
    marked = highlight_matches("Lånetak 2027. Lånetaket höjs; lånet betalas.", "Vilket lånetak gäller för 2027?")
    assert marked == "**Lånetak** **2027**\\. **Lånetaket** höjs; lånet betalas\\."


def test_highlight_escapes_markdown_in_the_passage():
    marked = highlight_matches("# Rubrik\n* punkt [länk](x) _kursiv_ `kod` 1. :red[text]", "rubrik")
    assert marked == "\\# **Rubrik**  \n\\* punkt \\[länk\\]\\(x\\) \\_kursiv\\_ \\`kod\\` 1\\. \\:red\\[text\\]"
    assert escape_markdown("**") == "\\*\\*"


def test_highlight_without_matches_is_the_escaped_passage():
    assert highlight_matches("Inget här.", "lånetak") == "Inget här\\."


PASSAGES = [
    SimpleNamespace(doc_id="plan.txt", year_span=(2026, 2027)),
    SimpleNamespace(doc_id="t1.txt", year_span=(2023,)),
    SimpleNamespace(doc_id="t1.txt", year_span=()),
]
YEAR_DOCUMENTS = {"plan.txt": {"period": "2026–2028"}, "t1.txt": {"period": "2025"}, "tom.txt": {}}


def test_year_filter_chooses_documents_by_period_and_passage_years():
    years = document_years(PASSAGES, YEAR_DOCUMENTS)
    assert years == {"plan.txt": {2026, 2027, 2028}, "t1.txt": {2023, 2025}, "tom.txt": set()}
    assert year_choices(years) == [2023, 2025, 2026, 2027, 2028]
    assert documents_in_years([], years) is None
    assert documents_in_years([2028], years) == {"plan.txt"}
    assert documents_in_years([2023, 2027], years) == {"plan.txt", "t1.txt"}


def test_filters_combine_by_intersection():
    assert combined_filter(None, None) is None
    assert combined_filter({"a"}, None) == {"a"}
    assert combined_filter({"a", "b"}, {"b", "c"}) == {"b"}
    assert combined_filter({"a"}, {"b"}) == set()
