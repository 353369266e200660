"""Sweep the dense weight in the hybrid fusion on a question file (needs a built index).

Usage: python -m bench.dense_sweep ../shared/eval/dev-questions.jsonl
The default PA_DENSE_WEIGHT is the largest weight that lowers no hit@k against BM25 alone.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from assistant import Assistant, Settings, evaluate, load_questions
from assistant.evaluate import RETRIEVAL_CATEGORIES
from index import Strategy

WEIGHTS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0)


def main(path: str) -> None:
    assistant = Assistant.load(Settings.from_env())
    questions = [q for q in load_questions(Path(path)) if q.category in RETRIEVAL_CATEGORIES]
    retriever = assistant.retriever
    print("| strategy | dense weight | hit@1 | hit@3 | hit@5 |\n|---|---|---|---|---|")
    runs = [(Strategy.LEXICAL, 0.0), (Strategy.DENSE, 1.0)] + [(Strategy.HYBRID, weight) for weight in WEIGHTS]
    for strategy, weight in runs:
        retriever.config = replace(retriever.config, strategy=strategy, dense_weight=weight)
        row = evaluate(assistant.answer, questions).row("fact+owner+multi")
        print(f"| {strategy.value} | {weight} | {row['hit@1']:.2f} | {row['hit@3']:.2f} | {row['hit@5']:.2f} |")


if __name__ == "__main__":
    main(sys.argv[1])
