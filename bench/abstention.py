"""Calibrate the abstention thresholds: dev answers, dev abstentions, off-topic and paraphrase sets.

Usage:
    python -m bench.abstention ../shared/eval/dev-questions.jsonl \
        tests/data/off-topic.jsonl tests/data/answerable-paraphrases.jsonl
Prints, per (MIN_COVERAGE, MIN_SINGLE_COVERAGE), answer accuracy and abstention figures per file.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import assistant.compose as compose
from assistant import Assistant, Settings, evaluate, load_questions

COVERAGES = (0.4, 0.5, 0.6, 0.7)
SINGLES = (0.3, 0.4, 0.5)


def main(paths: list[str]) -> None:
    assistant = Assistant.load(Settings.from_env())
    sets = [(Path(path).stem, load_questions(Path(path))) for path in paths]
    print("| coverage | single | " + " | ".join(f"{name}: svar / avstår rätt / falska avstående" for name, _ in sets) + " |")
    for coverage, single in itertools.product(COVERAGES, SINGLES):
        compose.MIN_COVERAGE, compose.MIN_SINGLE_COVERAGE = coverage, single
        cells = []
        for _name, questions in sets:
            row = evaluate(assistant.answer, questions).row("alla")
            answer = "–" if row["answer"] is None else f"{row['answer']:.2f}"
            abstain = "–" if row["abstain"] is None else f"{row['abstain']:.2f}"
            cells.append(f"{answer} / {abstain} / {row['false_abstentions']}")
        print(f"| {coverage} | {single} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
