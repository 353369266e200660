"""Processes the PostgreSQL tests start: an ingest that loops between two document folders, and an asker.

Run as ``python -m tests.postgres.workers ingest-loop URL FOLDER_A FOLDER_B`` or
``python -m tests.postgres.workers ask URL QUESTIONS_FILE STOP_FILE``; each prints
one JSON object per line on stdout.
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path


def ingest_loop(url: str, folder_a: str, folder_b: str) -> None:
    """Ingest A, then B, then A … forever; prints before and after each document's transaction."""
    from index import ChunkingConfig, Embedder, PostgresStore

    store, embedder = PostgresStore(url), Embedder()
    say({"event": "ready"})
    while True:
        for folder in (folder_a, folder_b):
            store.build(Path(folder), "all-MiniLM-L6-v2", ChunkingConfig(), lambda m, d, t: say({"event": m}), embedder)
            say({"event": "built", "folder": folder})


def ask(url: str, questions_file: str, stop_file: str) -> None:
    """Ask every question in turn until ``stop_file`` exists, then once more; prints each answer's signature."""
    from assistant import Assistant, Settings

    assistant = Assistant.load(Settings.from_env(database_url=url, strategy="bm25"))
    questions = json.loads(Path(questions_file).read_text(encoding="utf-8"))
    say({"event": "ready"})
    final = False
    while True:
        final = Path(stop_file).exists()
        for question in questions:
            answer = assistant.answer(question)
            say({"event": "final" if final else "answer", "question": question, "signature": signature(answer)})
        if final:
            return


def signature(answer) -> list:
    """What must be the same for two answers to be the same: text, abstention and the cited passages."""
    return [answer.text, answer.abstained, [citation.passage_id for citation in answer.citations]]


def say(record: dict) -> None:
    print(json.dumps(record, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    warnings.simplefilter("ignore")
    {"ingest-loop": ingest_loop, "ask": ask}[sys.argv[1]](*sys.argv[2:])
