"""Figure questions answered from any row and column of any parsed table.

Class of questions: "what is <row> <year/kind> (in <document>)" for every table the ingest
parsed — "Vilken budgetram hade RS i plan för 2021 enligt regionplanen 2020–2022?",
"Vad räknar den långsiktiga resultatbudgeten med för riktade statsbidrag år 2029?",
"Hur hög leverantörstrohet hade regionstyrelsen i T1?". A row is found by its label and
its table's caption and section (``assistant.matching``), its cells by the years and
column kinds (Budget, Plan, Prognos, Utfall, Mål, Tak) the question names. The cell is
read, never computed; calculations over cells live in ``assistant.calculations``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from assistant.accept import part_documents, part_scope
from assistant.candidates import Candidate, Evidence, Line, Usage
from assistant.matching import HEAD_CREDIT, SYNONYMS, Text, coverage, found, keys, names, question_keys, same_word
from assistant.query import Query
from assistant.vocabulary import Vocabulary
from ingest.models import Cell, Table
from ingest.text import years_in

# Kinds in order of preference when a year has several and the question names none: the decided figure first.
DECIDED = ("Budget", "Plan", "Tak", "Mål", "Prognos", "Utfall")
# Rows scoring within this of the best are shown together (a tie is not broken by guessing).
TIE = 0.02
# Operation nouns that also name rows ("Ökning av långfristiga skulder", "Minskning av …"): they tell such rows apart.
DIRECTION_STEMS = frozenset({"ökning", "minskning"})
TABLE_CAPTION_NUMBER = re.compile(r"\s*Tabell\s+(\d+)", re.IGNORECASE)
MAX_ROWS = 3
MAX_SCANNED = 12  # rows looked at, best first, for one with a cell for the year and kind asked
# A row without a year asked is shown whole when it has at most this many figures.
MAX_ROW_CELLS = 8
# Words that name a column kind: found in the column, not the label.
KIND_STEMS = {"budget": "Budget", "plan": "Plan", "prognos": "Prognos", "utfall": "Utfall", "mål": "Mål", "tak": "Tak"}
TOTAL_LABELS = ("summa", "totalt", "total", "resultat")
TOTAL_WORDS = re.compile(r"\b(?:summa|summan|totalt|total|totala|sammanlagt|sammanlagda|samlade?)\b", re.IGNORECASE)
TOTAL_STEMS = frozenset({"summ", "summa", "total", "totalt"})


@dataclass(frozen=True)
class Row:
    """One table row as questions find it: its label and its table's caption and section, analysed once."""

    table: Table
    label: str

    @cached_property
    def label_text(self) -> Text:
        return Text.of(self.label)

    @cached_property
    def context_text(self) -> Text:
        return Text.of(" ".join((self.table.caption, *self.table.section_path)))

    @cached_property
    def cells(self) -> tuple[Cell, ...]:
        return tuple(cell for cell in self.table.row(self.label) if cell.value is not None)

    @property
    def is_total(self) -> bool:
        return self.label.lower().lstrip().startswith(TOTAL_LABELS)


@dataclass(frozen=True)
class RowMatch:
    """A row matched to a question part, with what it accounts for."""

    row: Row
    score: float
    words: frozenset[str]
    boards: frozenset[str]
    organisations: frozenset[str]
    excluded: frozenset[str]


@dataclass(frozen=True)
class _LabelPart:
    """What a row's label alone gives its match."""

    precision: float  # how much of the label the question accounts for (_label_precision)
    bonus: float  # for a total row when the question asks for a total
    own_in_label: bool
    excluded: frozenset[str]


@dataclass(frozen=True)
class _LabelMatch:
    """What a row's label, caption and section give its match: the score before boards, and what they account for."""

    score: float  # coverage share plus label precision
    bonus: float  # for a total row when the question asks for a total
    own_in_label: bool
    words: frozenset[str]
    organisations: frozenset[str]
    excluded: frozenset[str]


