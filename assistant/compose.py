"""Compose an extractive answer: the sentences of the best passages that match the question.

Pure functions over retrieval hits, so the CLI, the app and the tests share them.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from assistant.models import Citation
from calculators import Calculation
from index.analysis import stems
from index.search import Hit, Retriever

# Sentences end at punctuation before a capital, and at paragraph breaks; a single line break
# (where a passage meets its neighbour) may fall mid-sentence.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9•])|\n{2,}|\n(?=•)")
# How many of the question's content words the best passage must contain for
# the documents to be taken as answering it; chosen on the dev set (README).
MIN_COVERAGE = 0.5
# … and the best single passage at least this much (calibrated with MIN_COVERAGE, README).
MIN_SINGLE_COVERAGE = 0.3
FIGURE_WORDS = re.compile(r"\b(hur (mycket|stor|stort|stora|många)|vad kostar|belopp|vilket (tak|belopp)|taxa)", re.IGNORECASE)
AMOUNT_QUESTION = re.compile(
    r"\b(hur mycket|vad kostar|vilket belopp|hur stort belopp|hur stor andel|hur många|hur stora?)\b", re.IGNORECASE
)
# "…, och vilken …", "… jämfört med …": a question with two parts may need a sentence for each.
TWO_PART_QUESTION = re.compile(r",? och (?=(?:vilke[nt]|vad|hur|när|vem)\b)|\bjämfört med\b", re.IGNORECASE)
# A sentence this short right after the chosen one completes it rather than starting a new point.
SHORT_SENTENCE_WORDS = 5
FIGURE = re.compile(r"(?<![\w-])\d[\d ,.]*(?![\w-])")
NO_FIGURE_TEXT = (
    "Dokumenten nämner detta, men jag hittar ingen siffra för det i dem, så jag kan inte ange något belopp. "
    "De närmaste avsnitten finns bland källorna."
)
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


STEPS_HEADING = "Så här är det beräknat:"  # between a calculation answer's lead sentence and its steps


def calculation_text(calculation: Calculation) -> str:
    """The answer to a numeric question: the result first, then every step, citing the table [1]."""
    steps = "\n".join(f"{number}. {step}" for number, step in enumerate(calculation.steps, start=1))
    return f"{calculation.steps[-1]} [1]\n\n{STEPS_HEADING}\n{steps}"


def no_calculation_text(error: Exception) -> str:
    """Why a numeric question could not be calculated; no figure is given instead."""
    return f"Jag kan inte räkna ut det ur tabellerna: {error} Här är de avsnitt som ligger närmast frågan."


def coverage(question: str, text: str) -> float:
    """Share of the question's content stems found in ``text`` (substring match handles compounds)."""
    wanted = set(stems(question))
    if not wanted:
        return 0.0
    have = set(stems(text))
    folded = text.lower()
    found = sum(1 for stem in wanted if _found(stem, have, folded))
    return found / len(wanted)


def _found(stem: str, have: set[str], folded: str) -> bool:
    """A question stem is in a text as a stem, an inflection of one, or inside a compound."""
    if stem in have or (len(stem) >= 5 and stem in folded):
        return True
    return len(stem) >= 5 and any(word.startswith(stem[:-2]) and abs(len(word) - len(stem)) <= 3 for word in have)


def figure_supported(sentences: list[str], rare: list[str]) -> bool:
    """Whether a sentence states a figure together with the question's rare words.

    A figure next to other words (another share, another year) is no answer: the
    sentence must also name at least half of what the question is specifically about.
    """
    for sentence in sentences:
        have, folded = set(stems(sentence)), sentence.lower()
        named = sum(1 for stem in rare if _found(stem, have, folded))
        if has_figure(sentence) and 2 * named >= len(rare):
            return True
    return False


def has_figure(text: str) -> bool:
    """Whether a text states a figure: a number that is not a year nor part of a word ("6-åringar")."""
    return any(not re.fullmatch(r"(19|20)\d\d", match.group(0).strip()) for match in FIGURE.finditer(text))


def supported(question: str, hits: list[Hit], rare: list[str] | tuple[str, ...] = ()) -> bool:
    """Whether the best passages contain enough of the question to answer from them.

    The top three passages together must cover the question (a question about two
    documents is answered by two passages), and one of them must cover a good part
    alone, or they must name most of the question's rare words (a property's name, a
    programme): specific words found are stronger evidence than many common ones.
    """
    top = hits[:3]
    if not top:
        return False
    joined = "\n".join(f"{hit.passage.index_text}\n{hit.context}" for hit in top)
    if coverage(question, joined) < MIN_COVERAGE:
        return False
    if max(coverage(question, hit.passage.index_text) for hit in top) >= MIN_SINGLE_COVERAGE:
        return True
    have, folded = set(stems(joined)), joined.lower()
    return bool(rare) and 2 * sum(1 for stem in rare if _found(stem, have, folded)) >= len(rare)


