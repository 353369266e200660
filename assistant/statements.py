"""Figures stated in running text: the sentence that names the measure gives the figure and its unit.

Class of questions: a figure the documents state in a sentence, not a table — "Hur mycket
dyrare blev pensionerna 2023?" ("… ökade pensionskostnader 2023 på 164 miljoner kronor …"),
"Hur stort tilläggsanslag fick RUN?" ("Tilläggsanslag 3 mkr för 2026 …"), "Upp till vilken
ålder är det gratis …?" ("… under 23 år"). Each figure in the best passages' sentences is
read with its unit and the year it stands nearest; the figure chosen is the one whose
sentence names most of what the question asks (weighted by how specific each word is),
for the year asked, in the kind of unit asked. It also serves calculations: a stated
figure becomes a Cell that carries its document and line ("Räknar på 6 mkr för tre år").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from assistant.accept import MIN_KEY_WEIGHT, part_documents, part_scope, specific_words
from assistant.candidates import Candidate, Evidence, Line, Usage
from assistant.matching import Text, coverage, found, names
from assistant.query import NUMBER_WORDS, Query, parse_decimal
from assistant.table_answers import excluded_in
from assistant.vocabulary import Vocabulary
from ingest.models import Cell, Passage

_NUMBER = r"(?:\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(?:,\d+)?"
MONEY = re.compile(
    rf"(?P<sign>minus\s+|-\s?|−\s?)?(?<![\d,])(?P<number>{_NUMBER})\s*"
    r"(?P<unit>miljarder(?:\s+kronor)?|mdkr|mdr|miljoner(?:\s+kronor)?|mnkr|mkr|Mkr|tusen\s+kronor|tkr|kronor|kr)\b",
    re.IGNORECASE,
)
PERCENT = re.compile(
    rf"(?P<sign>minus\s+|-\s?|−\s?|\+)?(?<![\d,])(?P<number>{_NUMBER})\s*(?P<unit>%|procent(?:enheter)?\b)", re.I
)
AGE = re.compile(r"(?P<number>\d{1,3})\s*(?P<unit>år)\b(?!\s*(?:19|20)\d\d)", re.I)
# A count is a number and the lower-case noun it counts ("16 av landets 21 regioner", "5 nyckeltal"); not a date's
# or a paragraph's number ("2017-06-21-22 Regionfullmäktige", "§190 Reviderad").
COUNT = re.compile(r"(?<![\d,§–-])(?P<number>\d{1,6})(?P<unit>\s+(?:av\s+(?:[a-zåäö]+\s+)?\d+\s+)?[a-zåäö]+)")
MONTHS = "januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december"
TIME = re.compile(
    rf"\b(?:(?:under|i|till|från|senast|innan|före|efter)\s+)?(?:(?:\d{{1,2}}\s+)?(?:{MONTHS})(?:\s+(?:19|20)\d\d)?|(?:19|20)\d\d-\d\d-\d\d|(?:våren|hösten|sommaren|vintern)(?:\s+(?:19|20)\d\d)?|(?:innan|senast|till|före)\s+(?:19|20)\d\d)\b",
    re.I,
)
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
RANGE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*[–—-]\s*((?:19|20)\d\d)(?!\d)")
# Sentences end at punctuation before a capital and at paragraph breaks.
# A blank line followed by a lower-case word is a page's layout, not a new sentence ("Innebär\n\nkostnader …").
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9•])|\n{2,}(?=\s*[A-ZÅÄÖ0-9•–-])|\n(?=•)")
# How many of the best passages are read for figures.
PASSAGES = 8
# Weighted share of the question's words a figure's sentence must name (calibrated on the dev sets).
MIN_COVERAGE = 0.6
UNITS_FOR = {
    "amount": ("money", "percent"),
    "percent": ("percent",),
    "count": ("count", "percent"),
    "age": ("age",),
    "time": ("time",),
}


@dataclass(frozen=True)
class Figure:
    """A figure in a sentence: its text, value, unit class and the year it stands nearest."""

    text: str
    value: object
    unit: str  # money, percent, count, age, time
    start: int
    year: int | None


@dataclass(frozen=True)
class Statement:
    """A sentence of a passage, with where it stands."""

    text: str
    passage: Passage


def sentences(passages: Iterable[Passage]) -> list[Statement]:
    """The sentences (and list items) of the passages, in order."""
    result = []
    for passage in passages:
        for part in SENTENCE_END.split(passage.text):
            part = " ".join(part.split()).strip(" •▪")
            if len(part) > 2:
                result.append(Statement(part, passage))
    return result


# A figure's sentence is read with this many sentences before it in its passage: Swedish prose names the topic
# first ("Riksarkivet flyttar ut … Föreningsarkivet övertar …") and gives the figure after ("Räknar på 6 mkr för tre år").
WINDOW = 2
MAX_WINDOW = 8
LIST_ITEM_WORDS = 4


def window(listed: Sequence[Statement], position: int) -> str:
    """The sentence at ``position`` with up to WINDOW sentences before it in its passage, and the passage's headings.

    Short items of a list ("Kostenheten 45 %", "Birka 49 %") do not count: the window reaches back over them to the
    sentence that introduces the list.
    """
    statement = listed[position]
    before: list[str] = []
    counted = 0
    index = position - 1
    while index >= 0 and counted < WINDOW and len(before) < MAX_WINDOW and listed[index].passage is statement.passage:
        before.insert(0, listed[index].text)
        counted += len(listed[index].text.split()) > LIST_ITEM_WORDS
        index -= 1
    return " ".join((*before, statement.text, *statement.passage.section_path))


def figures(sentence: str) -> list[Figure]:
    """The figures a sentence states, each with the year nearest before it (else after it)."""
    years = [(m.start(), int(m.group(0))) for m in YEAR.finditer(sentence)]
    found_figures: list[Figure] = []
    taken: list[tuple[int, int]] = []
    for unit, pattern in (("money", MONEY), ("percent", PERCENT), ("time", TIME), ("age", AGE), ("count", COUNT)):
        for match in pattern.finditer(sentence):
            if any(start <= match.start() < end for start, end in taken):
                continue
            if unit in ("count", "age") and YEAR.fullmatch(match.group("number")):
                continue
            taken.append(match.span())
            value = parse_decimal(match.group("number")) if unit != "time" else match.group(0)
            found_figures.append(
                Figure(match.group(0).strip(), value, unit, match.start(), _nearest_year(years, match.start(), match.end()))
            )
    return found_figures


def _nearest_year(years: list[tuple[int, int]], start: int, end: int) -> int | None:
    """The year a figure is for: the closest year in its sentence, a year right after it counting too."""
    if not years:
        return None
    return min(years, key=lambda item: start - item[0] if item[0] < start else (item[0] - end) * 1.5)[1]


def candidates(
    query: Query,
    index: int,
    passages: Sequence[Passage],
    vocabulary: Vocabulary,
    strict: bool = False,
    corpus: Sequence[Passage] = (),
    before: Callable[[Passage], Passage | None] | None = None,
    units: tuple[str, ...] | None = None,
) -> list[Candidate]:
    """Stated-figure answers for part ``index`` from the sentences of ``passages`` (best first).

    A part asking for text ("Vad är …?") is read for any figure when ``strict``; the caller then
    demands that the sentence names (nearly) all the part asks about.
    """
    part, _scope = part_scope(query, index)
    units = units or UNITS_FOR.get(part.answer) or (("money", "percent", "count", "age") if strict else None)
    if not units:
        return []
    documents = part_documents(query, index)
    words = list(part.words)
    specific = specific_words(query, index)
    budget_asked = any(y.kind == "Budget" for y in part.years)
    found_candidates = []
    headings: dict[str, tuple[str, ...]] = {}
    previous = before or (lambda passage: _scanned_before(passage, corpus))
    listed = sentences(passages[:PASSAGES])
    for position, statement in enumerate(listed):
        passage = statement.passage
        if (documents and passage.doc_id not in documents) or passage.doc_id in query.excluded_documents:
            continue
        if len(WORDS.findall(statement.text)) < MIN_SENTENCE_WORDS:
            continue  # "33,2 %" alone: a table's cell cut loose, whose row no sentence names
        text = Text.of("\n".join([window(listed, position), *_headings(passage, previous, headings)]))
        share, hits = coverage(words, text)
        if share < MIN_COVERAGE / 2:
            continue
        sentence_figures = figures(statement.text)
        for figure in sentence_figures:
            if figure.unit not in units or not _counts_asked(figure, query, index):
                continue
            if _in_other_alternative(figure, statement.text, specific):
                continue
            if _names_another_measure(figure, statement.text, query, index, vocabulary):
                continue
            usage = Usage(
                years=_figure_years(figure, sentence_figures, statement, vocabulary, budget_asked),
                documents=frozenset({passage.doc_id}),
                boards=_boards(query, text, Text.of(statement.text), passage.doc_id, vocabulary)
                | _scoping_board(query, statement, previous, vocabulary),
                # another organisation's figure only from a sentence naming it, not from one beside it
                organisations=frozenset(o.name for o in query.other_organisations if found_all(o.text, Text.of(statement.text))),
                words=hits,
                excluded=excluded_in(query, Text.of(statement.text)),
                numbers=frozenset(i for i, n in enumerate(query.numbers) if n.text in statement.text),
                counts=frozenset(i for i, c in enumerate(query.counts) if _counted_in(c, statement.text)),
            )
            score = share + _closeness(figure, statement.text, words)
            line = Line(f"{figure.text}: ”{statement.text}”", 0)
            evidence = (Evidence(passage.doc_id, passage.source_lines[0], statement.text),)
            found_candidates.append(Candidate("statement", index, (line,), evidence, usage, score, intent="search"))
    return sorted(found_candidates, key=lambda c: -c.score)


CAPTION = re.compile(r"^(?:Tabell|Figur|Diagram)\s+\d", re.IGNORECASE)


def _scanned_before(passage: Passage, corpus: Sequence[Passage]) -> Passage | None:
    """The passage before ``passage`` in its document, looked for in ``corpus`` (callers with an index pass a lookup)."""
    return next((p for p in corpus if p.doc_id == passage.doc_id and p.order == passage.order - 1), None)


def _headings(
    passage: Passage, before: Callable[[Passage], Passage | None], known: dict[str, tuple[str, ...]]
) -> tuple[str, ...]:
    """The headings a passage's sentences are about: its section path, and for a table's caption ("Tabell 15. Timtaxa")
    the heading above the table, which the passage before it stands under ("Intyg och hälsokontroller – Gula Taxan")."""
    if passage.id not in known:
        path = passage.section_path
        if path and CAPTION.match(path[-1]):
            previous = before(passage)
            path = (*(previous.section_path if previous is not None else ()), *path)
        known[passage.id] = path
    return known[passage.id]


# Where a sentence offers an alternative: what follows has figures of its own ("fast avgift om 300 kr eller timtaxa
# enligt tabell nedan": 300 kr is the fixed fee, not the hourly rate). "… 5 mkr eller mer" offers no other measure.
ALTERNATIVE = re.compile(r"\s(?:eller|alternativt)\s(?!(?:mer|mindre|fler|färre|högre|lägre|drygt|knappt|\d))", re.I)


# What a figure is, said right after it: "300 000 kronor i maxtak", "12 mkr i hyresintäkter".
FIGURE_IS = re.compile(r"\s*(?:i|som)\s+(?P<noun>[a-zåäö]{4,})\b", re.IGNORECASE)


def _names_another_measure(figure: Figure, sentence: str, query: Query, index: int, vocabulary: Vocabulary) -> bool:
    """Whether the sentence says the figure is a specific thing the part does not ask about ("maxtak")."""
    said = FIGURE_IS.match(sentence, figure.start + len(figure.text)) if figure.unit == "money" else None
    if said is None:
        return False
    noun = Text.of(said.group("noun"))
    if not noun.stems or min(vocabulary.idf(stem) for stem in noun.stems) < MIN_KEY_WEIGHT:
        return False  # "i år", "i budget": no measure of its own
    asked = Text.of(query.text)
    return not any(found(stem, asked) or any(found(w, noun) for w in asked.stems) for stem in noun.stems)


def _in_other_alternative(figure: Figure, sentence: str, words) -> bool:
    """Whether one of the part's specific words stands only in another alternative than the figure's, after it."""
    split = next((m.start() for m in ALTERNATIVE.finditer(sentence, figure.start + len(figure.text))), None)
    if split is None:
        return False
    for word in words:
        places = [m.start() for m in TOKEN.finditer(sentence) if found(word.stem, Text.of(m.group(0)), word.text.lower())]
        if places and all(place > split for place in places):
            return True
    return False


def _figure_years(
    figure: Figure, others: list[Figure], statement: Statement, vocabulary: Vocabulary, budget_year: bool = False
) -> frozenset[int]:
    """The years a figure accounts for: its nearest year (a range it ends, whole), and the sentence's years no other
    figure stands nearest ("Hösten 2023 åberopade … för år 2024 på minus 300 miljoner"); without any, a one-year
    document's year or the years its heading names."""
    if figure.year is not None:
        years = {figure.year}
        for match in RANGE.finditer(statement.text):
            first, last = int(match.group(1)), int(match.group(2))
            if figure.year in (first, last):
                years |= set(range(first, last + 1))
        taken = {other.year for other in others if other is not figure and other.unit == figure.unit}
        years |= {int(y) for y in YEAR.findall(statement.text)} - taken
        return frozenset(years)
    document = vocabulary.document(statement.passage.doc_id)
    if document and document.one_year:
        return frozenset({document.one_year})
    heading_years = {int(y) for y in YEAR.findall(" ".join(statement.passage.section_path))}
    if not heading_years and document and document.period and budget_year:
        # A plan's change to a board's frame without a year ("Kompensation 6 mkr för Norrtåg") is for its budget year.
        return frozenset({document.period[0]})
    return frozenset(heading_years)


TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
# A sentence must hold a word (of three letters or more) to state a figure of its own: "Birka 49 %", not "33,2 %".
WORDS = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
MIN_SENTENCE_WORDS = 1
# Characters over which a question word's nearness to a figure fades: in "Kaffe 42 %, Kostenheten 45 %, Birka 49 %"
# the figure right after "Birka" is Birka's.
NEAR = 60


def _closeness(figure: Figure, sentence: str, words) -> float:
    """A bonus for a figure standing close to the question's words (the measure it quantifies), the weightier the
    word the more; a word before the figure counts more than one after it."""
    total = sum(w.weight for w in words) or 1.0
    end = figure.start + len(figure.text)
    near = 0.0
    for word in words:
        distances = []
        for token in TOKEN.finditer(sentence):
            if found(word.stem, Text.of(token.group(0)), word.text.lower()):
                before = figure.start - token.end()
                distances.append(before if before >= 0 else (token.start() - end) * 2)
        if distances:
            near += word.weight * max(0.0, 1 - min(distances) / NEAR)
    return 0.3 * near / total


def _counted_in(count, sentence: str) -> bool:
    """A counted thing the sentence states too: "tre år" in "… på tre år", "6 mkr för tre år"."""
    folded = sentence.lower()
    number = str(count.count)
    words = [w for w, n in NUMBER_WORDS.items() if n == count.count and w not in ("en", "ett")]
    return count.noun[:4] in folded and any(re.search(rf"\b{re.escape(w)}\b", folded) for w in [number, *words])


