"""What the indexed documents name: their titles and kinds, boards, own organisation and words.

Built once per loaded index and read by ``assistant.query`` to understand a question.
Everything here comes from the documents (manifest, titles, table rows, the registry,
passage text) or from how Swedish forms names (compounds, initials); nothing from
questions. A plan from another region or year gives another vocabulary, not a code change.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from index.analysis import STOPWORDS, stems, words
from ingest.assignments import Board
from ingest.models import Passage, Table
from ingest.text import years_in

# The head words a board's name ends in, and the letter its abbreviation takes for them.
BOARD_HEADS = ("nämnd", "styrelse", "fullmäktige")
_BOARD_LABEL = re.compile(r"^(?:[\wåäöÅÄÖ-]+\s+){0,4}?[\wåäöÅÄÖ-]*(?:nämnd|styrelse|fullmäktige|revision)\w*$", re.IGNORECASE)
# "Region Jämtland Härjedalen": the organisation the plans are written by is the region they name most.
REGION_NAME = re.compile(r"\bRegion ([A-ZÅÄÖ][a-zåäö]+(?: [A-ZÅÄÖ][a-zåäö]+)?)")
# A compound part shorter than this is not split off ("s" joins parts: "utvecklings|nämnd").
MIN_PART = 3
# Document kinds as a question names them; the manifest's kind word is added for each document.
KIND_WORDS = {
    "regionplan": ("regionplan", "plan"),
    "tertialrapport": ("tertialrapport", "tertial", "delårsrapport"),
    "summering": ("summering",),
    "tjänsteskrivelse": ("tjänsteskrivelse",),
    "årsredovisning": ("årsredovisning",),
}


@dataclass(frozen=True)
class DocumentInfo:
    """One indexed document as questions refer to it: title, kind, period and organ."""

    doc_id: str
    title: str
    kind: str | None
    period: tuple[int, ...]
    organ: str | None
    kind_words: frozenset[str]  # stems a question may use for this kind of document
    title_stems: frozenset[str]
    described: bool = True  # the manifest describes it (kind, organ, period …); a file dropped in without an entry is not

    @property
    def year(self) -> int:
        """The last year its period or title names: newer documents rank first."""
        return max(self.period or years_in(self.title) or (0,))

    @property
    def one_year(self) -> int | None:
        """The year of a document about one year (a tertial report), else None."""
        return self.period[0] if len(self.period) == 1 else None


@dataclass(frozen=True)
class BoardName:
    """A board the documents name, the stem of its last word, and the abbreviations that may stand for it."""

    name: str
    head: str  # stem of the name's last word: "kollektivtrafiknämnd"
    abbreviations: frozenset[str]


YEAR_IN = re.compile(r"\b(?:19|20)\d\d\b")
MIN_CAPTION_CHARS = 12


def _caption_name(caption: str) -> str:
    """A caption as a question may quote it: without "Tabell 24." and surrounding space, or "" when too short."""
    name = re.sub(r"^\s*Tabell\s+\d+\s*[.:]?\s*", "", caption).strip()
    return name if len(name) >= MIN_CAPTION_CHARS else ""


class Vocabulary:
    """The documents' names and words, for reading questions. Immutable after construction."""

    def __init__(
        self,
        passages: Sequence[Passage],
        tables: Sequence[Table],
        registry: Sequence[object],
        documents: Mapping[str, Mapping],
    ) -> None:
        self.documents = tuple(_document_info(doc_id, meta) for doc_id, meta in documents.items())
        self.frequency = Counter(stem for passage in passages for stem in set(stems(passage.index_text or passage.text)))
        self.passage_count = max(len(passages), 1)
        self.tokens = frozenset(token for passage in passages for token in words(passage.text) if not token[0].isdigit())
        names = Counter(name for passage in passages for name in REGION_NAME.findall(passage.text))
        self.own_region = names.most_common(1)[0][0] if names else None
        self.boards = _boards(registry, tables, self.tokens, passages)
        # The målområden the headings name ("Målområde för Ledningsprocesser"), lower case: a place a question asks for.
        self.goal_areas = frozenset(
            match.group(1).strip().lower()
            for passage in passages
            for heading in passage.section_path[:1]
            if (match := re.match(r"^\s*Målområde(?:\s+för)?\s+(.+?)\s*$", heading, re.IGNORECASE))
        )
        # Table captions that hold a year ("Sociala avgifter 2022–2027"), without their number ("Tabell 24."):
        # a question quoting one names the table, not the years it asks about.
        self.year_captions = tuple(
            sorted({caption for table in tables if (caption := _caption_name(table.caption)) and YEAR_IN.search(caption)})
        )
        self._texts: dict[str, str] = {}
        for passage in passages:
            self._texts[passage.doc_id] = self._texts.get(passage.doc_id, "") + "\n" + passage.text.lower()
        # One-letter deletions of the documents' longer words → the words, to correct a question's typo ("statsbidag").
        self._deletions: dict[str, str] = {}
        for token in sorted(self.tokens):
            if len(token) >= MIN_CORRECTED:
                for variant in _deletions(token):
                    self._deletions.setdefault(variant, token)

    @classmethod
    def from_retriever(cls, retriever) -> Vocabulary:
        """The vocabulary of a retriever's loaded index."""
        data = retriever.data
        return cls(retriever.passages, data.tables, data.registry, data.documents)

    def correction(self, word: str) -> str | None:
        """The document word one letter away from ``word`` (missing, extra or swapped letter), if ``word`` is unknown."""
        word = word.lower()
        if len(word) < MIN_CORRECTED - 1 or word in self.tokens:
            return None
        if (base := _undoubled(word)) in self.tokens:
            return base  # a definite form with its consonant doubled: "trafikförsörjningsprogrammet" → "…program"
        if word in self._deletions:
            return self._deletions[word]  # a letter missing: "statsbidag" → "statsbidrag", "indx" → "index"
        if len(word) < MIN_CORRECTED:
            return None
        for variant in _deletions(word):
            if variant in self.tokens:
                return variant  # a letter too many
            if variant in self._deletions and self._deletions[variant][0] == word[0]:
                return self._deletions[variant]  # a letter wrong
        return None

    def knows(self, stem: str) -> bool:
        """Whether any passage uses this stem."""
        return self.frequency[stem] > 0

    def idf(self, stem: str) -> float:
        """How specific a stem is: log of passages over passages using it (unknown stems count as rare)."""
        return math.log((self.passage_count + 1) / (self.frequency[stem] + 0.5))

    @cached_property
    def own_names(self) -> tuple[str, ...]:
        """How the documents' own organisation is named: "Region Jämtland Härjedalen", "Jämtland Härjedalen", "RJH"."""
        if not self.own_region:
            return ()
        full = f"Region {self.own_region}"
        initials = "".join(word[0] for word in full.split()).upper()
        return (full, self.own_region, initials)

    def board_in(self, board: str, documents: frozenset[str]) -> bool:
        """Whether any of ``documents`` names the board (its name's last word, inflected)."""
        head = board.split()[-1].lower()
        stem = head[:-2] if head.endswith(("en", "et")) else head
        return any(stem in mentioned for doc_id, mentioned in self._texts.items() if doc_id in documents)

    def organ_of(self, doc_id: str, board: str) -> bool:
        """Whether ``board`` is the organ a document is by or for (a board's own tertial report)."""
        document = self.document(doc_id)
        return bool(document and document.organ and document.organ.lower() == board.lower())

    def described(self, doc_id: str) -> bool:
        """Whether the manifest describes the document: its figures come before those of a file without an entry."""
        document = self.document(doc_id)
        return document is None or document.described

    def document(self, doc_id: str) -> DocumentInfo | None:
        return next((document for document in self.documents if document.doc_id == doc_id), None)