class TableIndex:
    """Every row of every parsed table, for finding the rows a question names."""

    def __init__(self, tables: Sequence[Table], vocabulary: Vocabulary) -> None:
        self.tables = tuple(tables)
        self.vocabulary = vocabulary
        self.rows = tuple(Row(table, label) for table in tables for label in table.rows)
        self._years: dict[str, int] = {}  # table id → its document's year (_recency)
        self._own_stems = frozenset(stem for name in vocabulary.own_names for stem in Text.of(name).stems)
        # Rows by the keys of their label's stems (and the table's caption for its total rows): a question scores only
        # the rows its words can reach.
        self._by_key: dict[str, list[int]] = {}
        self._by_caption_key: dict[str, list[int]] = {}
        for position, row in enumerate(self.rows):
            for key in {k for stem in row.context_text.stems for k in keys(stem)}:
                self._by_caption_key.setdefault(key, []).append(position)
            stems_of_row = set(row.label_text.stems) | set(row.label_text.words)
            if row.is_total:
                stems_of_row |= row.context_text.stems
            for key in {k for stem in stems_of_row for k in keys(stem)}:
                self._by_key.setdefault(key, []).append(position)

    def _reachable(self, words, query: Query) -> list[Row]:
        """Rows a label word, a board, the own organisation or a total row's caption word of the question can match;
        when the question names a board or the organisation, also the rows of tables whose caption it names."""
        wanted = {k for word in words for k in question_keys(word.stem, word.text.lower())}
        identity = {k for board in query.boards for stem in Text.of(board.name).stems for k in keys(stem)}
        if any(m.own for m in query.organisations):
            identity |= {k for name in self.vocabulary.own_names for stem in Text.of(name).stems for k in keys(stem)}
        positions = {p for key in wanted | identity for p in self._by_key.get(key, ())}
        if identity:
            positions |= {p for key in wanted for p in self._by_caption_key.get(key, ())}
        return [self.rows[p] for p in sorted(positions)]

    def matches(self, query: Query, index: int, documents: frozenset[str] | None = None, words=None) -> list[RowMatch]:
        """Rows that name what part ``index`` asks about (or ``words``, when given), best first."""
        part, scope = part_scope(query, index)
        documents = documents if documents is not None else part_documents(query, index)
        words = [word for word in (part.words if words is None else words) if word.stem not in KIND_STEMS]
        if not words and not query.boards and not any(m.own and m.text[:1].isupper() for m in query.organisations):
            return []
        found_rows: list[RowMatch] = []
        named_tables = self._named_tables(query, documents)
        # Many documents print the same row (each year's plan, each board's report): what a row's label decides is
        # worked out once per label, what its caption and section add once per label and caption.
        labels: dict[str, _LabelPart | None] = {}
        seen: dict[tuple, _LabelMatch | None] = {}
        for row in self._reachable(words, query):
            table = row.table
            if (documents and table.doc_id not in documents) or table.doc_id in query.excluded_documents or not row.cells:
                continue
            if named_tables and table.table_id not in named_tables:
                continue
            key = (row.label, table.caption, table.section_path)
            if key not in seen:
                if row.label not in labels:
                    labels[row.label] = self._label_part(query, scope, row, words)
                seen[key] = self._context_part(query, row, words, labels[row.label])
            match = self._with_boards(query, row, seen[key])
            if match is not None:
                found_rows.append(match)
        found_rows.sort(key=lambda m: (-m.score, -self._recency(m.row.table)))
        return found_rows

    def _named_tables(self, query: Query, documents: frozenset[str]) -> frozenset[str]:
        """The tables the question names by number ("i tabell 21") in the documents asked, or none."""
        if not query.tables:
            return frozenset()
        return frozenset(
            table.table_id
            for table in self.tables
            if (not documents or table.doc_id in documents)
            and (number := TABLE_CAPTION_NUMBER.match(table.caption))
            and int(number.group(1)) in query.tables
        )

    def _match(self, query: Query, scope: list[int], row: Row, words) -> RowMatch | None:
        """How well ``row`` answers the question part, or None when nothing of the question names it."""
        found_match = self._context_part(query, row, words, self._label_part(query, scope, row, words))
        return self._with_boards(query, row, found_match)

    def _label_part(self, query: Query, scope: list[int], row: Row, words) -> _LabelPart | None:
        """What the row's label alone decides (the same for every row so labelled), or None when the question
        names nothing of it."""
        in_label = frozenset(word.stem for word in words if found(word.stem, row.label_text, word.text.lower(), not word.known))
        boards_in_label = [b for b in query.boards if _board_in(b.name, row.label_text)]
        own_in_label = any(m.own for m in query.organisations) and self._names_own(row)
        if not in_label and not boards_in_label and not own_in_label and not row.is_total:
            return None  # a row must be named (by its words or its board), or be the total of a table the question names
        excluded = excluded_in(query, row.label_text) | _other_area(query, row)
        totals_asked = bool(TOTAL_WORDS.search(query.text))
        # Operation words may name the row too: "Minskning av långfristiga skulder", not "Ökning av …".
        named = [*words, *(w for w in query.parts[scope[0]].words if w.stem in DIRECTION_STEMS)] if scope else words
        own_stems = self._own_stems if own_in_label else frozenset()
        precision = _label_precision(row, named, boards_in_label, totals_asked, own_stems)
        bonus = 0.05 if totals_asked and row.is_total else 0.0
        return _LabelPart(precision, bonus, own_in_label, excluded)

    def _context_part(self, query: Query, row: Row, words, label: _LabelPart | None) -> _LabelMatch | None:
        """The label's part with what the row's label, caption and section together account for."""
        if label is None:
            return None
        share, hits = coverage(words, _joined(row)) if words else (1.0, frozenset())
        organisations = frozenset(o.name for o in query.other_organisations if found_any(o.text, _joined(row)))
        score = share + 0.1 * label.precision
        return _LabelMatch(score, label.bonus, label.own_in_label, hits, organisations, label.excluded)

    def _with_boards(self, query: Query, row: Row, found_match: _LabelMatch | None) -> RowMatch | None:
        """The row's match with the boards it names (which may depend on its document: a board's own plan)."""
        if found_match is None:
            return None
        boards = frozenset(b.name for b in query.boards if self._names_board(row, b.name))
        # The terms are added in the order they always were, so equal rows keep bit-equal scores (TIE).
        score = found_match.score + 0.05 * len(boards) + 0.05 * found_match.own_in_label
        score += found_match.bonus
        return RowMatch(row, score, found_match.words, boards, found_match.organisations, found_match.excluded)

    def _names_own(self, row: Row) -> bool:
        """Whether the row names the documents' own organisation ("Region Jämtland Härjedalens prognos", "(RJH totalt)")."""
        label = row.label.lower()
        return any(re.search(rf"\b{re.escape(name.lower())}", label) for name in self.vocabulary.own_names)

    def _names_board(self, row: Row, board: str) -> bool:
        """A board is named by the row label, the table's caption or section, or is the document's organ."""
        if _board_in(board, row.label_text) or _board_in(board, row.context_text):
            return True
        others = [b.name for b in self.vocabulary.boards if b.name != board and _board_in(b.name, row.label_text)]
        return not others and self.vocabulary.organ_of(row.table.doc_id, board)

    def _recency(self, table: Table) -> int:
        """The year of the table's document (newer first among equal rows), read from its title once per table."""
        year = self._years.get(table.table_id)
        if year is None:
            year = self._years[table.table_id] = table.document_year
        return year

    def candidates(self, query: Query, index: int) -> list[Candidate]:
        """Lookup answers for part ``index``: the cells of the best rows for the years and kinds asked."""
        part = query.parts[index]
        matches = self.matches(query, index)
        if not matches:
            return []
        candidates: list[Candidate] = []
        shown: set[tuple[str, str, str, str]] = set()
        best: float | None = None
        for match in matches[:MAX_SCANNED]:
            if best is not None and match.score < best - TIE:
                break
            cells = select_cells(match.row, list(part.cell_years), part.kinds, self.vocabulary)
            if part.answer == "percent" and match.row.table.unit != "%" and not any("%" in c.raw for c in match.row.cells):
                cells = ()  # a share or a development is a percentage, not a count of people
            if part.answer == "count" and not _counts(match.row.table, cells):
                cells = ()  # "hur många anställda": a count, not the staff's cost in tkr nor an index of 5,17
            if not cells:
                continue  # the row has no cell for the year and kind asked: the next row may
            best = match.score if best is None else best
            key = {(match.row.table.doc_id, c.row_label, c.col_label, c.raw) for c in cells}
            if not key <= shown:  # the same figures in a second table of the document (Tabell 2 and 4)
                shown |= key
                candidates.append(self._candidate(query, index, match, cells))
        if part.kinds and any(c.usage.kinds & part.kinds for c in candidates):
            # "budgeten 2025": a Budget column was found, so a column without a kind (a forecast, perhaps) is not it
            candidates = [c for c in candidates if c.usage.kinds & part.kinds]
        return candidates[:MAX_ROWS]

    def _candidate(self, query: Query, index: int, match: RowMatch, cells: tuple[Cell, ...]) -> Candidate:
        table = match.row.table
        document = self.vocabulary.document(table.doc_id)
        years = {cell.year for cell in cells if cell.year} | set(years_in(match.row.label)) | set(years_in(table.caption))
        if document and document.one_year:
            years.add(document.one_year)
        numbers = frozenset(i for i, n in enumerate(query.numbers) if n.text in match.row.label)
        usage = Usage(
            years=frozenset(years),
            numbers=numbers,
            documents=frozenset({table.doc_id}),
            boards=match.boards,
            organisations=match.organisations,
            words=match.words | _kind_words(query, index, cells),
            excluded=match.excluded,
            kinds=frozenset(cell.kind for cell in cells if cell.kind) | _caption_kinds(table),
        )
        lines = tuple(Line(cell_line(cell, table), position) for position, cell in enumerate(cells))
        evidence = tuple(Evidence(table.doc_id, cell.source_line, match.row.label) for cell in cells)
        unit = table.unit or next((u for u in ("%", "mkr", "tkr", "kr") for c in cells if c.raw.endswith(u)), None)
        return Candidate("table", index, lines, evidence, usage, match.score, intent="table", unit=unit)


