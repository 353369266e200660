"""The assistant: one loaded index answering questions with citations."""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from dataclasses import replace

from assistant.calculate import calculate
from assistant.compose import (
    ABSTAIN_TEXT,
    EMPTY_TEXT,
    NO_FIGURE_TEXT,
    asks_for_amount,
    calculation_text,
    citation_for,
    compose_answer,
    figure_supported,
    no_calculation_text,
    supported,
    table_citation,
)
from assistant.figures import FigureIndex, figure_text
from assistant.generate import GenerationConfig, generate_answer
from assistant.models import Answer, Citation
from assistant.owners import answer_owner_question
from assistant.params import MAX_CHARS
from assistant.settings import Settings
from calculators import Calculation, CalculationError
from index import Embedder, Retriever, open_store
from index.analysis import stems
from index.backend import needs_embedder
from index.postgres import PostgresStore, Snapshot, StaleSnapshot
from ingest.text import years_in

MAX_QUESTION_CHARS = MAX_CHARS  # one limit for the engine and the parameter parser
REGION_NAME = re.compile(r"\bRegion ([A-ZÅÄÖ][a-zåäö]+(?: [A-ZÅÄÖ][a-zåäö]+)?)")
# A word in at most this many passages is specific enough that a figure answering it must stand beside it.
RARE_PASSAGES = 3


class Assistant:
    """Answers Swedish questions from the indexed documents; safe to share between threads."""

    def __init__(self, settings: Settings, retriever: Retriever, generation: GenerationConfig | None = None) -> None:
        self.settings = settings
        self.retriever = retriever
        self.generation = generation or GenerationConfig()
        self.tables = list(retriever.data.tables)
        self.registry = list(retriever.data.registry)
        self.figures = FigureIndex(self.tables)
        # Every stem the documents use, to tell a name they never mention (another region) from one they do.
        self.document_frequency = Counter(stem for p in retriever.passages for stem in set(stems(p.index_text)))
        self.vocabulary = set(self.document_frequency)
        # The documents' own organisation, the region they name most: a question about another region is not theirs.
        names = Counter(name for p in retriever.passages for name in REGION_NAME.findall(p.text))
        self.own_region = names.most_common(1)[0][0] if names else None

    @classmethod
    def load(cls, settings: Settings) -> Assistant:
        """Load the index (and the embedding model); raises IndexNotBuilt if there is none.

        With ``settings.database_url`` set the index is the shared database, and the
        object returned follows it (``SharedAssistant``); it answers like an Assistant.
        """
        store = open_store(settings.index_dir, settings.database_url)
        if isinstance(store, PostgresStore):
            return SharedAssistant(settings, store, GenerationConfig.from_env())  # type: ignore[return-value]
        retriever = Retriever.load(settings.index_dir, settings.model, settings.search, settings.chunking)
        return cls(settings, retriever, GenerationConfig.from_env())

    def answer(self, question: str, documents: set[str] | None = None) -> Answer:
        """Answer ``question``, citing the passages it came from, or abstain."""
        started = time.perf_counter()
        question = " ".join(question.split())[:MAX_QUESTION_CHARS]
        if not question:
            return Answer(question, EMPTY_TEXT, abstained=True, intent="empty")
        unknown = self.unknown_names(question) + [str(year) for year in years_in(question) if str(year) not in self.vocabulary]
        if unknown:
            text = f"Dokumenten nämner inte {', '.join(unknown)}. {ABSTAIN_TEXT}"
            return Answer(question, text, abstained=True, latency_ms=(time.perf_counter() - started) * 1000)
        hits = self.retriever.search(question, self.settings.top_k, documents)
        citations = tuple(citation_for(hit) for hit in hits)
        answer = (
            self._calculated(question, citations, documents)
            or self._owned(question, citations, documents)
            or self._searched(question, hits, citations, documents)
        )
        answer = self._generated(answer)
        return replace(answer, latency_ms=(time.perf_counter() - started) * 1000)

    def _generated(self, answer: Answer) -> Answer:
        """With an LLM endpoint configured, its checked wording of the answer; otherwise unchanged."""
        if not self.generation.enabled or answer.abstained or not answer.citations:
            return answer
        result = generate_answer(answer.question, answer.citations, answer.calculation, answer.text, self.generation)
        return replace(answer, text=result.text) if result.used_llm else answer

    def _calculated(self, question: str, citations: tuple[Citation, ...], documents: set[str] | None) -> Answer | None:
        """A calculator's answer citing the table it used first, or None when no calculator fits."""
        if self.other_regions(question):
            return None  # the tables hold this region's figures, not the one asked about
        tables = [table for table in self.tables if not documents or table.doc_id in documents]
        try:
            calculation = calculate(question, tables, self.retriever.passages)
        except CalculationError as error:
            return Answer(question, no_calculation_text(error), citations, intent="calculation")
        if calculation is None:
            return None
        sources = self._table_citations(calculation)
        others = tuple(citation for citation in citations if citation.passage_id not in {s.passage_id for s in sources})
        text = calculation_text(calculation)
        return Answer(question, text, sources + others, intent="calculation", calculation=calculation.to_dict())

    def _owned(self, question: str, citations: tuple[Citation, ...], documents: set[str] | None) -> Answer | None:
        """The registry's answer to an owner question, citing the uppdrag's own passage first."""
        registry = [record for record in self.registry if not documents or record.doc_id in documents]
        found = answer_owner_question(question, registry)
        if found is None:
            return None
        places = [(record.doc_id, record.source_lines[0]) for record in (*found.assignments, *found.follow_ups)]
        sources = self._citations_at(places)
        others = tuple(citation for citation in citations if citation.passage_id not in {s.passage_id for s in sources})
        return Answer(question, found.text, sources + others, intent="assignment")

    def _table_citations(self, calculation: Calculation) -> tuple[Citation, ...]:
        """The passages holding the cells a calculation used, in the order first used."""
        return self._citations_at([(cell.table_id.split("#")[0], cell.source_line) for cell in calculation.sources])

    def _citations_at(self, places: list[tuple[str, int | None]]) -> tuple[Citation, ...]:
        """Citations of the passages holding these (document, source line) places, without repeats."""
        citations: list[Citation] = []
        for doc_id, line in places:
            position = self.retriever.position_of_line(doc_id, line)
            if position is None:
                continue
            citation = table_citation(self.retriever, position)
            if citation.passage_id not in {c.passage_id for c in citations}:
                citations.append(citation)
        return tuple(citations)

    def _searched(self, question: str, hits, citations: tuple[Citation, ...], documents: set[str] | None) -> Answer:
        """Figures from the tables first, then the sentences that cover the question; or abstain."""
        figure = None if self.other_regions(question) else self.figures.answer(question, documents)
        lead = self._citations_at([(cell.table_id.split("#")[0], cell.source_line) for cell in figure.cells]) if figure else ()
        cited = lead + tuple(citation for citation in citations if citation.passage_id not in {c.passage_id for c in lead})
        if figure is None and (not hits or not supported(question, hits, self.rare_words(question))):
            return Answer(question, ABSTAIN_TEXT, citations, abstained=True)
        numbers = [1 + [c.passage_id for c in cited].index(c.passage_id) for c in citations]
        text, sentences = compose_answer(question, hits, numbers, frozenset(self.rare_words(question)))
        if figure is None and asks_for_amount(question) and not figure_supported(sentences, self.rare_words(question)):
            return Answer(question, NO_FIGURE_TEXT, citations, abstained=True)
        if figure is not None:
            text = figure_text(figure) + ("\n\n" + text if text else "")
        return Answer(question, text, cited)

    def other_regions(self, question: str) -> list[str]:
        """Regions the question names other than the documents' own ("Region Stockholm")."""
        return [name for name in REGION_NAME.findall(question) if name != self.own_region]

    def rare_words(self, question: str) -> list[str]:
        """Question stems found in only a few passages: what the question is specifically about."""
        return [stem for stem in set(stems(question)) if 0 < self.document_frequency[stem] <= RARE_PASSAGES]

    def unknown_names(self, question: str) -> list[str]:
        """Names in the question (capitalised, not first word) that no document mentions: another region, a town."""
        words = re.findall(r"(?<![.!?]\s)(?<=[\s,(])([A-ZÅÄÖ][a-zåäöéü]{2,})\b", question)
        return [word for word in words if stems(word) and not (set(stems(word)) & self.vocabulary)]


