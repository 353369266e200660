"""Sweep chunking and lexical fusion parameters on a question file (BM25 only, no embeddings).

Usage: python -m bench.sweep ../shared/eval/dev-questions.jsonl
Prints hit@1/3/5 over fact+owner+multi per setting, to choose the defaults in Settings.
"""

from __future__ import annotations

import itertools
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

from assistant.engine import Assistant
from assistant.evaluate import evaluate, load_questions
from assistant.settings import Settings
from index import ChunkingConfig, IndexData, Retriever, SearchConfig, Strategy, chunk_document
from ingest import build_corpus

CHUNK_SIZES = (250, 400, 600, 900)
NEIGHBOURS = (0, 1, 2)
NGRAM_WEIGHTS = (0.0, 0.5, 1.0, 1.5)


def lexical_assistant(settings: Settings, documents, chunk_size: int, search: SearchConfig) -> Assistant:
    passages = [p for d in documents for p in chunk_document(d, ChunkingConfig(chunk_size=chunk_size))]
    data = IndexData(passages, np.zeros((len(passages), 1), dtype=np.float32))
    return Assistant(settings, Retriever(data, None, search))


def main(path: str) -> None:
    settings = Settings.from_env()
    questions = [q for q in load_questions(Path(path)) if q.category in ("fact", "owner", "multi")]
    documents = build_corpus(settings.documents_dir).documents
    print("| chunk | neighbours | ngram w | hit@1 | hit@3 | hit@5 |")
    print("|---|---|---|---|---|---|")
    grid = itertools.product(CHUNK_SIZES, NEIGHBOURS, NGRAM_WEIGHTS)
    for chunk_size, neighbours, ngram_weight in grid:
        search = replace(SearchConfig(strategy=Strategy.LEXICAL), neighbours=neighbours, ngram_weight=ngram_weight)
        report = evaluate(lexical_assistant(settings, documents, chunk_size, search).answer, questions)
        row = report.row("fact+owner+multi")
        print(f"| {chunk_size} | {neighbours} | {ngram_weight} | {row['hit@1']:.2f} | {row['hit@3']:.2f} | {row['hit@5']:.2f} |")


if __name__ == "__main__":
    main(sys.argv[1])