NATIONAL_LABEL = re.compile(r"\b(?:riket|rikets|sverige|sveriges|landets|nationell\w*)\b", re.IGNORECASE)


def _other_area(query: Query, row: Row) -> frozenset[str]:
    """A row about the whole country ("Rikets befolkning") when the question names the region itself by name."""
    named = [m for m in query.organisations if m.own and m.text[:1].isupper()]
    national = [m for m in query.organisations if not m.own]
    if named and not national and NATIONAL_LABEL.search(row.label):
        return frozenset({"riket"})
    return frozenset()


def _board_in(board: str, text: Text) -> bool:
    """Whether a text names a board (``matching.names``)."""
    return names(board, text)


def _label_precision(row: Row, words, boards, totals_asked: bool = False, own: frozenset[str] = frozenset()) -> float:
    """How much of the row's label the question accounts for: "Riktade statsbidrag" over "Summa … investeringar per objekt"."""
    label = row.label_text.stems
    if not label:
        return 0.0
    question = {w.stem for w in words} | {stem for b in boards for stem in Text.of(b.name).stems}
    return sum(_label_word_credit(stem, question, totals_asked, own) for stem in label) / len(label)


def _label_word_credit(stem: str, question: set[str], totals_asked: bool, own: frozenset[str]) -> float:
    """1 for a label word the question names as itself; HEAD_CREDIT for a compound of a question word, a more
    specific thing than asked ("anläggningstillgångar" for "tillgångar"); 0 for a word the question does not name."""
    named = {word for q in question for word in (q, *SYNONYMS.get(q, ()))}
    if (totals_asked and stem in TOTAL_STEMS) or stem in own or any(same_word(word, stem) for word in named):
        return 1.0
    if any(found(q, Text(frozenset({stem}), frozenset({stem}))) for q in question):
        return HEAD_CREDIT
    return 0.0