class SharedAssistant:
    """An Assistant over the shared PostgreSQL index that follows other instances' ingests without a restart.

    Per question it reads the database's ingest generation (one primary-key read);
    when it moved, it reads the changed documents and builds a new Assistant over the
    new snapshot. The Assistant answering a question is pinned to one snapshot, and a
    search that finds the database moved on mid-question (StaleSnapshot) is retried
    on the newer one, so an answer is consistent with exactly one state. Attributes
    other than ``answer`` are the current Assistant's (``retriever``, ``tables``, …).
    """

    RETRIES = 3

    def __init__(self, settings: Settings, store: PostgresStore, generation: GenerationConfig | None = None) -> None:
        self.settings = settings
        self.store = store
        self.generation_config = generation or GenerationConfig()
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._assistant: Assistant | None = None
        self._embedder: Embedder | None = None
        self.current()

    def current(self) -> Assistant:
        """The Assistant over the database's current generation, rebuilt only when it changed."""
        assistant = self._assistant
        if assistant is not None and self.store.generation() == assistant.retriever.generation:
            return assistant
        with self._lock:
            snapshot = self.store.snapshot(self._snapshot)
            if self._assistant is None or snapshot.generation != self._assistant.retriever.generation:
                search = self.settings.search
                if self._embedder is None and needs_embedder(search, len(snapshot.data.passages)):
                    self._embedder = Embedder(self.settings.model, threads=1, cache_dir=self.settings.index_dir)
                retriever = self.store.retriever(snapshot, self.settings.model, search, self.settings.chunking, self._embedder)
                self._snapshot, self._assistant = snapshot, Assistant(self.settings, retriever, self.generation_config)
            return self._assistant

    def answer(self, question: str, documents: set[str] | None = None) -> Answer:
        """As ``Assistant.answer``, on the newest snapshot."""
        for _attempt in range(self.RETRIES):
            try:
                return self.current().answer(question, documents)
            except StaleSnapshot:
                continue
        return self.current().answer(question, documents)

    def __getattr__(self, name: str):
        return getattr(self.current(), name)
