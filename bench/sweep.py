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
from assistant.evaluate import RETRIEVAL_CATEGORIES, evaluate, load_questions
from assistant.settings import Settings
from index import ChunkingConfig, IndexData, Retriever, SearchConfig, Strategy, chunk_document
from ingest import Document, build_corpus

CHUNK_SIZES = (250, 400, 600, 900)
NEIGHBOURS = (0, 1, 2)
NGRAM_WEIGHTS = (0.0, 0.5, 1.0, 1.5)
YEAR_WEIGHTS = (0.0, 0.5)


def lexical_assistant(settings: Settings, documents: tuple[Document, ...], chunk_size: int, search: SearchConfig) -> Assistant:
    """An assistant over an in-memory lexical index (no vectors) of ``documents``."""
    passages = [p for d in documents for p in chunk_document(d, ChunkingConfig(chunk_size=chunk_size))]
    manifest = {"documents": {d.doc_id: {"period": d.meta.period} for d in documents}}
    data = IndexData(passages, np.zeros((len(passages), 1), dtype=np.float32), manifest)
    return Assistant(settings, Retriever(data, None, search))


def main(path: str) -> None:
    settings = Settings.from_env()
    questions = [q for q in load_questions(Path(path)) if q.category in RETRIEVAL_CATEGORIES]
    documents = build_corpus(settings.documents_dir).documents
    print("| chunk | neighbours | ngram w | year w | hit@1 | hit@3 | hit@5 |\n|---|---|---|---|---|---|---|")
    for chunk_size, neighbours, ngram, year in itertools.product(CHUNK_SIZES, NEIGHBOURS, NGRAM_WEIGHTS, YEAR_WEIGHTS):
        search = replace(SearchConfig(strategy=Strategy.LEXICAL), neighbours=neighbours, ngram_weight=ngram, year_weight=year)
        row = evaluate(lexical_assistant(settings, documents, chunk_size, search).answer, questions).row("fact+owner+multi")
        hits = " | ".join(f"{row[f'hit@{k}']:.2f}" for k in (1, 3, 5))
        print(f"| {chunk_size} | {neighbours} | {ngram} | {year} | {hits} |")


if __name__ == "__main__":
    main(sys.argv[1])