ASKED_NOUN = re.compile(r"\bhur många\s+(?P<noun>[a-zåäö]+)|\bantal(?:et)?\s+(?P<of>[a-zåäö]+)", re.I)


def _counts_asked(figure: Figure, query: Query, index: int) -> bool:
    """A count answers "hur många X" only when it counts X ("16 av landets 21 regioner" for "hur många regioner")."""
    if figure.unit != "count":
        return True
    part = query.parts[index]
    asked = ASKED_NOUN.search(query.text, part.start, part.end)
    if asked is None:
        return True
    noun = (asked.group("noun") or asked.group("of")).lower()
    if noun in ("procent", "kronor", "miljoner"):
        return False
    counted = Text.of(figure.text.split()[-1])
    return any(found(stem, counted, noun) for stem in Text.of(noun).stems)


def _scoping_board(
    query: Query, statement: Statement, passage_before: Callable[[Passage], Passage | None], vocabulary: Vocabulary
) -> frozenset[str]:
    """The asked board a sentence is written under: the last board named before it in its passage, or in the passage
    before (a list of changes "Följande förändringar har gjorts i kollektivtrafiknämndens budgetram: • …")."""
    if not query.boards or any(names(board.name, Text.of(statement.text)) for board in vocabulary.boards):
        return frozenset()  # a sentence naming a board is about that board, whatever heading stands above it
    passage = statement.passage
    before = passage.text[: passage.text.find(statement.text[:40])] if statement.text[:40] in passage.text else ""
    previous = passage_before(passage)
    text = ((previous.text + "\n") if previous is not None else "") + before
    # Only a heading (a line that is a board's name) or a line introducing a list (ending in ":") scopes what follows;
    # a board mentioned in passing ("hanterad i Regionfullmäktige") does not.
    scoping = [m for m in re.finditer(r"[^\n]+", text) if m.group(0).rstrip().endswith(":") or len(m.group(0).split()) <= 4]
    named = [
        (line.start() + m.start(), board.name)
        for line in scoping
        for board in vocabulary.boards
        for m in _board_pattern(board.name).finditer(line.group(0))
    ]
    if not named:
        return frozenset()
    _, last = max(named)
    return frozenset({last}) & {b.name for b in query.boards}