MIN_CORRECTED = 5  # shorter words are too easily another word with one letter changed


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _document_info(doc_id: str, meta: Mapping) -> DocumentInfo:
    title = meta.get("title") or doc_id
    kind = meta.get("kind") or _kind_from_title(title)
    period = years_in(meta.get("period") or "") or years_in(title)
    kind_words = frozenset(stem for word in KIND_WORDS.get(kind or "", (kind,) if kind else ()) for stem in stems(word))
    described = any(meta.get(field) for field in ("kind", "organ", "period", "date", "diarienummer"))
    return DocumentInfo(doc_id, title, kind, period, meta.get("organ"), kind_words, frozenset(stems(title)), described)


def _kind_from_title(title: str) -> str | None:
    """A document's kind from its title when the manifest has none ("Tertialrapport 1 …" → tertialrapport)."""
    folded = title.lower()
    return next((kind for kind, names in KIND_WORDS.items() if any(name in folded for name in names)), None)


def _boards(registry: Sequence[object], tables: Sequence[Table], tokens: frozenset[str], passages) -> tuple[BoardName, ...]:
    """The boards: the registry's list of boards and board-like table rows ("Patientnämnden", "Revision")."""
    names = [record.name for record in registry if isinstance(record, Board)]
    names += [label for table in tables for label in table.rows if _BOARD_LABEL.match(label.strip()) and len(label) < 60]
    running = _running_text_boards(passages)
    explicit = _explicit_abbreviations(passages)
    boards: dict[str, BoardName] = {}
    for name in names:
        name = " ".join(name.replace("*", "").split())
        head = stems(name.split()[-1])
        if not head or any(board.head == head[0] for board in boards.values()):
            continue
        abbreviations = board_initials(name, tokens) | explicit.get(name.lower(), frozenset())
        boards[name] = BoardName(name, head[0], abbreviations)
    for name in running:  # only when no board already ends so ("hälso- och sjukvårdsnämnden")
        head = stems(name)
        if head and not any(head[0].endswith(board.head) or board.head.endswith(head[0]) for board in boards.values()):
            boards[name] = BoardName(name, head[0], board_initials(name, tokens) | explicit.get(name.lower(), frozenset()))
    return tuple(boards.values())


