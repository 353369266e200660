"""Names the doctests in this package use (``pytest --doctest-modules assistant``).

``seed_resolve`` completes a follow-up like ``Assistant.resolve``, over the vocabulary of the shipped
documents: the same vocabulary ``Assistant.read`` uses, built from the parsed and chunked documents without
computing embeddings, so the doctests need no index and no model.
"""

from __future__ import annotations

from dataclasses import asdict
from functools import partial
from pathlib import Path

import pytest

from assistant.follow_up import complete
from assistant.query import read_query
from assistant.settings import Settings
from assistant.vocabulary import Vocabulary
from index.chunking import chunk_document
from ingest import build_corpus
from ingest.assignments import match_follow_ups

DOCUMENTS = Path(__file__).resolve().parent.parent / "documents"


@pytest.fixture(scope="session")
def seed_vocabulary() -> Vocabulary:
    """The vocabulary of the shipped documents, as an index build would give it."""
    documents = build_corpus(DOCUMENTS).documents
    chunking = Settings.from_env({}).chunking
    passages = [passage for document in documents for passage in chunk_document(document, chunking)]
    tables = [table for document in documents for table in document.tables]
    registry = match_follow_ups([record for document in documents for record in document.registry])
    return Vocabulary(passages, tables, registry, {document.doc_id: asdict(document.meta) for document in documents})


@pytest.fixture(autouse=True)
def _reader(doctest_namespace: dict, seed_vocabulary: Vocabulary) -> None:
    read = partial(read_query, vocabulary=seed_vocabulary)

    def seed_resolve(question: str, previous: str, assignment: str | None = None) -> str | None:
        return complete(read(question), read(previous), assignment, seed_vocabulary)

    doctest_namespace.update(seed_resolve=seed_resolve)
