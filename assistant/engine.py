"""The assistant: one loaded index answering questions with citations."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import replace

from assistant import calculations, furniture, owners, registers, sections, statements
from assistant.accept import (
    MIN_FIGURE_COVERAGE,
    gaps,
    most_specific_word,
    names_key,
    part_documents,
    part_scope,
    specific_weight,
    unindexed_documents,
)
from assistant.candidates import Candidate, Evidence, Line
from assistant.compose import (
    ABSTAIN_TEXT,
    EMPTY_TEXT,
    best_sentences,
    citation_for,
    no_figure_text,
    steps_text,
    supported,
    table_citation,
)
from assistant.follow_up import complete
from assistant.generate import GenerationConfig, generate_answer
from assistant.matching import Text, found
from assistant.models import Answer, Citation
from assistant.query import MAX_CHARS, OPERATION_CUES, Op, Query, read_query
from assistant.settings import Settings
from assistant.statements import found_all
from assistant.table_answers import TIE, TableIndex
from assistant.vocabulary import Vocabulary
from index import Embedder, Retriever, open_store
from index.backend import needs_embedder
from index.postgres import PostgresStore, Snapshot, StaleSnapshot
from index.search import Hit
from ingest.models import Passage

MAX_QUESTION_CHARS = MAX_CHARS  # one limit for the engine and the question reader
# A calculation the question asks for comes first; a table cell is preferred to a stated figure that explains
# the question as well (it has a row and a column).
ROUTE_PREFERENCE = {"calculation": 1.0, "registry": 1.0, "table": 0.4}
# "Vad är högkostnadsskyddet för slutenvård?": a question for a definition may be answered by a table row that
# names (nearly) all it asks about.
LOOKUP_QUESTION = re.compile(r"^(?:och\s+)?(?:vad|vilke[nt]|vilka|hur)\b", re.IGNORECASE)
MIN_TEXT_LOOKUP_COVERAGE = 0.85
# "Vad är timtaxan …?", "Vilket lånetak …?": a question for a definition may be a figure a sentence states.
DEFINITION_QUESTION = re.compile(r"^(?:och\s+)?vad (?:är|var|blir|blev)\b", re.IGNORECASE)
REGION_NAME = re.compile(r"\bRegion ([A-ZÅÄÖ][a-zåäö]+(?: [A-ZÅÄÖ][a-zåäö]+)?)")
# A word in at most this many passages is specific enough that a figure answering it must stand beside it.
RARE_PASSAGES = 3


class Assistant:
    """Answers Swedish questions from the indexed documents; safe to share between threads.

    The flow is one way: question → ``Query`` (``assistant.query``, read once) → candidate
    answers from each route (tables, calculators, the registry, stated figures, sentences)
    → the candidate that explains each part of the question (``assistant.accept``) → the
    cited answer. A figure question no candidate explains gets no figure: the answer says
    what the documents do not cover and shows the passages.
    """

    def __init__(self, settings: Settings, retriever: Retriever, generation: GenerationConfig | None = None) -> None:
        self.settings = settings
        self.retriever = retriever
        self.generation = generation or GenerationConfig()
        self.tables = list(retriever.data.tables)
        self.registry = list(retriever.data.registry)
        self.vocabulary = Vocabulary.from_retriever(retriever)
        self.table_index = TableIndex(self.tables, self.vocabulary)
        self._titles = {document.doc_id: document.title for document in self.vocabulary.documents}

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

    def read(self, question: str) -> Query:
        """The question as the assistant understands it."""
        return read_query(question, self.vocabulary)

    def resolve(self, question: str, previous: str, assignment: str | None = None) -> str | None:
        """A follow-up completed with the previous question (``assistant.follow_up``), or None when it stands alone."""
        return complete(self.read(question), self.read(previous), assignment, self.vocabulary)

    def answer(self, question: str, documents: set[str] | None = None) -> Answer:
        """Answer ``question``, citing the passages it came from, or abstain."""
        started = time.perf_counter()
        query = self.read(" ".join(question.split())[:MAX_QUESTION_CHARS])
        answer = self.answer_query(query, documents)
        answer = self._generated(answer)
        return replace(answer, latency_ms=(time.perf_counter() - started) * 1000)

    def answer_query(self, query: Query, documents: set[str] | None = None) -> Answer:
        """The answer to an already read question (a follow-up's completed Query, say)."""
        question = query.text
        if not question:
            return Answer(question, EMPTY_TEXT, abstained=True, intent="empty")
        unknown = self._not_in_documents(query)
        if unknown:
            return Answer(question, f"Dokumenten nämner inte {', '.join(unknown)}. {ABSTAIN_TEXT}", abstained=True)
        part_hits = {index: self._part_hits(query, index, documents) for index, part in enumerate(query.parts) if part.asking}
        whole = self.retriever.search(query.search_text, statements.PASSAGES, documents) if len(part_hits) > 1 else []
        hits = _interleaved([whole, *part_hits.values()])[: self.settings.top_k]
        citations = tuple(citation_for(hit) for hit in hits)
        return self._composed(query, hits, part_hits, citations, documents)

    def _not_in_documents(self, query: Query) -> list[str]:
        """Names, organisations, boards and years the question asks about that no document mentions."""
        unknown = list(query.unknown_names)
        unknown += [m.text for m in query.organisations if not m.known and m.text not in unknown]
        unknown += [m.text for m in query.boards if not m.known]
        unknown += [str(year) for year in query.asked_years if not self.vocabulary.knows(str(year))]
        return list(dict.fromkeys(unknown))

    def _part_hits(self, query: Query, index: int, documents: set[str] | None) -> list[Hit]:
        """The best passages for one part of the question, with its scene-setting parts, within the documents it
        names (and those the caller allows); a question of one part searches as a whole."""
        named = set(part_documents(query, index)) or None
        scope = (documents & named if documents and named else documents or named) or None
        if len([p for p in query.parts if p.asking]) == 1:
            text = query.search_text
        else:
            source = query.search_text if len(query.search_text) == len(query.text) else query.text
            text = " ".join(source[p.start : p.end] for i, p in enumerate(query.parts) if i == index or not p.asking)
        hits = self.retriever.search(text, statements.PASSAGES, scope)
        operations = query.parts[index].operations | query.operations
        if scope and documents is None and operations & JOINING:
            # "kostnaden för … per invånare enligt regionplanens befolkningsantagande": the document names one operand
            hits = _interleaved([hits, self.retriever.search(text, statements.PASSAGES)])
        elif scope and documents is None and len(hits) < statements.PASSAGES:
            seen = {hit.passage.id for hit in hits}
            hits += [hit for hit in self.retriever.search(text, statements.PASSAGES, documents) if hit.passage.id not in seen]
        return hits + self._borrowed_hits(query, index, text, scope, hits)

    def _borrowed_hits(self, query: Query, index: int, text: str, scope: set[str] | None, hits: list[Hit]) -> list[Hit]:
        """Passages for what an elliptic part leans on ("… och när beslutades den?" searches for what "den" is), after
        the part's own: only routes that read every passage given (a register's rows) see them."""
        part = query.parts[index]
        borrowed = [w.text for w in part.words if not part.start <= w.start < part.end]
        if not borrowed:
            return []
        seen = {hit.passage.id for hit in hits}
        extra = self.retriever.search(" ".join([text, *dict.fromkeys(borrowed)]), statements.PASSAGES, scope)
        return [hit for hit in extra if hit.passage.id not in seen]

    def _composed(
        self,
        query: Query,
        hits: list[Hit],
        part_hits: dict[int, list[Hit]],
        citations: tuple[Citation, ...],
        documents: set[str] | None = None,
    ) -> Answer:
        """Per part: the candidate that explains it (a cell, a stated figure); then the sentences that cover the question."""
        asking = [i for i, p in enumerate(query.parts) if p.asking]
        chosen: list[Candidate] = []
        unexplained: list[tuple[int, list[str]]] = []
        for index in asking:
            passages = [hit.passage for hit in part_hits[index]]
            context = calculations.Context(self.table_index, self.vocabulary, passages, self.retriever.passages)
            found = [c for c in self._candidates(query, index, context, chosen) if c.evidence]  # no figure without a source
            if documents is not None:  # the documents the user chose: every figure comes from them
                found = [c for c in found if all(e.doc_id in documents for e in c.evidence)]
            best = self._best(query, index, found)
            if best:
                chosen += best
            elif query.parts[index].answer in statements.UNITS_FOR:
                unexplained.append((index, _closest_gaps(query, index, found)))
            elif missing := self._unnamed_in_hits(query, index, part_hits[index]):
                unexplained.append((index, missing))  # "Vilket resultat har Region Västernorrland …?": not ours
        if unexplained and len(unexplained) == len(asking):
            return Answer(query.text, no_figure_text(query, unexplained), citations, abstained=True)
        if not chosen and (not hits or not supported(query, hits)):
            return Answer(query.text, ABSTAIN_TEXT, citations, abstained=True)
        lead = self._evidence_citations(chosen)
        cited = lead + tuple(c for c in citations if c.passage_id not in {x.passage_id for x in lead})
        numbers = {c.passage_id: n for n, c in enumerate(cited, start=1)}
        lines = list(
            dict.fromkeys(
                f"{line.text} [{numbers[place]}]"
                for candidate in chosen
                for line in candidate.lines
                if (place := self._place(candidate.evidence[line.evidence])) in numbers
            )
        )
        answered = {c.part for c in chosen} | {index for index, _ in unexplained}
        residual = [i for i, p in enumerate(query.parts) if p.asking and i not in answered]
        sentences = ""
        if residual:
            shown = {e.text for c in chosen for e in c.evidence}
            boards = tuple(b.name for b in self.vocabulary.boards)
            cited_list = list(cited)
            pieces = []
            for index in residual:
                own = part_hits[index][: self.settings.top_k]
                trusted = self._trusted_for(query)
                for sentence, hit in best_sentences(query, [index], own, shown, boards, trusted):
                    pieces.append(f"{sentence} [{self._number_of(own[hit], sentence, cited_list)}]")
            cited = tuple(cited_list)
            sentences = " ".join(pieces)
        blocks = [no_figure_text(query, unexplained)] if unexplained else []
        blocks += ["\n".join(lines)] if lines else []
        calculated = list({c.calculation.steps: c.calculation for c in chosen if c.calculation is not None}.values())
        blocks += [steps_text(calculated)] if calculated else []
        blocks += [sentences] if sentences else []
        intent = (
            "calculation"
            if calculated
            else "assignment"
            if any(c.route == "registry" for c in chosen)
            else "table"
            if any(c.route == "table" for c in chosen)
            else "search"
        )
        calculation = calculated[0].to_dict() if calculated else None
        text = "\n\n".join(blocks)
        if not text.strip():
            return Answer(query.text, ABSTAIN_TEXT, citations, abstained=True)
        for doc_id, title in self._titles.items():
            text = text.replace(f"Källa: {doc_id}.", f"Källa: {title}.")
        text, cited = cited_in_order(text, cited)
        return Answer(query.text, text, cited, intent=intent, calculation=calculation)

    def _candidates(self, query: Query, index: int, context: calculations.Context, earlier: list[Candidate]) -> list[Candidate]:
        """Every route's proposals for part ``index``; a part whose operation needs arithmetic gets calculations only."""
        if query.parts[index].answer == "section":
            return sections.candidates(query, index, context.passages, self.vocabulary)
        found = calculations.candidates(query, index, context, earlier) + owners.candidates(query, index, self.registry)
        found += registers.candidates(query, index, context.passages, self._titles)
        found += furniture.candidates(query, index, context.corpus, self._titles)
        if needs_calculation(query, index):
            return found + [c for c in self._lookups(query, index, context) if _states_asked_kind(c, query, index)]
        return found + self._lookups(query, index, context)

    def _lookups(self, query: Query, index: int, context: calculations.Context) -> list[Candidate]:
        found = self.table_index.candidates(query, index)
        if query.parts[index].answer in statements.UNITS_FOR or DEFINITION_QUESTION.match(query.parts[index].text):
            found += statements.candidates(
                query, index, context.passages, self.vocabulary, strict=True, before=self._passage_before
            )
        return found

    def _best(self, query: Query, index: int, found: list[Candidate]) -> list[Candidate]:
        """The accepted candidates that answer part ``index``: the best one, or a tie of table rows.

        A part asking for a figure takes any route's figure that explains it. A part asking for text
        takes the registry's answer, or a figure only when the question reads as a lookup ("Vad är
        högkostnadsskyddet …?") and the evidence names (nearly) all it asks about.
        """
        part = query.parts[index]
        figure_asked = part.answer in statements.UNITS_FOR
        accepted = []
        for candidate in found:
            if figure_asked and candidate.route == "registry":
                continue
            strict = not figure_asked and candidate.route in ("table", "statement")
            if strict and not (LOOKUP_QUESTION.match(part.text) and self._key_in_lines(query, index, candidate)):
                continue
            if not gaps(query, index, candidate, MIN_TEXT_LOOKUP_COVERAGE if strict else MIN_FIGURE_COVERAGE):
                accepted.append(candidate)
        if figure_asked:
            accepted = [c for c in accepted if c.route != "statement" or self._key_nearby(query, index, c)]
        if not accepted:
            return []
        best = max(
            accepted,
            key=lambda c: (
                c.route in ("calculation", "registry", "register", "furniture"),
                all(self.vocabulary.described(doc) for doc in c.usage.documents),
                names_key(query, index, c),
                specific_weight(query, index, c),
                c.score + _preference(c, part.answer),
            ),
        )
        if best.route != "table":
            return [best, *self._conflicting(query, index, best, accepted)]
        tied = [c for c in accepted if c.route == "table" and c.score >= best.score - TIE]
        tied.sort(key=lambda c: not self._described(c))  # the described documents' figures lead
        return [c if self._described(c) or not self._described(best) else self._flagged(c) for c in tied]

    def _unnamed_in_hits(self, query: Query, index: int, hits: list[Hit]) -> list[str]:
        """The things a part answered in words must find named in its passages, that none of them names: another
        organisation, a document that is not indexed. Sentences about the region's own figures answer neither."""
        _part, scope = part_scope(query, index)
        within = [(query.parts[i].start, query.parts[i].end) for i in scope]
        texts = [Text.of(hit.context) for hit in hits[: self.settings.top_k]]
        missing = [
            o.text
            for o in query.other_organisations
            if any(a <= o.start < b for a, b in within) and not any(found_all(o.text, text) for text in texts)
        ]
        return missing + unindexed_documents(query, scope)

    def _passage_before(self, passage: Passage) -> Passage | None:
        """The passage before ``passage`` in its document (passages are stored in reading order)."""
        position = self.retriever.position_of_id(passage.id)
        if not position:
            return None
        previous = self.retriever.passages[position - 1]
        return previous if previous.doc_id == passage.doc_id else None

    def _described(self, candidate: Candidate) -> bool:
        return all(self.vocabulary.described(doc) for doc in candidate.usage.documents)

    def _flagged(self, candidate: Candidate) -> Candidate:
        """A figure from a file without a manifest entry, shown beside the described documents' figure as another
        source's value, never as the answer (a dropped-in file may plant figures)."""
        title = self._titles.get(next(iter(candidate.usage.documents)), "ett annat dokument")
        lines = tuple(replace(line, text=f"Obs! {title} anger ett annat värde – {line.text}") for line in candidate.lines)
        return replace(candidate, lines=lines)

    def _trusted_for(self, query: Query) -> Callable[[str], bool]:
        """Documents whose sentences weigh fully: those the manifest describes, and a file the question names by its
        title's words ("Vad står i anteckningen till beredningen …?" asks what that file says)."""
        asked = Text.of(query.text)

        def trusted(doc_id: str) -> bool:
            if self.vocabulary.described(doc_id):
                return True
            info = self.vocabulary.document(doc_id)
            title = [stem for stem in (info.title_stems if info else ()) if not stem.isdigit()]
            return bool(title) and all(found(stem, asked) for stem in title)

        return trusted

    def _key_in_lines(self, query: Query, index: int, candidate: Candidate) -> bool:
        """A figure answering a text question ("Vad är högkostnadsskyddet?") must name the part's most specific word
        itself, in its row or sentence: "Vad är ett målområde?" is not answered by a figure under such a heading."""
        key = most_specific_word(query, index, min_weight=0.0)
        if key is None:
            return True
        shown = Text.of(" ".join(line.text for line in candidate.lines))
        return found(key.stem, shown, (key.correction or key.text).lower(), not key.known)

    def _key_nearby(self, query: Query, index: int, candidate: Candidate) -> bool:
        """A stated figure is about what the part asks only when its passage names the part's most specific word:
        "12,5 mkr" for a ticket system is no answer to what an ambulance costs, however well "kostar" and "ny" match."""
        key = most_specific_word(query, index)
        if key is None or key.stem in candidate.usage.words:
            return True
        position = self.retriever.position_of_line(candidate.evidence[0].doc_id, candidate.evidence[0].source_line)
        if position is None:
            return True
        passage = Text.of(self.retriever.passages[position].text)
        return found(key.stem, passage, (key.correction or key.text).lower(), not key.known)

    def _conflicting(self, query: Query, index: int, best: Candidate, accepted: list[Candidate]) -> list[Candidate]:
        """Another document's figure for the same measure, as well matched: shown beside the chosen one with its source,
        never dropped silently (two documents may disagree; a file without a manifest entry may plant a figure)."""
        others = [
            c
            for c in accepted
            if c.route == best.route == "statement"
            and not c.usage.documents & best.usage.documents
            and c.score >= best.score - CONFLICT_MARGIN
            and names_key(query, index, c)
            and _figure_of(c) != _figure_of(best)
        ]
        if not others:
            return []
        other = max(others, key=lambda c: c.score)
        title = self._titles.get(next(iter(other.usage.documents)), "ett annat dokument")
        line = Line(f"Obs! {title} anger ett annat värde – {other.lines[0].text}", 0)
        return [Candidate(other.route, index, (line,), other.evidence, other.usage, other.score, intent=other.intent)]

    def _number_of(self, hit: Hit, sentence: str, cited: list[Citation]) -> int:
        """The citation number of the passage that holds ``sentence``: the hit's own, or a neighbour shown with it
        (then its page is the sentence's page); a citation is added for a neighbour not yet cited."""
        position = self.retriever.position_of_id(hit.passage.id)
        holder = hit.passage
        if position is not None and sentence[:40] not in " ".join(hit.passage.text.split()):
            for neighbour in (position - 1, position + 1):
                if 0 <= neighbour < len(self.retriever.passages):
                    passage = self.retriever.passages[neighbour]
                    if passage.doc_id == hit.passage.doc_id and sentence[:40] in " ".join(passage.text.split()):
                        holder = passage
                        break
        for number, citation in enumerate(cited, start=1):
            if citation.passage_id == holder.id:
                return number
        citation = table_citation(self.retriever, self.retriever.position_of_id(holder.id))
        cited.append(citation)
        return len(cited)

    def _evidence_citations(self, chosen: list[Candidate]) -> tuple[Citation, ...]:
        places = [(e.doc_id, e.source_line) for candidate in chosen for e in candidate.evidence]
        return self._citations_at(places)

    def _place(self, evidence: Evidence) -> str | None:
        position = self.retriever.position_of_line(evidence.doc_id, evidence.source_line)
        return None if position is None else self.retriever.passages[position].id

    def _generated(self, answer: Answer) -> Answer:
        """With an LLM endpoint configured, its checked wording of the answer; otherwise unchanged."""
        if not self.generation.enabled or answer.abstained or not answer.citations:
            return answer
        result = generate_answer(answer.question, answer.citations, answer.calculation, answer.text, self.generation)
        return replace(answer, text=result.text) if result.used_llm else answer

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


# A figure from another document is shown beside the chosen one when it matches the question this nearly as well.
CONFLICT_MARGIN = 0.05


def _figure_of(candidate: Candidate) -> str:
    return candidate.lines[0].text.split(":", 1)[0] if candidate.lines else ""


def _preference(candidate: Candidate, answer: str) -> float:
    """The route's preference; a table figure without a unit does not answer "how much" better than a sentence."""
    if candidate.route == "table" and answer == "amount" and not candidate.unit:
        return 0.0
    return ROUTE_PREFERENCE.get(candidate.route, 0.0)


MARKER = re.compile(r"\[(\d+)\]")


def cited_in_order(text: str, citations: tuple[Citation, ...]) -> tuple[str, tuple[Citation, ...]]:
    """The citations the answer refers to first, in the order it first refers to them, then the rest; the [n] marks
    renumbered to match. The first source is then the passage the answer's first sentence or cell comes from."""
    order: list[int] = []
    for match in MARKER.finditer(text):
        number = int(match.group(1))
        if 1 <= number <= len(citations) and number not in order:
            order.append(number)
    order += [n for n in range(1, len(citations) + 1) if n not in order]
    new_number = {old: new for new, old in enumerate(order, start=1)}
    renumbered = MARKER.sub(lambda m: f"[{new_number.get(int(m.group(1)), int(m.group(1)))}]", text)
    return renumbered, tuple(citations[n - 1] for n in order)


def _interleaved(lists: list[list[Hit]]) -> list[Hit]:
    """The parts' hits taken in turn (first of each, then second of each …), each passage once."""
    merged: list[Hit] = []
    seen: set[str] = set()
    for rank in range(max((len(hits) for hits in lists), default=0)):
        for hits in lists:
            if rank < len(hits) and hits[rank].passage.id not in seen:
                seen.add(hits[rank].passage.id)
                merged.append(hits[rank])
    return merged


def needs_calculation(query: Query, index: int) -> bool:
    """Whether part ``index`` asks for a figure no document states: a what-if, a per-invånare figure, a change between
    two years, a fee sum … — then only a calculator answers (a looked-up figure would answer another question)."""
    part = query.parts[index]
    others = frozenset().union(*(p.operations for i, p in enumerate(query.parts) if i != index and p.asking))
    operations = part.operations | (query.operations - (others - part.operations))  # another part's operation is its own
    if operations & CALCULATED:
        return True
    # a change or a sum over two years or more is arithmetic: the cells alone leave it undone
    return bool(operations & {Op.CHANGE, Op.SUM}) and len({y.year for y in part.years}) >= 2


# Operations whose answer no document states: only a calculator (or a sentence stating that very thing) answers.
CALCULATED = frozenset({Op.WHAT_IF, Op.PER_CAPITA, Op.TAX, Op.RESTORATION, Op.FEES, Op.PERSONNEL, Op.COMPARE})
# Operations whose operands may come from two documents the question names one of (per invånare, a share).
JOINING = frozenset({Op.PER_CAPITA, Op.SHARE})
# A sentence stating a difference itself: "… 17,3 mkr bättre än budget", "… 5,8 mkr lägre jämfört med".
STATED_COMPARISON = re.compile(
    r"\b(?:dyrare|billigare|större|mindre|högre|lägre|mer|fler|färre|bättre|sämre)\s+(?:än|jämfört med)\b", re.I
)
CHANGE_WORDS = re.compile(r"\b(?:ök|minsk|förändr|steg|stig|sjönk|sjunk|höj|sänk|lägre|högre)\w*", re.IGNORECASE)


def _states_asked_kind(candidate: Candidate, query: Query, index: int) -> bool:
    """A stated figure may answer a calculation question when its sentence states what is asked: a change stated as
    one ("… 7 procent i ökade läkemedelskostnader mellan år 2024 och 2025"), a deficit left to restore ("… uppgick
    efter 2024 till 675,1 miljoner kronor planeras att återställas …")."""
    if candidate.route != "statement":
        return False
    operations = (query.parts[index].operations | query.operations) & CALCULATED
    text = " ".join(e.text for e in candidate.evidence)
    cues = {operation: pattern for operation, pattern in OPERATION_CUES}
    stated = {Op.CHANGE: CHANGE_WORDS, Op.COMPARE: STATED_COMPARISON}
    return bool(operations) and all(stated.get(operation, cues[operation]).search(text) for operation in operations)


def _closest_gaps(query: Query, index: int, found: list[Candidate]) -> list[str]:
    """What the closest candidate lacked, to tell the user what the documents do not state."""
    if not found:
        return []
    best = max(found, key=lambda c: c.score)
    return gaps(query, index, best)


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
