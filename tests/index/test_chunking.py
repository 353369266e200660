"""Section-aware chunking, checked on the shipped documents and on literal sections."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from index.chunking import ChunkingConfig, chunk_document, index_text, table_header
from ingest.models import Paragraph, Passage, Section

PLAN_2026 = "regionplan-och-budget-2026-2028.txt"
DEFAULT = ChunkingConfig()


@pytest.fixture(scope="module")
def chunked(seed_corpus):
    """Every shipped document with its passages at the default chunk size."""
    return [(document, chunk_document(document, DEFAULT)) for document in seed_corpus.documents]


@pytest.fixture(scope="module")
def plan(seed_corpus):
    return next(document for document in seed_corpus.documents if document.doc_id == PLAN_2026)


def squeeze(text: str) -> str:
    return "".join(text.split())


_lines = itertools.count(1)


def paragraph(text: str) -> Paragraph:
    """A one-line paragraph of a plain-text document."""
    line = next(_lines)
    return Paragraph(text, None, line, line)


def test_every_document_yields_passages(chunked):
    assert len(chunked) == 5
    assert all(passages for _document, passages in chunked)


@pytest.mark.parametrize("chunk_size", [600, 250])
def test_passages_cover_each_section_in_order_and_never_cross_it(seed_corpus, chunk_size):
    # Walk sections and passages together: each section's text, whitespace aside, is exactly the
    # concatenation of the next passages, and those passages all carry that section's path.
    config = ChunkingConfig(chunk_size=chunk_size)
    for document in seed_corpus.documents:
        passages = iter(chunk_document(document, config))
        for section in document.sections:
            if not section.paragraphs:
                continue
            expected = squeeze("\n\n".join(paragraph.text for paragraph in section.paragraphs))
            taken = ""
            while len(taken) < len(expected):
                passage = next(passages)
                assert passage.section_path == section.path, passage
                taken += squeeze(passage.text)
            assert taken == expected, section
        assert next(passages, None) is None


@pytest.mark.parametrize("chunk_size", [600, 250])
def test_passages_are_at_most_chunk_size(seed_corpus, chunk_size):
    # The splitter's last separator is "" (single characters), so no piece can exceed the size.
    config = ChunkingConfig(chunk_size=chunk_size)
    lengths = [len(p.text) for document in seed_corpus.documents for p in chunk_document(document, config)]
    assert max(lengths) <= chunk_size
    assert min(lengths) > 0


def test_smaller_chunks_give_more_passages(seed_corpus, chunked):
    small = sum(len(chunk_document(document, ChunkingConfig(chunk_size=250))) for document in seed_corpus.documents)
    assert small > sum(len(passages) for _document, passages in chunked)


def test_order_runs_from_zero_per_document(chunked):
    for _document, passages in chunked:
        assert [passage.order for passage in passages] == list(range(len(passages)))


def test_passages_carry_their_document(chunked):
    for document, passages in chunked:
        assert {(p.doc_id, p.doc_title) for p in passages} == {(document.doc_id, document.meta.title)}
        assert all(p.source_lines[0] <= p.source_lines[1] for p in passages)


def test_ids_are_unique_and_stable_across_runs(seed_corpus, chunked):
    first = [p.id for _document, passages in chunked for p in passages]
    second = [p.id for document in seed_corpus.documents for p in chunk_document(document, DEFAULT)]
    assert first == second
    assert len(set(first)) == len(first)


def test_id_changes_only_where_text_changes(plan):
    target = next(i for i, section in enumerate(plan.sections) if len(section.paragraphs) == 1)
    section = plan.sections[target]
    edited_paragraph = dataclasses.replace(section.paragraphs[0], text=section.paragraphs[0].text + " Tillägg.")
    sections = list(plan.sections)
    sections[target] = dataclasses.replace(section, paragraphs=(edited_paragraph,))
    before = chunk_document(plan, DEFAULT)
    after = chunk_document(dataclasses.replace(plan, sections=tuple(sections)), DEFAULT)

    changed = [(old.id, new.id) for old, new in zip(before, after, strict=True) if old.text != new.text]
    assert len(changed) == 1
    assert changed[0][0] != changed[0][1]
    unchanged = [(old.id, new.id) for old, new in zip(before, after, strict=True) if old.text == new.text]
    assert all(old == new for old, new in unchanged)


def test_index_text_starts_with_title_and_section_path(chunked):
    for document, passages in chunked:
        for passage in passages:
            lines = passage.index_text.split("\n")
            assert lines[0] == document.meta.title
            assert lines[1] == " > ".join(passage.section_path)
            assert passage.index_text.endswith(passage.text)


def test_index_text_of_table_passage_has_caption_and_column_headers(plan):
    section = next(s for s in plan.sections if s.title.startswith("Tabell 1."))
    header = table_header(section)
    passages = [p for p in chunk_document(plan, ChunkingConfig(chunk_size=150)) if p.section_path == section.path]
    assert len(passages) > 1
    for passage in passages:
        assert "Tabell 1. Finansiella mål." in passage.index_text
        assert header in passage.index_text


class TestTableHeader:
    def test_on_a_shipped_table_stops_before_the_first_row_of_figures(self, plan):
        # Regionplan och budget 2026–2028, tabell 3 "Plan för återställande av underskott".
        section = next(s for s in plan.sections if s.title.startswith("Tabell 3."))
        header = table_header(section)
        assert header.startswith("Återställande balanskrav, mkr Prognos 2025 Plan 2026 Plan 2027")
        assert "-675" not in header

    def test_keeps_rows_of_years_and_stops_at_figures(self):
        section = Section(
            ("Tabell 5. Personal.",),
            (
                paragraph("Antal anställda"),
                paragraph("Utfall Budget 2025 2026"),
                paragraph("Sjuksköterskor 1 210 1 230"),
                paragraph("Undersköterskor 980 990"),
            ),
        )
        assert table_header(section) == "Antal anställda Utfall Budget 2025 2026"

    def test_is_none_outside_tables(self):
        assert table_header(Section(("Målområde för Tandvård",), (paragraph("Tandvård 2025 2026"),))) is None

    def test_is_none_when_the_table_starts_with_figures(self):
        assert table_header(Section(("Tabell 7. Lånevolym.",), (paragraph("Lånetak 750 850 950"),))) is None

    def test_is_cut_at_300_characters(self):
        long = Section(("Tabell 9. Lång.",), tuple(paragraph("Kolumnrubrik " * 10) for _ in range(5)))
        assert len(table_header(long)) == 300


def test_index_text_adds_header_only_when_missing():
    section = Section(("Tabell 5. Personal.",), (paragraph("Utfall Budget 2025 2026"), paragraph("Läkare 410 415")))
    assert index_text("Plan", section, "Läkare 410 415") == "Plan\nTabell 5. Personal.\nUtfall Budget 2025 2026\nLäkare 410 415"
    assert index_text("Plan", section, "Utfall Budget 2025 2026\n\nLäkare 410 415").count("Utfall") == 1


class TestPages:
    """A passage knows the page it starts on, where its text moves to the next page, and its own source lines."""

    def document(self, *lines):
        from ingest.models import Document, DocumentMeta, Line

        paragraph = Paragraph.from_lines([Line(text, page, number) for number, (page, text) in enumerate(lines, start=1)])
        section = Section(("Ekonomi",), (paragraph,))
        return Document(DocumentMeta("plan.pdf", "Plan"), "hash", (section,), page_count=3)

    def test_a_paragraph_over_a_page_break_gives_its_passage_both_pages(self):
        document = self.document((1, "Ett negativt resultat ska"), (2, "återställas inom tre år."))

        (passage,) = chunk_document(document, DEFAULT)

        assert passage.page == 1 and passage.pages == (1, 2)
        assert passage.page_breaks == ((len("Ett negativt resultat ska "), 2),)
        assert passage.page_at(passage.text.index("återställas")) == 2
        assert passage.page_at(0) == 1
        assert passage.source_lines == (1, 2)

    def test_a_passage_cut_from_the_middle_of_a_paragraph_starts_on_its_own_page(self):
        sentence = "Regionen arbetar vidare med en ekonomi i balans och en god och nära vård för alla invånare."
        lines = [(1 + number // 10, f"{sentence[:-1]} {number}.") for number in range(30)]
        document = self.document(*lines)

        passages = chunk_document(document, ChunkingConfig(chunk_size=250))

        assert len(passages) > 5
        for passage in passages:
            numbers = [int(word.rstrip(".")) for word in passage.text.split() if word.rstrip(".").isdigit()]
            expected = sorted({1 + number // 10 for number in numbers})
            assert passage.pages == tuple(expected), passage
            assert passage.source_lines == (numbers[0] + 1, numbers[-1] + 1)

    def test_passages_of_a_text_file_have_no_pages(self, chunked):
        assert all(passage.pages == () and passage.page_breaks == () for _document, passages in chunked for passage in passages)

    def test_page_breaks_survive_the_store_format(self):
        document = self.document((1, "Ett negativt resultat ska"), (2, "återställas inom tre år."))
        (passage,) = chunk_document(document, DEFAULT)

        assert Passage.from_dict(passage.to_dict()) == passage
        assert Passage.from_dict(passage.to_dict()).pages == (1, 2)
