"""Figure answers from the parsed tables: the row index finds what a scan of every row finds."""

from __future__ import annotations

import pytest

from assistant.figures import MIN_ROW_MATCH, FigureIndex, _is_total, figure_answer
from index.analysis import same_word, stems


@pytest.fixture(scope="module")
def tables(seed_corpus):
    return [table for document in seed_corpus.documents for table in document.tables]


@pytest.fixture(scope="module")
def figure_index(tables) -> FigureIndex:
    return FigureIndex(tables)


def scanned_rows(content: set[str], tables) -> list[tuple[float, str, str]]:
    """Every row of every table matched against ``content``, as FigureIndex's rule says: the reference."""
    found = []
    for table in tables:
        caption = set(stems(table.caption))
        for row in table.rows:
            label = set(stems(row))
            in_label = {stem for stem in content if any(same_word(stem, word) for word in label)}
            in_caption = {stem for stem in content if any(same_word(stem, word) for word in caption)}
            if not in_label and not (_is_total(row) and in_caption == content):
                continue
            score = len(in_label | in_caption) / len(content)
            if score >= MIN_ROW_MATCH:
                found.append((score, table.table_id, row))
    return sorted(found)


def row_questions(tables) -> list[str]:
    """A figure question per table row and caption, in the words the documents use."""
    questions = [f"Hur mycket är {row.lower()} {table.columns[-1]}?" for table in tables for row in table.rows]
    return questions + [f"Vad är totalt för {table.caption}?" for table in tables]


def test_the_index_finds_every_row_a_full_scan_finds(figure_index, tables):
    questions = row_questions(tables)
    assert len(questions) > 300
    for question in questions:
        content = {stem for stem in stems(question) if not stem[0].isdigit()} - {"hur", "mycket", "vad", "total"}
        if not content:
            continue
        indexed = sorted((score, table.table_id, row) for score, table, row in figure_index._matching_rows(content, None))
        assert indexed == scanned_rows(content, tables), question


def test_a_ceiling_question_is_answered_from_its_cell(figure_index):
    answer = figure_index.answer("Vilket lånetak gäller för 2027?")
    assert answer is not None
    assert [cell.raw for cell in answer.cells] == ["850"]
    assert answer.tables[0].caption.startswith("Tabell 7")


def test_documents_limit_the_tables_searched(figure_index, tables):
    question = "Vilket lånetak gäller för 2027?"
    owner = figure_index.answer(question).tables[0].doc_id
    assert figure_index.answer(question, {owner}) is not None
    others = {table.doc_id for table in tables} - {owner}
    assert figure_index.answer(question, others) is None


def test_the_one_off_function_answers_as_the_index_does(figure_index, tables):
    question = "Hur stor är summa total investeringsram 2026?"
    assert figure_answer(question, tables) == figure_index.answer(question)


def test_a_question_without_a_figure_word_gets_none(figure_index):
    assert figure_index.answer("Berätta om lånetaket") is None
