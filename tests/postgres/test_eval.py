"""The dev questions on both stores: the same table within one question at hit@3, the same calculations."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from assistant import Assistant, Settings
from assistant.cli import cli
from assistant.evaluate import RETRIEVAL_CATEGORIES, evaluate_in_sessions, load_questions
from tests.conftest import DEV_QUESTIONS
from tests.postgres.conftest import build


@pytest.fixture(scope="module")
def seed_database(pg_server, seed_vectors, built_index):
    """A database holding the shipped documents, vectors reused from the embedded index."""
    import psycopg

    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute("CREATE DATABASE seed_eval")
    url = pg_server.replace("/postgres?", "/seed_eval?")
    build(url, built_index.documents_dir, reuse=seed_vectors)
    return url


def test_same_eval_table_as_the_embedded_store(seed_database, seed_assistant):
    questions = load_questions(DEV_QUESTIONS)
    shared = Assistant.load(Settings.from_env({}, database_url=seed_database))
    embedded = evaluate_in_sessions(seed_assistant.answer, questions)
    postgres = evaluate_in_sessions(shared.answer, questions)
    shared.store.close()
    retrieval = [r for r in embedded.results if r.question.category in RETRIEVAL_CATEGORIES]
    hits = {
        name: sum(r.hits[3] for r in report.results if r.question.category in RETRIEVAL_CATEGORIES)
        for name, report in (("embedded", embedded), ("postgres", postgres))
    }
    assert abs(hits["embedded"] - hits["postgres"]) <= 1, (hits, len(retrieval))
    calculations = [
        (a.question.id, a.answered, b.answered)
        for a, b in zip(embedded.results, postgres.results, strict=True)
        if a.question.category == "calc"
    ]
    assert calculations and all(x == y for _, x, y in calculations)


def test_calculator_answers_are_identical(seed_database, seed_assistant):
    shared = Assistant.load(Settings.from_env({}, database_url=seed_database))
    for question in [q.question for q in load_questions(DEV_QUESTIONS) if q.category == "calc"]:
        ours, theirs = shared.answer(question), seed_assistant.answer(question)
        assert (ours.text, ours.calculation) == (theirs.text, theirs.calculation), question
    shared.store.close()


def test_cli_asks_and_lists_from_the_database(seed_database):
    runner = CliRunner()
    answer = runner.invoke(cli, ["ask", "--database-url", seed_database, "--strategy", "bm25", "Vilket lånetak gäller för 2027?"])
    listing = runner.invoke(cli, ["uppdrag", "--database-url", seed_database, "--board", "kollektivtrafiknämnden"])
    assert answer.exit_code == 0, answer.output
    assert "850" in answer.output
    assert listing.exit_code == 0 and "Kollektivtrafiknämnden" in listing.output


def test_cli_reports_an_unreachable_database_without_a_traceback(tmp_path):
    result = CliRunner().invoke(cli, ["ask", "--database-url", f"postgresql://nobody@/none?host={tmp_path}", "Fråga?"])
    assert result.exit_code == 1
    assert "kunde inte nås" in result.output and "Traceback" not in result.output