def _joined(row: Row) -> Text:
    return Text(row.label_text.stems | row.context_text.stems, row.label_text.words | row.context_text.words)


def excluded_in(query: Query, evidence: Text) -> frozenset[str]:
    """The stems of the question's excluded phrases ("alltså inte RJH totalt") that the evidence names whole."""
    hit = [phrase for phrase in query.excluded if phrase and all(found(word.stem, evidence) for word in phrase)]
    return frozenset(word.stem for phrase in hit for word in phrase)


def found_any(text: str, evidence: Text) -> bool:
    analysed = Text.of(text)
    return bool(analysed.stems) and all(found(stem, evidence) for stem in analysed.stems)


def _kind_words(query: Query, index: int, cells: tuple[Cell, ...]) -> frozenset[str]:
    """The kind words of the question ("budget", "målet") that the cells' columns account for."""
    kinds = {cell.kind for cell in cells if cell.kind} | {"Budget" for cell in cells if "budget" in cell.col_label.lower()}
    return frozenset(
        w.stem for w in query.parts[index].words if KIND_STEMS.get(w.stem) in kinds or (w.stem in KIND_STEMS and not kinds)
    )


def _caption_kinds(table: Table) -> frozenset[str]:
    """The kind a table's caption gives all its columns: "Tabell 1. Finansiella mål" holds targets."""
    return frozenset(KIND_STEMS[stem] for stem in Text.of(table.caption).stems if stem in KIND_STEMS)


