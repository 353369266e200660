"""Eval scoring: hit@k from citation texts, answer strings with alternatives, abstention, conversations."""

from __future__ import annotations

import json

import pytest

from assistant.errors import SettingsError
from assistant.evaluate import EvalQuestion, EvalReport, evaluate_in_sessions, load_questions, score
from assistant.models import Answer, Citation


def citation(text: str) -> Citation:
    return Citation("id", "doc.txt", "Dokument", None, None, text, 1.0)


def question(category="fact", evidence=(), answers=()) -> EvalQuestion:
    return EvalQuestion("Q", category, "Fråga?", tuple(evidence), tuple(answers))


def test_evidence_matches_across_hyphenation_and_line_breaks():
    answer = Answer(
        "Fråga?", "Svaret är 850.", (citation("Lånetak\n100% av mark och bygg-\nnadstillgångar, avrundat\n750 850 950"),)
    )
    result = score(question(evidence=["100% av mark och byggnadstillgångar, avrundat 750 850 950"], answers=["850"]), answer)
    assert result.hits == {1: True, 3: True, 5: True}
    assert result.answered


def test_hit_at_k_needs_every_evidence_string_within_k():
    citations = tuple(citation(text) for text in ("annat", "annat", "annat", "första beviset", "andra beviset"))
    result = score(question(evidence=["första beviset", "andra beviset"]), Answer("Fråga?", "", citations))
    assert result.hits == {1: False, 3: False, 5: True}


def test_answer_alternatives_are_split_on_bar_and_all_answers_are_needed():
    answer = Answer("Fråga?", "Status: Pågående enligt plan; riktlinjerna har reviderats.", ())
    assert score(question(answers=["Pågående|Avslutad", "riktlinjer|F-intyg"]), answer).answered
    assert not score(question(answers=["Pågående", "F-intyg"]), answer).answered


def test_abstain_questions_are_right_only_when_abstained():
    assert score(question("abstain"), Answer("Fråga?", "Inget stöd.", abstained=True)).answered
    assert not score(question("abstain"), Answer("Fråga?", "Ett svar.", abstained=False)).answered


def test_an_abstention_on_an_answerable_question_is_wrong_and_counted():
    report = EvalReport([score(question(answers=["850"]), Answer("Fråga?", "850", abstained=True))])
    row = report.row("fact")
    assert row["answer"] == 0.0
    assert row["false_abstentions"] == 1


def test_conversations_become_one_question_per_turn(tmp_path):
    path = tmp_path / "conv.jsonl"
    record = {
        "id": "DV1",
        "turns": [{"q": "Första?", "evidence": ["a"], "answer": ["b"]}, {"q": "Och sedan?", "evidence": [], "answer": []}],
    }
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    questions = load_questions(path)
    assert [(q.id, q.category, q.question) for q in questions] == [
        ("DV1.1", "conversation", "Första?"),
        ("DV1.2", "conversation", "Och sedan?"),
    ]


def test_broken_question_file_names_the_line(tmp_path):
    path = tmp_path / "trasig.jsonl"
    path.write_text('{"q": "ok", "cat": "fact"}\n{inte json\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="rad 2"):
        load_questions(path)


def test_table_has_a_row_per_category_and_totals():
    results = [
        score(question("fact", ["x"]), Answer("Fråga?", "", (citation("x"),))),
        score(question("abstain"), Answer("Fråga?", "", abstained=True)),
    ]
    table = EvalReport(results).table()
    assert "| abstain | 1 |" in table and "| fact | 1 | 1.00 | 1.00 | 1.00 |" in table and "| alla | 2 |" in table


def test_conversations_are_asked_through_one_session_each(tmp_path, resolve):
    path = tmp_path / "conv.jsonl"
    records = [
        {"id": "A", "turns": [{"q": "Vilket lånetak gäller för 2027?"}, {"q": "Och 2028?", "answer": ["2028"]}]},
        {"id": "B", "turns": [{"q": "Och 2029?"}]},
        {"id": "F1", "cat": "fact", "q": "Och 2030?"},
    ]
    path.write_text("\n".join(json.dumps(record, ensure_ascii=False) for record in records), encoding="utf-8")
    asked: list[str] = []

    def ask(question: str) -> Answer:
        asked.append(question)
        return Answer(question, f"Svar på: {question}")

    report = evaluate_in_sessions(ask, load_questions(path), resolve)
    # Each conversation starts afresh; a question outside a conversation is asked as written.
    assert asked == ["Vilket lånetak gäller för 2027?", "Vilket lånetak gäller för 2028?", "Och 2029?", "Och 2030?"]
    assert [result.resolved for result in report.results] == [None, "Vilket lånetak gäller för 2028?", None, None]
    assert report.results[1].answered
    assert [q.conversation for q in load_questions(path)] == ["A", "A", "B", None]
