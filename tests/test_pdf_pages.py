"""A PDF with known page contents, through ingest, index, answer and page view: every citation's pages, every highlight.

Three A4 pages with a running header and a "Sida N av 3" footer: a sentence that runs over the
first page break, words hyphenated at line ends (one broken word, one coordination), and a table
whose rows continue on the last page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.compose import citation_heading
from index import build_index
from index.search import Retriever
from ingest import build_corpus
from ingest.text import normalise_for_match
from tests.pdfs import write_pages
from ui.pdf_page import layout, page_views

TITLE = "Regionplan för provning 2026–2028"
PAGES = (
    (
        "Ekonomiska förutsättningar",
        "Regionens ekonomi påverkas av många fak-",
        "torer, bland annat befolkningens ålder och hälso-",
        "och sjukvårdens kostnader för läkemedel.",
        "",
        "Balanskravet",
        "Ett negativt balanskravsresultat ska enligt kommunallagen återställas",
    ),
    (
        "inom tre år efter det år då underskottet uppkom.",
        "Regionfullmäktige får besluta att återställandet sker senare om det finns synnerliga skäl.",
        "",
        "Tabell 5. Investeringsbudget, mkr",
        "Budget Plan Plan",
        "2026 2027 2028",
        "Fastigheter 140,0 150,0 160,0",
        "Medicinteknisk utrustning 50,0 52,0 54,0",
    ),
    (
        "IT-investeringar 15,0 16,0 17,0",
        "Summa investeringar 205,0 218,0 231,0",
        "",
        "Kollektivtrafik",
        "Kollektivtrafiknämnden ska utveckla linjer, zoner och prismodell för en jämlik kollektivtrafik.",
    ),
)
HEADINGS = {"Ekonomiska förutsättningar", "Balanskravet", "Tabell 5. Investeringsbudget, mkr", "Kollektivtrafik"}
"""Lines that are section headings: a passage's section path, never its text."""
QUESTIONS = (
    "Inom hur många år ska ett negativt balanskravsresultat återställas?",
    "Vilka faktorer påverkar regionens ekonomi?",
    "Hur mycket ska investeras i IT 2027?",
    "Vad ska kollektivtrafiknämnden utveckla?",
)


