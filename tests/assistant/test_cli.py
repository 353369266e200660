"""The command line: ingest, ask (text, --json, --jsonl) and eval, driven through click."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from index import read_index
from tests.cluttered import NOT_REPORTED, SECRET, add_clutter, skipped_lines
from tests.conftest import DEV_QUESTIONS

CONTRACT = {"question", "answer", "abstained", "intent", "latency_ms", "citations", "calculation"}
CITATION_FIELDS = {"document", "title", "section", "page", "text", "score"}


def env_for(settings) -> dict[str, str]:
    return {"PA_DOCUMENTS_DIR": str(settings.documents_dir), "PA_INDEX_DIR": str(settings.index_dir)}


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def test_ask_json_follows_the_contract(runner, built_index):
    result = runner.invoke(cli, ["ask", "--json", "Vilket lånetak gäller för 2027?"], env=env_for(built_index))
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert set(answer) == CONTRACT
    assert answer["abstained"] is False
    assert isinstance(answer["latency_ms"], float)
    assert answer["citations"], "an answer must cite"
    for citation in answer["citations"]:
        assert set(citation) >= CITATION_FIELDS
        assert citation["document"].endswith(".txt")
    scores = [citation["score"] for citation in answer["citations"]]
    assert scores == sorted(scores, reverse=True)
    top3 = " ".join(citation["text"] for citation in answer["citations"][:3])
    assert "750 850 950" in top3  # Regionplan och budget 2026–2028, Tabell 7, lånetak per år


def test_ask_jsonl_writes_one_object_per_question_and_nothing_else(runner, built_index):
    questions = "Vilket lånetak gäller för 2027?\n\nVem ska minska sin miljö- och klimatpåverkan?\n"
    result = runner.invoke(cli, ["ask", "--jsonl"], input=questions, env=env_for(built_index))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    parsed = [json.loads(line) for line in lines]
    assert [answer["question"] for answer in parsed] == [
        "Vilket lånetak gäller för 2027?",
        "Vem ska minska sin miljö- och klimatpåverkan?",
    ]
    assert all(set(answer) == CONTRACT for answer in parsed)


def test_ask_plain_prints_answer_and_sources(runner, built_index):
    result = runner.invoke(cli, ["ask", "Vem ska verka för ökad samisk kulturkompetens i vården?"], env=env_for(built_index))
    assert result.exit_code == 0, result.output
    assert "Källor:" in result.stdout
    assert "[1] " in result.stdout


def test_ask_without_question_is_a_usage_error(runner, built_index):
    result = runner.invoke(cli, ["ask"], env=env_for(built_index))
    assert result.exit_code == 2
    assert "Ange en fråga" in result.output


def test_ask_without_index_says_how_to_build_it(runner, tmp_path):
    result = runner.invoke(cli, ["ask", "Vad är lånetaket?"], env={"PA_INDEX_DIR": str(tmp_path / "inget")})
    assert result.exit_code == 1
    assert "python -m assistant ingest" in result.output
    assert "Traceback" not in result.output


def test_bad_setting_is_reported_in_swedish(runner, tmp_path):
    result = runner.invoke(cli, ["ask", "Fråga"], env={"PA_TOP_K": "många"})
    assert result.exit_code == 1
    assert "PA_TOP_K" in result.output and "väntade int" in result.output


def test_ingest_reports_bad_files_and_indexes_the_rest(runner, tiny_documents, tmp_path):
    (tiny_documents / "trasig.pdf").write_bytes(b"%PDF-1.4 this is not a real pdf")
    (tiny_documents / "anteckning.docx").write_bytes(b"PK\x03\x04")
    env = {"PA_DOCUMENTS_DIR": str(tiny_documents), "PA_INDEX_DIR": str(tmp_path / "index")}
    result = runner.invoke(cli, ["ingest"], env=env)
    assert result.exit_code == 0, result.output
    assert "trasig.pdf" in result.stderr and "anteckning.docx" in result.stderr
    assert "3 nya" in result.stderr and "2 fel" in result.stderr
    assert "Traceback" not in result.output
    asked = runner.invoke(cli, ["ask", "--json", "Vad ska utvecklas för en jämlik kollektivtrafik?"], env=env)
    assert json.loads(asked.stdout)["citations"][0]["document"] == "kollektivtrafik.txt"


def test_a_board_named_only_in_running_text_is_known(runner, tiny_documents, tmp_path):
    env = {"PA_DOCUMENTS_DIR": str(tiny_documents), "PA_INDEX_DIR": str(tmp_path / "index")}
    assert runner.invoke(cli, ["ingest"], env=env).exit_code == 0
    asked = runner.invoke(cli, ["ask", "--json", "Vad ska kollektivtrafiknämnden utveckla?"], env=env)
    assert json.loads(asked.stdout)["citations"][0]["document"] == "kollektivtrafik.txt"


def test_ingest_names_each_skipped_entry_with_its_reason(runner, tiny_documents, tmp_path):
    add_clutter(tiny_documents, tmp_path / "utanfor")
    env = {"PA_DOCUMENTS_DIR": str(tiny_documents), "PA_INDEX_DIR": str(tmp_path / "index")}
    result = runner.invoke(cli, ["ingest"], env=env)
    assert result.exit_code == 0, result.output
    printed = [line for line in result.stderr.splitlines() if line.startswith("Hoppade över")]
    assert printed == skipped_lines()
    assert "3 nya" in result.stderr and "1 fel, 6 överhoppade." in result.stderr
    assert not any(name in result.stderr for name in NOT_REPORTED)
    assert "Traceback" not in result.output
    data = read_index(tmp_path / "index")
    assert sorted(data.documents) == ["ekonomi.txt", "kollektivtrafik.txt", "tandvard.txt"]
    assert not any(SECRET in passage.text for passage in data.passages)


def test_eval_prints_table_and_fails_under_threshold(runner, built_index, tmp_path):
    questions = tmp_path / "fragor.jsonl"
    records = [
        {"id": "A", "cat": "fact", "q": "Vilket lånetak gäller för 2027?", "evidence": ["avrundat 750 850 950"], "answer": []},
        {"id": "B", "cat": "fact", "q": "Vad är målbilden?", "evidence": ["ordet finns inte i dokumenten xyz"], "answer": []},
    ]
    questions.write_text("\n".join(json.dumps(record, ensure_ascii=False) for record in records), encoding="utf-8")
    passing = runner.invoke(cli, ["eval", str(questions), "--min-hit3", "0.5"], env=env_for(built_index))
    assert passing.exit_code == 0, passing.output
    assert "| fact | 2 |" in passing.stdout
    failing = runner.invoke(cli, ["eval", str(questions), "--min-hit3", "0.9"], env=env_for(built_index))
    assert failing.exit_code == 1
    assert "hit@3 för alla är 0.5, gränsen är 0.9" in failing.output


@pytest.mark.skipif(not DEV_QUESTIONS.exists(), reason="shared/eval finns inte bredvid repot")
def test_eval_meets_the_retrieval_target_on_the_dev_set(runner, built_index):
    result = runner.invoke(cli, ["eval", str(DEV_QUESTIONS), "--min-hit3", "0.9"], env=env_for(built_index))
    assert result.exit_code == 0, result.output