def asks_for_amount(question: str) -> bool:
    """ "Hur mycket kostar …", "vilket belopp …": the answer must be a figure the documents state."""
    return bool(AMOUNT_QUESTION.search(question))


def best_sentences(question: str, hits: list[Hit], count: int = 2, rare: frozenset[str] = frozenset()) -> list[tuple[str, int]]:
    """Sentences that together best cover the question, each with the index of the hit it comes from.

    A two-part question ("…, och vad har hänt …") gets a sentence per part. Within a
    part the pick is greedy: each adds the most question words not yet covered, a
    document's title counting for its sentences ("enligt tertialrapport 1"), a figure
    counting for figure questions, a rare word counting double. A sentence ending in ":"
    brings what it introduces.
    """
    parts = [part for part in TWO_PART_QUESTION.split(question) if part and len(stems(part)) > 1]
    parts = parts if len(parts) > 1 else [question]
    # A second part too short to search on its own ("och när?") still wants its own sentence.
    per_part = 1 if len(parts) > 1 else count + 1 if TWO_PART_QUESTION.search(question) else count
    passages = [split_sentences(hit.context) for hit in hits[:5]]
    titles = [set(stems(hit.passage.doc_title)) for hit in hits[:5]]
    # Analysed once: each sentence is scored again for every pick.
    analysed = [
        [_Sentence(text, set(stems(text)), text.lower(), has_figure(text)) for text in sentences] for sentences in passages
    ]
    chosen: list[tuple[str, int]] = []
    picked: set[tuple[int, int]] = set()
    for part in parts:
        wanted, covered = set(stems(part)), set()
        figure_wanted = bool(FIGURE_WORDS.search(part))
        for _ in range(per_part):
            scored = [
                (_gain(sentence, titles[index], wanted - covered, rare, figure_wanted, index), index, position)
                for index, sentences in enumerate(analysed)
                for position, sentence in enumerate(sentences)
                if (index, position) not in picked
            ]
            best = max(scored, key=lambda item: (item[0], -item[1], -item[2]), default=None)
            if best is None or best[0] <= 0:
                break
            _value, index, position = best
            text = _with_introduced(passages[index], position)
            chosen.append((text, index))
            picked.add((index, position))
            have = set(stems(text)) | titles[index]
            covered |= {stem for stem in wanted if _found(stem, have, text.lower())}
    return chosen


class _Sentence(NamedTuple):
    """A candidate sentence with what scoring needs of it, computed once."""

    text: str
    stems: set[str]
    folded: str
    has_figure: bool


def _gain(sentence: _Sentence, title: set[str], wanted: set[str], rare: frozenset[str], figure_wanted: bool, rank: int) -> float:
    """What a sentence adds: the still-wanted words it (or its document's title) has, rare ones double."""
    if not any(_found(stem, sentence.stems, sentence.folded) for stem in wanted):
        return 0.0
    have = sentence.stems | title
    new = sum(2 if stem in rare else 1 for stem in wanted if _found(stem, have, sentence.folded))
    figure = 0.5 if figure_wanted and sentence.has_figure else 0.0
    return new + figure - 0.1 * rank


def _with_introduced(sentences: list[str], position: int) -> str:
    """A sentence with what completes it: the lines a ":" introduces, or a short sentence right after."""
    text = sentences[position]
    if text.rstrip().endswith(":"):
        return " ".join([text, *sentences[position + 1 : position + 3]])
    following = sentences[position + 1] if position + 1 < len(sentences) else ""
    if following and len(following.split()) <= SHORT_SENTENCE_WORDS and not following.startswith("•"):
        text = f"{text} {following}"  # "… har påbörjats. Planerad inflyttning 2028."
    return text


def split_sentences(text: str) -> list[str]:
    """Sentences and list items of a passage, bullets stripped."""
    parts = (part.strip(" •▪") for part in SENTENCE_END.split(text))
    return [part for part in parts if len(part) > 2]


def compose_answer(
    question: str, hits: list[Hit], numbers: list[int] | None = None, rare: frozenset[str] = frozenset()
) -> tuple[str, list[str]]:
    """The answer text from the best sentences with [n] markers, and the sentences used.

    ``numbers[i]`` is the citation number of ``hits[i]`` (default i + 1).
    """
    numbers = numbers or list(range(1, len(hits) + 1))
    sentences = best_sentences(question, hits, rare=rare)
    text = " ".join(f"{sentence} [{numbers[index]}]" for sentence, index in sentences)
    return text, [sentence for sentence, _ in sentences]


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
