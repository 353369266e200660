"""The assistant: one loaded index answering questions with citations."""

from __future__ import annotations

import time

from assistant.compose import ABSTAIN_TEXT, EMPTY_TEXT, citation_for, compose_answer, supported
from assistant.models import Answer
from assistant.settings import Settings
from index import Retriever

MAX_QUESTION_CHARS = 2000


class Assistant:
    """Answers Swedish questions from the indexed documents; safe to share between threads."""

    def __init__(self, settings: Settings, retriever: Retriever) -> None:
        self.settings = settings
        self.retriever = retriever

    @classmethod
    def load(cls, settings: Settings) -> Assistant:
        """Load the index (and the embedding model); raises IndexNotBuilt if there is none."""
        return cls(settings, Retriever.load(settings.index_dir, settings.model, settings.search, settings.chunking))

    def answer(self, question: str, documents: set[str] | None = None) -> Answer:
        """Answer ``question``, citing the passages it came from, or abstain."""
        started = time.perf_counter()
        question = " ".join(question.split())[:MAX_QUESTION_CHARS]
        if not question:
            return Answer(question, EMPTY_TEXT, abstained=True, intent="empty")
        hits = self.retriever.search(question, self.settings.top_k, documents)
        citations = tuple(citation_for(hit) for hit in hits)
        if not hits or not supported(question, hits):
            text, abstained = ABSTAIN_TEXT, True
        else:
            text, abstained = compose_answer(question, hits), False
        latency = (time.perf_counter() - started) * 1000
        return Answer(question, text, citations, abstained=abstained, intent="search", latency_ms=latency)