def _board_pattern(name: str) -> re.Pattern[str]:
    """A board's name in running text, inflected ("kollektivtrafiknämndens", "hälso- och sjukvårdsnämnden")."""
    head = name.split()[-1]
    stem = head[:-2] if head.endswith(("en", "et")) else head
    return re.compile(rf"\b{re.escape(stem)}\w*", re.IGNORECASE)


def _boards(query: Query, text: Text, sentence: Text, doc_id: str, vocabulary: Vocabulary) -> frozenset[str]:
    """The asked boards the evidence accounts for: named in the sentence; when it names no other board, also named
    around it or the organ of its document (a board's own tertial report speaks of the board)."""
    others = any(names(board.name, sentence) for board in vocabulary.boards if board.name not in {b.name for b in query.boards})
    if others:  # a sentence about another board ("För politiker regionstyrelsen …") speaks for an asked one only by name
        return frozenset(b.name for b in query.boards if _board_named(b.name, sentence))
    return frozenset(b.name for b in query.boards if _board_named(b.name, text) or vocabulary.organ_of(doc_id, b.name))


def _board_named(board: str, text: Text) -> bool:
    return names(board, text)


def found_all(name: str, text: Text) -> bool:
    analysed = Text.of(name)
    return bool(analysed.stems) and all(found(stem, text) for stem in analysed.stems)


def stated_cell(candidate: Candidate, figure_text: str, value, label: str) -> Cell:
    """A stated figure as a Cell carrying its document and line, for the calculators."""
    evidence = candidate.evidence[0]
    return Cell(f"{evidence.doc_id}#text", label, evidence.text[:80], figure_text, value, source_line=evidence.source_line)
