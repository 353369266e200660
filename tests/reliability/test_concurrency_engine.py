"""One loaded Assistant (hybrid, the real model) answering 8 threads at once gives the single-threaded answers.

The app shares one Assistant between every browser session (``st.cache_resource``), so
concurrent questions must neither fail nor change each other's answers. The questions are
the dev set, the paraphrases and the off-topic set (every route: figures, calculations,
owners, abstentions), repeated to 510 and shuffled.
"""

from __future__ import annotations

import json
import random
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.conftest import DEV_QUESTIONS, ROOT

THREADS = 8
MINIMUM_QUESTIONS = 500
DATA = ROOT / "tests" / "data"


def questions() -> list[str]:
    """Every question of the dev, paraphrase and off-topic sets (and each turn of a conversation)."""
    found: list[str] = []
    for path in (DEV_QUESTIONS, DATA / "answerable-paraphrases.jsonl", DATA / "off-topic.jsonl"):
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                found += [record["q"]] if "q" in record else [turn["q"] for turn in record.get("turns", [])]
    return found


def comparable(answer) -> dict:
    """The answer as the JSON contract has it, without the latency (which differs run to run)."""
    data = answer.to_dict()
    data.pop("latency_ms")
    return data


def test_eight_threads_answer_like_one(seed_assistant, record_property):
    unique = list(dict.fromkeys(questions()))
    assert len(unique) >= 100
    expected = {question: comparable(seed_assistant.answer(question)) for question in unique}
    # The questions reach the table, calculation and sentence routes. Registry answers should report the intent
    # "assignment" too; the engine reports them as "search" (xfail in tests/assistant/test_owners.py).
    assert {data["intent"] for data in expected.values()} >= {"search", "calculation", "table"}
    assert any(data["abstained"] for data in expected.values())
    asked = unique * -(-MINIMUM_QUESTIONS // len(unique))
    random.Random(7).shuffle(asked)
    threads_seen: set[int] = set()

    def ask(question: str) -> dict:
        threads_seen.add(threading.get_ident())
        return comparable(seed_assistant.answer(question))

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        answers = list(pool.map(ask, asked))

    different = [question for question, answer in zip(asked, answers, strict=True) if answer != expected[question]]
    record_property("questions", len(asked))
    record_property("embedding_runtime", seed_assistant.retriever.embedder.runtime)
    assert len(asked) >= MINIMUM_QUESTIONS
    assert len(threads_seen) == THREADS
    assert different == []
