"""Compose an extractive answer: the sentences of the best passages that match the question.

Pure functions over retrieval hits, so the CLI, the app and the tests share them.
"""

from __future__ import annotations

import re

from assistant.models import Citation
from calculators import Calculation
from index.analysis import stems
from index.search import Hit, Retriever

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9•])|\n+")
# How many of the question's content words the best passage must contain for
# the documents to be taken as answering it; chosen on the dev set (README).
MIN_COVERAGE = 0.5
ABSTAIN_TEXT = (
    "Jag hittar inget stöd för det i dokumenten. Frågan verkar inte besvaras av de "
    "planeringsdokument som finns indexerade. Pröva att formulera om frågan med ord "
    "som används i regionplanen, t.ex. en nämnd, ett målområde eller en budgetpost."
)
EMPTY_TEXT = "Skriv en fråga om regionens planeringsdokument, t.ex. ”Vilket lånetak gäller för 2027?”"


def citation_for(hit: Hit) -> Citation:
    """The citation shown for a hit: its document, section, page and text with neighbours."""
    passage = hit.passage
    return Citation(
        passage_id=passage.id,
        document=passage.doc_id,
        title=passage.doc_title,
        section=" > ".join(passage.section_path) or None,
        page=passage.page,
        text=hit.context,
        score=hit.score,
    )


def table_citation(retriever: Retriever, position: int) -> Citation:
    """The citation of the passage at ``position`` (a table's rows), with its neighbours."""
    passage = retriever.passages[position]
    hit = Hit(passage, 1.0, None, None, retriever.context(position))
    return citation_for(hit)


def calculation_text(calculation: Calculation) -> str:
    """The answer to a numeric question: the result first, then every step, citing the table [1]."""
    steps = "\n".join(f"{number}. {step}" for number, step in enumerate(calculation.steps, start=1))
    return f"{calculation.steps[-1]} [1]\n\nSå här är det beräknat:\n{steps}"


def no_calculation_text(error: Exception) -> str:
    """Why a numeric question could not be calculated; no figure is given instead."""
    return (
        f"Jag kan inte räkna ut det ur tabellerna: {error} "
        "Här är de avsnitt som ligger närmast frågan."
    )


def coverage(question: str, text: str) -> float:
    """Share of the question's content stems found in ``text`` (substring match handles compounds)."""
    wanted = set(stems(question))
    if not wanted:
        return 0.0
    have = set(stems(text))
    folded = text.lower()
    found = sum(1 for stem in wanted if stem in have or (len(stem) >= 5 and stem in folded))
    return found / len(wanted)


def supported(question: str, hits: list[Hit]) -> bool:
    """Whether the best passages contain enough of the question to answer from them."""
    return any(coverage(question, hit.passage.index_text) >= MIN_COVERAGE for hit in hits[:3])


def best_sentences(question: str, hits: list[Hit], count: int = 2) -> list[tuple[str, int]]:
    """The ``count`` sentences that best cover the question, with the citation number they come from."""
    scored: list[tuple[float, int, str]] = []
    for number, hit in enumerate(hits[:3], start=1):
        for sentence in split_sentences(hit.passage.text):
            score = coverage(question, sentence) + 0.1 * (4 - number)
            scored.append((score, number, sentence))
    scored.sort(key=lambda item: -item[0])
    chosen: list[tuple[str, int]] = []
    for _score, number, sentence in scored:
        if sentence not in (text for text, _ in chosen):
            chosen.append((sentence, number))
        if len(chosen) == count:
            break
    return chosen


def split_sentences(text: str) -> list[str]:
    """Sentences and list items of a passage, bullets stripped."""
    parts = (part.strip(" •▪") for part in SENTENCE_END.split(text))
    return [part for part in parts if len(part) > 2]


def compose_answer(question: str, hits: list[Hit]) -> str:
    """The answer text: best sentences with [n] markers pointing at the citations."""
    sentences = best_sentences(question, hits)
    return " ".join(f"{sentence} [{number}]" for sentence, number in sentences)


def citation_heading(number: int, citation: Citation) -> str:
    """ "[2] Regionplan och budget 2026–2028 – Tabell 7 – s. 41": where a cited passage is."""
    where = [citation.title]
    if citation.section:
        where.append(citation.section)
    if citation.page is not None:
        where.append(f"s. {citation.page}")
    return f"[{number}] " + " – ".join(where)


def citations_markdown(citations: tuple[Citation, ...]) -> str:
    """A numbered source list, one line per citation."""
    return "\n".join(citation_heading(number, citation) for number, citation in enumerate(citations, start=1))