def write_documents(folder: Path) -> Path:
    """A documents folder with the three known pages as provplan.pdf and a manifest giving its title."""
    folder.mkdir(parents=True, exist_ok=True)
    write_pages(folder / "provplan.pdf", PAGES, title=TITLE)
    (folder / "manifest.toml").write_text(f'["provplan.pdf"]\ntitle = "{TITLE}"\n', encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    return write_documents(tmp_path_factory.mktemp("pdf-pages") / "documents")


@pytest.fixture(scope="module")
def assistant(documents, embedder, tmp_path_factory) -> Assistant:
    settings = Settings.from_env({}, documents_dir=documents, index_dir=tmp_path_factory.mktemp("pdf-index"))
    build_index(settings.documents_dir, settings.index_dir, settings.model, settings.chunking, embedder=embedder)
    return Assistant.load(settings)


def printed_on(text: str) -> tuple[int, ...]:
    """The pages of the lines (of PAGES) whose text the given text holds: where it is printed."""
    folded = normalise_for_match(text)
    return tuple(
        sorted({n for n, lines in enumerate(PAGES, 1) for line in lines if line and normalise_for_match(line) in folded})
    )


def test_the_table_over_the_page_break_is_one_table_with_both_pages(documents):
    (document,) = build_corpus(documents).documents
    (table,) = document.tables

    assert table.rows == ("Fastigheter", "Medicinteknisk utrustning", "IT-investeringar", "Summa investeringar")
    assert table.pages == (2, 3)
    assert {cell.row_label: cell.page for cell in table.cells} == {
        "Fastigheter": 2,
        "Medicinteknisk utrustning": 2,
        "IT-investeringar": 3,
        "Summa investeringar": 3,
    }
    assert table.cell("IT-investeringar", "Plan 2027").raw == "16,0"


def test_passages_hold_no_furniture_and_joined_words(assistant):
    texts = " ".join(passage.text for passage in assistant.retriever.passages)

    assert "Sida 1 av 3" not in texts and TITLE not in texts
    assert "många faktorer, bland annat befolkningens ålder och hälso- och sjukvårdens" in texts


def test_a_passage_over_the_page_break_knows_where_its_second_page_starts(assistant):
    passage = next(p for p in assistant.retriever.passages if "återställas inom tre år" in p.text)

    assert passage.pages == (1, 2)
    assert passage.page_at(passage.text.index("återställas")) == 1
    assert passage.page_at(passage.text.index("inom tre år")) == 2


@pytest.mark.parametrize("question", QUESTIONS)
def test_every_citation_names_the_pages_its_text_is_printed_on(assistant, question):
    answer = assistant.answer(question)

    assert answer.citations
    for citation in answer.citations:
        passage = assistant.retriever.by_id(citation.passage_id)
        assert citation.page == printed_on(passage.text)[0]
        assert citation.pages == printed_on(citation.text)
        assert citation.to_dict()["pages"] == list(citation.pages)


def test_evidence_over_the_page_break_is_cited_with_both_pages(assistant):
    holding = [c for c in assistant.answer(QUESTIONS[0]).citations if "återställas inom tre år" in c.text]

    assert holding
    for citation in holding:
        assert {1, 2} <= set(citation.pages)
        assert citation_heading(1, citation).endswith(f" – s. 1–{citation.pages[-1]}")


def test_a_table_answer_cites_the_page_of_its_row(assistant):
    answer = assistant.answer(QUESTIONS[2])

    assert "16,0" in answer.text
    first = answer.citations[0]
    assert "IT-investeringar 15,0 16,0 17,0" in first.text
    assert 3 in first.pages


@pytest.mark.parametrize("question", QUESTIONS)
def test_the_page_view_highlights_exactly_the_cited_passage_lines(assistant, documents, question):
    retriever: Retriever = assistant.retriever
    for citation in assistant.answer(question).citations:
        passage = retriever.by_id(citation.passage_id)
        views = page_views(documents / citation.document, passage, citation.title)

        assert [view.number for view in views] == list(passage.pages)
        folded = normalise_for_match(passage.text)
        for view in views:
            lines = [line for line in PAGES[view.number - 1] if line and line not in HEADINGS]
            expected = [line for line in lines if normalise_for_match(line) in folded]
            assert list(view.lines) == expected
            assert view.png.startswith(b"\x89PNG")
            assert view.alt.startswith(f"Sida {view.number} av 3 i {TITLE} som bild.")


def test_the_page_view_numbers_lines_as_ingest_did(assistant, documents):
    pages = layout(documents / "provplan.pdf")
    by_line = {
        first + i: line.text for first, lines in zip(pages.first_lines, pages.pages, strict=True) for i, line in enumerate(lines)
    }

    for passage in assistant.retriever.passages:
        first, last = passage.source_lines
        assert by_line[first].split()[0] in passage.text
        assert by_line[last].split()[-1].rstrip("-") in passage.text


@pytest.fixture
def app(assistant, documents, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    monkeypatch.setenv("PA_DOCUMENTS_DIR", str(documents))
    monkeypatch.setenv("PA_INDEX_DIR", str(assistant.settings.index_dir))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    app.chat_input[0].set_value("Vad gäller för ett negativt balanskravsresultat enligt kommunallagen?").run()
    return app


def test_the_chat_shows_a_cited_pdf_page_behind_a_toggle(app):
    toggle = app.toggle[0]
    assert toggle.label.startswith("Visa s. ") and toggle.label.endswith(" i PDF:en med det citerade markerat")

    toggle.set_value(True).run()

    assert not app.exception
    images = [image for element in app.image for image in element.proto.imgs]
    assert images
    assert all(image.alt.startswith(f"Sida {image.caption.split()[1]} av 3 i {TITLE} som bild.") for image in images)
    assert any(markdown.value.startswith("**Markerat på sida") for markdown in app.markdown)


def test_a_pdf_changed_since_it_was_indexed_is_not_shown(app, documents):
    path = documents / "provplan.pdf"
    original = path.read_bytes()
    try:
        path.write_bytes(original + b"\n% changed\n")
        app.toggle[0].set_value(True).run()
    finally:
        path.write_bytes(original)

    assert not app.exception
    assert len(app.image) == 0
    assert "har ändrats sedan den indexerades – indexera om" in app.warning[0].value