# A board named in running text: "Kollektivtrafiknämnden ska utveckla …", "hälso- och sjukvårdsnämnden".
# Only "-nämnden": "Socialstyrelsen" and "Länsstyrelsen" are state agencies, and the region's styrelse is in the registry.
RUNNING_BOARD = re.compile(r"(?<![\w-])([a-zåäö]{3,}nämnden)\b", re.IGNORECASE)


def _running_text_boards(passages: Iterable[Passage]) -> list[str]:
    """Boards the text names in the definite form ("kollektivtrafiknämnden"), capitalised as names."""
    found: dict[str, str] = {}
    for passage in passages:
        for match in RUNNING_BOARD.finditer(passage.text):
            name = " ".join(match.group(1).split())
            found.setdefault(name.lower(), name[:1].upper() + name[1:])
    return list(found.values())


EXPLICIT_ABBREVIATION = re.compile(r"([A-ZÅÄÖa-zåäö][\wåäö-]*(?:\s+(?:och\s+)?[\wåäö-]+){0,3})\s+\(([A-ZÅÄÖ]{2,5})\)")
ABBREVIATION_MARK = re.compile(r"\s\([A-ZÅÄÖ]{2,5}\)")


def _explicit_abbreviations(passages: Iterable[Passage]) -> dict[str, frozenset[str]]:
    """Abbreviations the text gives in parentheses after a name: "regionala utvecklingsnämnden (RUN)"."""
    found: dict[str, set[str]] = {}
    for passage in passages:
        # The full pattern tries every word of a text; only texts holding "(ABC)" can match it (most hold none).
        if not ABBREVIATION_MARK.search(passage.text):
            continue
        for match in EXPLICIT_ABBREVIATION.finditer(passage.text):
            found.setdefault(match.group(1).lower(), set()).add(match.group(2))
    return {name: frozenset(abbreviations) for name, abbreviations in found.items()}


def board_initials(name: str, tokens: Iterable[str]) -> frozenset[str]:
    """Abbreviations a board's name can have: the initials of its words and of their compound parts.

    Swedish abbreviates a board by the first letters of the parts of its name: "Regionstyrelsen"
    → RS (region|styrelsen), "Hälso- och sjukvårdsnämnden" → HSN, "Kollektivtrafiknämnden" → KTN
    (kollektiv|trafik|nämnden). A part is a word the documents use; every way of splitting is kept.

    >>> sorted(board_initials("Kollektivtrafiknämnden", {"kollektiv", "trafik", "nämnden", "kollektivtrafik"}))
    ['KN', 'KTN']
    """
    known = frozenset(word[:cut] for word in tokens for cut in range(max(MIN_PART, len(word) - 2), len(word) + 1))
    choices: list[set[str]] = [{""}]
    for word in re.split(r"[\s-]+", name.lower()):
        if not word or word in STOPWORDS:
            continue
        choices.append({"".join(part[0] for part in parts) for parts in _splits(word, known)})
    initials = {""}
    for options in choices:
        initials = {prefix + option for prefix in initials for option in options}
    return frozenset(initial.upper() for initial in initials if len(initial) >= 2)


def _splits(word: str, known: frozenset[str], depth: int = 0) -> list[tuple[str, ...]]:
    """Ways to read ``word`` as compound parts: the word whole, or a known head word after known parts."""
    ways: list[tuple[str, ...]] = [(word,)]
    if depth >= 3:
        return ways
    heads = [head for head in BOARD_HEADS if word.startswith(head) and word != head]
    if heads:
        return ways  # "nämnden" is one part
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        left, right = word[:cut], word[cut:]
        if not _is_part(left, known):
            continue
        for rest in _splits(right, known, depth + 1):
            if _is_part(rest[0], known) or any(rest[0].startswith(head) for head in BOARD_HEADS):
                ways.append((left, *rest))
    return ways


def _is_part(part: str, known: frozenset[str]) -> bool:
    """A compound part: a word the documents use, an inflection's stem ("trafik" of "trafiken"), or with a joining "s"."""
    if len(part) < MIN_PART:
        return False
    return part in known or (part.endswith("s") and part[:-1] in known)


# Endings after which Swedish doubles a noun's final consonant: "program" → "programmet", "stam" → "stammen".
DOUBLING_ENDINGS = ("arnas", "ernas", "arna", "erna", "ets", "ens", "et", "en", "ar", "er")


def _undoubled(word: str) -> str | None:
    """The base form of a word whose ending doubled its last consonant ("programmet" → "program"), or None."""
    for ending in DOUBLING_ENDINGS:
        base = word[: -len(ending)]
        if word.endswith(ending) and len(base) > 3 and base[-1] == base[-2] and base[-1] in "bdfgklmnprstv":
            return base[:-1]
    return None