def _counts(table: Table, cells: tuple[Cell, ...]) -> bool:
    """Whether the cells can be counts: whole numbers, not sums of money or percentages."""
    units = ("mkr", "tkr", "kr", "%", "miljoner", "kronor")
    if (table.unit or "").lower() in units or any(c.raw.strip().lower().endswith(units) for c in cells):
        return False
    return all(c.value is not None and c.value == c.value.to_integral_value() for c in cells)


def select_cells(row: Row, years: list[int], kinds: frozenset[str], vocabulary: Vocabulary) -> tuple[Cell, ...]:
    """The cells of ``row`` for the years and kinds asked; without a year, the row's few cells."""
    cells = row.cells
    if years:
        chosen = []
        for year in dict.fromkeys(years):
            of_year = [cell for cell in cells if cell.year == year]
            if not of_year:
                continue
            named = [cell for cell in of_year if cell.kind in kinds]
            if not named and "Budget" in kinds:
                named = [cell for cell in of_year if cell.kind == "Plan"]  # a plan's later years are what it budgets
            compatible = named or [cell for cell in of_year if cell.kind is None or not kinds]
            if not kinds and {cell.kind for cell in compatible} == {"Utfall", "Mål"}:
                chosen += compatible  # a key figure's outcome and target: both, not one guessed
            elif compatible:  # "plan 2019" is not the Budget 2019 column; a column without a kind fits any
                chosen.append(_decided(compatible))
        return tuple(chosen)
    named = [cell for cell in cells if cell.kind in kinds]
    if named:
        return tuple(named)
    return cells if len(cells) <= MAX_ROW_CELLS else ()


def _decided(cells: list[Cell]) -> Cell:
    return min(cells, key=lambda cell: DECIDED.index(cell.kind) if cell.kind in DECIDED else len(DECIDED))


def cell_line(cell: Cell, table: Table) -> str:
    """ "Regionstyrelsen – Plan 2021: 1 504,4 mkr (Tabell 8. Budgetramar …, Regionplan med budget 2020–2022)"."""
    return f"{cell.row_label} – {cell.col_label}: {with_unit(cell, table.unit)} ({table.caption}, {table.doc_title})"


def with_unit(cell: Cell, unit: str | None) -> str:
    """The figure as the document prints it, with the table's unit unless the figure carries one."""
    raw = cell.raw.strip()
    if not unit or raw.endswith(("%", unit, "kr")):
        return raw
    return f"{raw} {unit}"
