"""Compose an extractive answer: the sentences of the best passages that match the question.

Pure functions over retrieval hits, so the CLI, the app and the tests share them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from assistant.matching import Text, coverage, found, names
from assistant.models import Citation
from assistant.query import NUMBER_WORDS, Query
from calculators import Calculation
from index.search import Hit, Retriever

# Sentences end at punctuation before a capital, and at paragraph breaks; a single line break
# (where a passage meets its neighbour) may fall mid-sentence.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9•])|\n{2,}|\n(?=•)")
# How many of the question's content words the best passage must contain for
# the documents to be taken as answering it; chosen on the dev set (README).
MIN_COVERAGE = 0.5
# … and the best single passage at least this much (calibrated with MIN_COVERAGE, README).
MIN_SINGLE_COVERAGE = 0.3
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
        pages=hit.pages or passage.pages,
    )


def table_citation(retriever: Retriever, position: int) -> Citation:
    """The citation of the passage at ``position`` (a table's rows), with its neighbours."""
    return citation_for(retriever.hit(position))


STEPS_HEADING = "Så här är det beräknat:"  # between a calculation answer's lead sentence and its steps


def calculation_text(calculation: Calculation) -> str:
    """The answer to a numeric question: the result first, then every step, citing the table [1]."""
    steps = "\n".join(f"{number}. {step}" for number, step in enumerate(calculation.steps, start=1))
    return f"{calculation.steps[-1]} [1]\n\n{STEPS_HEADING}\n{steps}"


STEPS_HEADING = "Så här är det beräknat:"


def steps_text(calculations: list[Calculation]) -> str:
    """Every step of the calculations, numbered, under one heading (shown once; the UI folds it away)."""
    steps = [step for calculation in calculations for step in calculation.steps]
    numbered = "\n".join(f"{number}. {step}" for number, step in enumerate(steps, start=1))
    return f"{STEPS_HEADING}\n{numbered}"


def no_calculation_text(error: Exception) -> str:
    """Why a numeric question could not be calculated; no figure is given instead."""
    return f"Jag kan inte räkna ut det ur tabellerna: {error} Här är de avsnitt som ligger närmast frågan."


def no_figure_text(query, unexplained: list[tuple[int, list[str]]]) -> str:
    """Why no figure is given: per unanswered part, what the documents do not state (no figure is guessed)."""
    whole = len(unexplained) == len([p for p in query.parts if p.asking])
    missing = list(dict.fromkeys(gap for _, gaps in unexplained for gap in gaps))[:4]
    what = f" De avsnitt som ligger närmast frågan nämner inte {', '.join(missing)}." if missing else ""
    subject = "frågan" if whole else "en del av frågan"
    return (
        f"Jag hittar ingen siffra i dokumenten som besvarar {subject}.{what} "
        "Därför anger jag ingen siffra; de närmaste avsnitten finns bland källorna."
    )


def supported(query: Query, hits: list[Hit]) -> bool:
    """Whether the best passages hold enough of the question to answer it from them.

    The top three passages together must hold MIN_COVERAGE of the question's (weighted) words,
    and one of them MIN_SINGLE_COVERAGE alone: a question about two documents is answered by
    two passages, but a few common words scattered over three passages answer nothing.
    """
    top = hits[:3]
    words = list(query.required_words) or list(query.words)
    if not top or not words:
        return False
    joined = Text.of("\n".join(f"{hit.passage.index_text}\n{hit.context}" for hit in top))
    together, _ = coverage(words, joined)
    if together < MIN_COVERAGE:
        return False
    return max(coverage(words, Text.of(f"{hit.passage.index_text}\n{hit.context}"))[0] for hit in top) >= MIN_SINGLE_COVERAGE


def has_figure(text: str) -> bool:
    """Whether a text states a figure: a number that is not a year nor part of a word ("6-åringar")."""
    return any(not re.fullmatch(r"(19|20)\d\d", match.group(0).strip()) for match in FIGURE.finditer(text))


class _Sentence(NamedTuple):
    """A candidate sentence: its text, where it stands (hit, position) and its analysed words."""

    text: str
    hit: int
    position: int
    analysed: Text
    figure: bool
    names_board: bool
    described: bool  # from a document the manifest describes (a dropped-in file without an entry is not)


def best_sentences(
    query: Query,
    parts: list[int],
    hits: list[Hit],
    shown: set[str],
    boards: tuple[str, ...] = (),
    described: Callable[[str], bool] = lambda doc_id: True,
) -> list[tuple[str, int]]:
    """The sentences that best answer the question's ``parts``, each with the index of the hit it comes from.

    Per part, greedily: each sentence adds the weight of the part's words it holds that earlier picks
    lacked; a sentence right after one already shown (or picked) continues it ("Den enda åtgärd … är
    rivning av BUP. Det prioriteras … för en bättre parkeringssituation."); a "vem" question favours
    sentences naming a board, a figure question sentences with a figure. ``shown`` are sentences the
    answer already quotes. A sentence ending in ":" brings what it introduces.
    """
    sentences = _sentences(hits, boards, described)
    chosen: list[tuple[str, int]] = []
    picked: set[tuple[int, int]] = {(s.hit, s.position) for s in sentences if s.text in shown}
    for index in parts:
        part = query.parts[index]
        words = list(part.words)
        covered: set[str] = set()
        points = 0  # picks that added words; a sentence only going on about the one before does not use up a pick
        for pick in range(PER_PART + MAX_CONTINUATIONS):
            scored = [
                (_gain(sentence, words, covered, part.answer, picked), sentence)
                for sentence in sentences
                if (sentence.hit, sentence.position) not in picked and not any(sentence.text in text for text, _ in chosen)
            ]
            best = max(scored, key=lambda item: (item[0], -item[1].hit, -item[1].position), default=None)
            if points >= PER_PART or best is None or best[0] < (MIN_GAIN if pick == 0 else MIN_MORE):
                break
            sentence = best[1]
            text = _with_introduced([s.text for s in sentences if s.hit == sentence.hit], sentence.position, part.text)
            chosen.append((text, sentence.hit))
            picked.add((sentence.hit, sentence.position))
            added = {w.stem for w in words if found(w.stem, Text.of(text), w.text.lower())} - covered
            points += 1 if added else 0
            covered |= added
    return chosen


# Sentences picked per part of the question, and the least a sentence must add to be picked.
# A sentence from a file the manifest does not describe counts this much less: the plans' own words come first.
UNDESCRIBED_PENALTY = 0.5
PER_PART = 2
MAX_CONTINUATIONS = 1  # sentences beyond PER_PART that only go on about the one before
MIN_GAIN = 0.2
# Words a sentence continues the previous one with: it says more about the same thing.
CONTINUES = re.compile(
    r"^(?:det|den|detta|dessa|denna|de|där|då|även|dessutom|men|samtidigt|vilket|också|därför|däremot|därmed|så)\b",
    re.IGNORECASE,
)
MIN_MORE = 0.15


def _sentences(hits: list[Hit], boards: tuple[str, ...], described: Callable[[str], bool]) -> list[_Sentence]:
    found_sentences = []
    for number, hit in enumerate(hits[:5]):
        trusted = described(hit.passage.doc_id)
        for position, text in enumerate(split_sentences(hit.context)):
            analysed = Text.of(text)
            named = any(names(board, analysed) for board in boards)
            found_sentences.append(_Sentence(text, number, position, analysed, has_figure(text), named, trusted))
    return found_sentences


def _gain(sentence: _Sentence, words, covered: set[str], answer: str, picked: set[tuple[int, int]]) -> float:
    """What a sentence adds to a part's answer (see best_sentences)."""
    new = [w for w in words if w.stem not in covered and found(w.stem, sentence.analysed, w.text.lower())]
    gain = sum(w.weight for w in new)
    total = sum(w.weight for w in words) or 1.0
    share = gain / total
    follows = (sentence.hit, sentence.position - 1) in picked
    precedes = (sentence.hit, sentence.position + 1) in picked  # the sentence before one shown often names its subject
    continues = CONTINUES.match(sentence.text) or any(found(w.stem, sentence.analysed, w.text.lower()) for w in words)
    if answer not in ("amount", "percent", "count") and _table_dump(sentence.text):
        return 0.0  # a table's rows run together ("Nyinvesteringar … 91 52 35 4 56") explain nothing in words
    if not new and not (follows and continues):
        return 0.0  # a sentence adding nothing new is shown only when it goes on about it ("Det …", "Undantagen …")
    bonus = 0.3 if follows else 0.1 if precedes else 0.0
    if answer == "who" and sentence.names_board:
        bonus += 0.3
    if answer in ("amount", "percent", "count") and sentence.figure:
        bonus += 0.15
    penalty = 0.0 if sentence.described else UNDESCRIBED_PENALTY
    return share + bonus - 0.02 * sentence.hit - penalty


# A "sentence" with this many numbers, making up this share of its tokens, is a table's rows run together.
DUMP_NUMBERS = 8
DUMP_SHARE = 0.3


def _table_dump(text: str) -> bool:
    tokens = text.split()
    numbers = sum(1 for token in tokens if any(ch.isdigit() for ch in token))
    return numbers >= DUMP_NUMBERS and numbers >= DUMP_SHARE * len(tokens)


# A figure's or table's caption ("Figur 1.") is no continuation of the sentence before it.
CAPTION = re.compile(r"^(?:Figur|Tabell|Diagram|Bild|Bilaga)\s+\d", re.IGNORECASE)
LIST_QUESTION = re.compile(r"\bvilka\b", re.IGNORECASE)
MAX_LIST_ITEMS = 7


def _with_introduced(sentences: list[str], position: int, part_text: str) -> str:
    """A sentence with what completes it: the lines a ":" introduces (or, for a "vilka" question, the short items that
    follow it), or a short sentence right after."""
    text = sentences[position]
    following = sentences[position + 1 :]
    if text.rstrip().endswith(":"):
        return " ".join([text, *following[:3]])
    if LIST_QUESTION.search(part_text) and (announced := _announced_count(text)) and len(following) >= announced:
        items = following[:announced]  # "… bygger på de sex grundläggande principer …" and the six that follow
        if all(len(item.split()) <= MAX_ITEM_WORDS for item in items):
            return " ".join([text, *items])
    if LIST_QUESTION.search(part_text):
        items = []
        for item in following:
            if len(item.split()) > SHORT_SENTENCE_WORDS + 3 or len(items) >= MAX_LIST_ITEMS:
                break
            items.append(item)
        if len(items) >= 2:
            return " ".join([text, *items])
    if (
        following
        and len(following[0].split()) <= SHORT_SENTENCE_WORDS
        and not following[0].startswith("•")
        and not CAPTION.match(following[0])
    ):
        text = f"{text} {following[0]}"  # "… har påbörjats. Planerad inflyttning 2028."
    return text


# A sentence announcing how many items follow: "de sex grundläggande principer", "följande tre områden".
ANNOUNCED = re.compile(rf"\b(?:de|dessa|följande)\s+(?:följande\s+)?(?P<count>{'|'.join(NUMBER_WORDS)}|[2-9])\s+[a-zåäö]", re.I)
MAX_ITEM_WORDS = 25


def _announced_count(sentence: str) -> int | None:
    """How many list items a sentence announces (2–MAX_LIST_ITEMS), or None."""
    match = ANNOUNCED.search(sentence)
    if match is None:
        return None
    word = match.group("count").lower()
    count = int(word) if word.isdigit() else NUMBER_WORDS[word]
    return count if 2 <= count <= MAX_LIST_ITEMS else None


def split_sentences(text: str) -> list[str]:
    """Sentences and list items of a passage, bullets stripped."""
    parts = (part.strip(" •▪") for part in SENTENCE_END.split(text))
    return [part for part in parts if len(part) > 2]


def compose_answer(
    query: Query,
    parts: list[int],
    hits: list[Hit],
    numbers: list[int] | None = None,
    shown: set[str] = frozenset(),
    boards=(),
    described: Callable[[str], bool] = lambda doc_id: True,
) -> tuple[str, list[str]]:
    """The answer text from the best sentences for ``parts`` with [n] markers, and the sentences used.

    ``numbers[i]`` is the citation number of ``hits[i]`` (default i + 1).
    """
    numbers = numbers or list(range(1, len(hits) + 1))
    sentences = best_sentences(query, parts, hits, set(shown), tuple(boards), described)
    text = " ".join(f"{sentence} [{numbers[index]}]" for sentence, index in sentences)
    return text, [sentence for sentence, _ in sentences]


def citation_heading(number: int, citation: Citation) -> str:
    """ "[2] Regionplan och budget 2026–2028 – Tabell 7 – s. 41": where a cited passage is ("s. 41–42" over two pages)."""
    where = [citation.title]
    if citation.section:
        where.append(citation.section)
    pages = page_label(citation.pages or ((citation.page,) if citation.page is not None else ()))
    if pages:
        where.append(pages)
    return f"[{number}] " + " – ".join(where)


def page_label(pages: tuple[int, ...]) -> str:
    """ "s. 12", "s. 12–13" for a run of pages, "s. 12, 14" otherwise; empty without pages.

    >>> page_label((12, 13, 14)), page_label((12, 14)), page_label(())
    ('s. 12–14', 's. 12, 14', '')
    """
    if not pages:
        return ""
    if len(pages) > 1 and list(pages) == list(range(pages[0], pages[-1] + 1)):
        return f"s. {pages[0]}–{pages[-1]}"
    return "s. " + ", ".join(str(page) for page in pages)


def citations_markdown(citations: tuple[Citation, ...]) -> str:
    """A numbered source list, one line per citation."""
    return "\n".join(citation_heading(number, citation) for number, citation in enumerate(citations, start=1))
