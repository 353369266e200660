"""Calculation answers: the operation a question asks for, over the cells and stated figures it names.

Each function below serves one class of question and finds its operands the way every
route does (``TableIndex.matches`` for rows, ``statements`` for figures in sentences),
then calls a pure calculator. It returns Candidates whose usage lists every year,
amount, percentage and word the calculation consumed, so ``assistant.accept`` can
refuse one that leaves part of the question unexplained. Nothing here computes a figure
itself.

Classes of question (one function each):

- change: "Hur mycket minskade HSN:s budgetram från budget 2019 till budget 2020, i mkr och i procent?"
- deviation: "Med hur många procent väntas Kommunikationsavdelningen överskrida sin budget 2026?"
- share: "Hur stor andel av RS beräknade helårseffekt ska komma från personalkostnaden?"
- sum: "… om man lägger ihop avsättningen och ansvarsförbindelsen inklusive löneskatt?"
- what-if: "Om statsbidraget för läkemedel 2027 blir 2 procent lägre än planen, vad blir årets resultat 2027?"
- per invånare: "Hur mycket skatteintäkter per invånare blir det i budget 2026 …?"
- per skatteöre: "Hur mycket mer skulle en skattehöjning på 10 öre ge 2026?"
- per år: "Räknar på 6 mkr för tre år" → "hur mycket blir det per år?"
- budget from a stated deviation: "… uppgick till 493,9 mkr vilket var 116,1 mkr bättre än budget" → the budget
- restoration of the deficit (Tabell 3 shape): accumulated, remaining, the year restored, what restores it by a year
- patient fees, and the visit that reaches the högkostnadsskydd
- personnel cost of a salary with PO-pålägg
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import calculators as calc
from assistant import statements
from assistant.candidates import Candidate, Evidence, Line, Usage
from assistant.matching import Text, found, match_kind
from assistant.query import NUMBER_WORDS, OPERATION_STEMS, Op, Query, Word, parse_decimal, scenario_results
from assistant.table_answers import Row, RowMatch, TableIndex, select_cells
from assistant.vocabulary import Vocabulary
from calculators import Calculation, CalculationError
from calculators.cells import document_of
from ingest.models import Cell, Passage, Table

SHARE_WHOLE = re.compile(r"\b(?:andel|del|procent)\s+av\s+", re.I)
SHARE_PART = re.compile(
    r"\b(?:utgörs av|utgör|komma från|kommer från|består av|av det|motsvarar|är|var|blir|blev|gick till|går till|avser)\b", re.I
)
SUM_SPAN = re.compile(r"\b(?:lägger ihop|lägga ihop|summan av|sammanlag(?:da?|t)|tillsammans|plus)\b", re.I)
SUM_SEPARATOR = re.compile(r"\s*(?:,|\boch\b|\bsamt\b|\bplus\b|\bmed\b)\s*", re.I)
CONDITION = re.compile(r"\b(?:om|ifall|antag att|säg att)\b(?P<clause>[^,?]*)", re.I)
UP = re.compile(r"\b(?:högre|ökar|ökade|stiger|steg|mer|större|dyrare|höjs|höjning)\b", re.I)
DOWN = re.compile(r"\b(?:lägre|minskar|minskade|sjunker|sjönk|mindre|billigare|sänks|sänkning)\b", re.I)
POPULATION = ("befolkning", "invån", "folkmäng")
PER_YEARS = re.compile(rf"(?P<amount>{statements.MONEY.pattern})\s+för\s+(?P<years>\d+|{'|'.join(NUMBER_WORDS)})\s+år", re.I)
STATED_DEVIATION = re.compile(
    r"(?P<outcome>\d[\d ]*(?:,\d+)?)\s*mkr[^.]{0,40}?(?:vilket (?:var|är)|,)\s*(?P<gap>\d[\d ]*(?:,\d+)?)\s*mkr\s+"
    r"(?P<dir>bättre|sämre|högre|lägre|mer|mindre)\s+än\s+budget",
    re.I,
)
TAX_RATE = re.compile(r"(?:utdebitering|skattesats)\w*\s+(?:på|om|av)\s+(\d{1,2},\d{2})\s*kr", re.I)
RESTORATION_ROWS = ("IB", "UB", "Årets resultat")
# A lower rate: "skattesänkning", "sänker skatten", "sänkt utdebitering" (the change is then negative).
TAX_CUT = re.compile(r"\b(?:skatte)?sänk\w*|\bminsk\w*\s+(?:skatte\w*|utdebitering\w*)|\blägre\s+skatt\w*", re.I)
FEE_WORDS = re.compile(r"besök|avgift|taxa", re.I)


@dataclass(frozen=True)
class Context:
    """What the calculation routes read: the tables, the vocabulary and the best passages for the question."""

    tables: TableIndex
    vocabulary: Vocabulary
    passages: Sequence[Passage]  # the best passages for the question, best first
    corpus: Sequence[Passage] = ()  # every passage, for figures a document states once (its tax rate)


def candidates(query: Query, index: int, context: Context, earlier: Sequence[Candidate] = ()) -> list[Candidate]:
    """Calculation answers for part ``index``, from every operation the question names."""
    part = query.parts[index]
    operations = part.operations | query.operations
    found_candidates: list[Candidate] = []
    for operation, route in ROUTES:
        if operation in operations:
            try:
                found_candidates += route(query, index, context, earlier)
            except CalculationError:
                continue  # the operands found do not compute: another candidate, or no figure
    return found_candidates


# --- Shared pieces ------------------------------------------------------------------------------


def _words(query: Query, index: int, start: int = 0, end: int | None = None, *, operation: bool = False) -> list[Word]:
    """The part's words within [start, end), without the words that name the operation."""
    part = query.parts[index]
    end = len(query.text) if end is None else end
    return [w for w in part.words if start <= w.start < end and (operation or w.stem not in OPERATION_STEMS)]


def _operation_words(query: Query, index: int) -> frozenset[str]:
    return frozenset(w.stem for w in query.parts[index].words if w.stem in OPERATION_STEMS)


def _calculated(
    query: Query,
    index: int,
    context: Context,
    calculation: Calculation,
    matches: Sequence[RowMatch],
    score: float,
    *,
    years: Sequence[int] = (),
    amounts: Sequence[int] = (),
    percents: Sequence[int] = (),
    counts: Sequence[int] = (),
    words: frozenset[str] = frozenset(),
) -> Candidate:
    """A Candidate for a calculation: its conclusion cites the first source; usage is what the operands matched."""
    cells = calculation.sources
    used_years = {cell.year for cell in cells if cell.year} | set(years)
    for document in {document_of(cell) for cell in cells}:
        info = context.vocabulary.document(document)
        if info is not None and info.one_year:
            used_years.add(info.one_year)
    hits = frozenset().union(*(m.words for m in matches)) if matches else frozenset()
    hits |= _context_words(query, index, context, cells)
    usage = Usage(
        years=frozenset(used_years),
        amounts=frozenset(amounts),
        percents=frozenset(percents),
        counts=frozenset(counts),
        documents=frozenset(document_of(cell) for cell in cells),
        boards=frozenset().union(*(m.boards for m in matches)) if matches else frozenset(),
        organisations=frozenset().union(*(m.organisations for m in matches)) if matches else frozenset(),
        words=hits | words | _operation_words(query, index),
        excluded=frozenset().union(*(m.excluded for m in matches)) if matches else frozenset(),
    )
    evidence = tuple(Evidence(document_of(cell), cell.source_line, cell.row_label) for cell in cells)
    line = Line(calculation.steps[-1], 0)
    return Candidate("calculation", index, (line,), evidence, usage, score, calculation=calculation, intent="calculation")


def _context_words(query: Query, index: int, context: Context, cells: Sequence[Cell]) -> frozenset[str]:
    """The question's words the operands' tables name in their caption, section and used columns, and their documents'
    titles: "beräknade helårseffekt" is the column, "balansbudgeten" the table a calculation used."""
    texts = []
    for cell in cells:
        table = next((t for t in context.tables.tables if t.table_id == cell.table_id), None)
        if table is not None:
            texts += [table.caption, *table.section_path, cell.col_label, table.doc_title]
        else:
            texts.append(cell.col_label)
    analysed = Text.of(" ".join(texts))
    return frozenset(w.stem for w in query.parts[index].words if found(w.stem, analysed, w.text.lower()))


def _cell(row: Row, year: int | None, kind: str | None) -> Cell | None:
    """The row's cell for a year (and kind), the decided figure first; None when the row has none."""
    cells = select_cells(row, [year] if year else [], frozenset({kind}) if kind else frozenset(), None)
    if year is None:
        return cells[0] if len(cells) == 1 else None
    return cells[0] if cells else None


def _column_cell(row: Row, label: str) -> Cell | None:
    return next((cell for cell in row.cells if cell.col_label == label), None)


def _header_columns(table: Table, words: Sequence[Word]) -> list[str]:
    """The columns whose header names one of the words ("helårseffekt" → "Bedömd helårs effekt enl VP")."""
    columns = []
    for column in table.columns:
        header = Text.of(column)
        if any(match_kind(w.stem, header, w.text.lower()) for w in words):
            columns.append(column)
    return columns


# --- Change and deviation -------------------------------------------------------------------------


def _change(query: Query, index: int, context: Context, earlier) -> list[Candidate]:
    """One line from one year (column) to another: "från budget 2019 till budget 2020", "2020 jämfört med 2026"."""
    part = query.parts[index]
    mentions = list(dict.fromkeys((y.year, y.kind) for y in part.years))
    words = _words(query, index)
    if len(mentions) < 2:
        return _change_between_columns(query, index, context, words)
    (first, first_kind), (last, last_kind) = mentions[0], mentions[-1]
    if _compared_to_later(query, index):
        (first, first_kind), (last, last_kind) = (last, last_kind), (first, first_kind)
    matches = context.tables.matches(query, index, words=words)
    for match in matches[:8]:
        columns = _named_columns(match.row.table, query, index)
        if len(columns) == 2:
            start, end = _column_cell(match.row, columns[0]), _column_cell(match.row, columns[1])
        else:
            start, end = _cell(match.row, first, first_kind), _cell(match.row, last, last_kind)
        if start is not None and end is not None and start is not end:
            calculation = calc.difference(start, end, match.row.table.unit)
            return [_calculated(query, index, context, calculation, [match], match.score)]
    return _change_across_documents(query, index, context, matches, (first, first_kind), (last, last_kind))


# "2027 än 2026", "budget 2026 jämfört med budget 2020": the year after these words is the base the change is from.
COMPARED_TO = re.compile(r"\b(?:än|jämfört med|jämfört mot|i jämförelse med|i förhållande till)\b", re.IGNORECASE)


def _compared_to_later(query: Query, index: int) -> bool:
    """Whether the part compares its first-named year with a later-named one (the base), not "från … till …"."""
    years = sorted(query.parts[index].years, key=lambda y: y.start)
    first, last = years[0], years[-1]
    return COMPARED_TO.search(query.text, first.start, last.start) is not None


def _change_between_columns(query: Query, index: int, context: Context, words) -> list[Candidate]:
    """From one column to another named by its header, without two years: "från utfall till mål", "från planerat
    2019 till utfall t o m juni"."""
    for match in context.tables.matches(query, index, words=words)[:8]:
        columns = _named_columns(match.row.table, query, index)
        if len(columns) != 2:
            continue
        start, end = _column_cell(match.row, columns[0]), _column_cell(match.row, columns[1])
        if start is not None and end is not None and start.value is not None and end.value is not None:
            calculation = calc.difference(start, end, match.row.table.unit)
            return [_calculated(query, index, context, calculation, [match], match.score)]
    return []


def _named_columns(table: Table, query: Query, index: int) -> list[str]:
    """The table's columns the part names by their whole header, in the order named; the longest header claims
    its words first ("Ack. utfall apr 2026" before "Utfall")."""
    start, end = query.parts[index].start, query.parts[index].end
    text = query.text.lower()
    claimed = [(m.start, m.end) for m in query.documents]  # "Regionplan och budget 2026–2028" names no column
    named: list[tuple[int, str]] = []
    for column in sorted(table.columns, key=len, reverse=True):
        header = " ".join(column.lower().split())
        if not header:
            continue
        for found_at in re.finditer(rf"(?<!\w){re.escape(header)}(?!\w)", text[start:end]):
            span = (start + found_at.start(), start + found_at.end())
            if not any(a < span[1] and span[0] < b for a, b in claimed):
                claimed.append(span)
                named.append((span[0], column))
                break
    return [column for _, column in sorted(named)]


def _change_across_documents(query, index, context, matches, first, last) -> list[Candidate]:
    """The same measure in two documents' tables (a version comparison): each year from the table holding it."""
    start = next(((m, c) for m in matches[:8] if (c := _cell(m.row, *first)) is not None), None)
    end = next(((m, c) for m in matches[:8] if (c := _cell(m.row, *last)) is not None), None)
    if start is None or end is None or start[0].row.table.doc_id == end[0].row.table.doc_id:
        return []
    calculation = calc.difference(start[1], end[1], start[0].row.table.unit, join=True)
    return [_calculated(query, index, context, calculation, [start[0], end[0]], min(start[0].score, end[0].score))]


def _deviation(query: Query, index: int, context: Context, earlier) -> list[Candidate]:
    """A line's outcome or forecast against its budget, in the unit and in percent of the budget."""
    part = query.parts[index]
    words = _words(query, index)
    found_candidates = []
    for match in context.tables.matches(query, index, words=words)[:6]:
        budget, outcome = _budget_and_outcome(match.row, [y.year for y in part.years])
        if budget is not None and outcome is not None:
            calculation = calc.difference(budget, outcome, match.row.table.unit)
            found_candidates.append(_calculated(query, index, context, calculation, [match], match.score))
    return found_candidates[:1]


def _budget_and_outcome(row: Row, years: Sequence[int]) -> tuple[Cell | None, Cell | None]:
    """The budget cell and the outcome (or forecast) cell of a row, for the year asked when the columns have years."""
    cells = [cell for cell in row.cells if not years or cell.year in years or cell.year is None]
    budget = [c for c in cells if c.kind == "Budget" or "budget" in c.col_label.lower()]
    outcome = [c for c in cells if c.kind in ("Utfall", "Prognos") or re.search(r"utfall|prognos", c.col_label, re.I)]
    outcome = [c for c in outcome if c not in budget and "diff" not in c.col_label.lower() and "fg år" not in c.col_label]
    return (budget[0] if budget else None), (outcome[0] if outcome else None)


# --- Share and sum ------------------------------------------------------------------------------


def _share(query: Query, index: int, context: Context, earlier) -> list[Candidate]:
    """One figure as a share of another: within one table (a row of its total, a column's two rows), or a
    figure of an earlier part of the question as a share of a named table figure ("… motsvarar det?")."""
    whole_words, part_words = _share_roles(query, index)
    found_candidates = []
    if part_words:
        found_candidates += _share_in_table(query, index, context, whole_words, part_words)
    found_candidates = found_candidates[:1]
    if earlier and whole_words:  # both are proposed: acceptance keeps the one that explains the part
        found_candidates += _share_of_earlier(query, index, context, whole_words, earlier[-1])
    return found_candidates


def _share_roles(query: Query, index: int) -> tuple[list[Word], list[Word]]:
    """The words naming the whole ("andel av X") and those naming the part ("… utgörs av Y", the rest)."""
    part = query.parts[index]
    text = query.text
    words = _words(query, index)
    whole_cue = SHARE_WHOLE.search(text, part.start, part.end)
    if whole_cue is None:
        return [], words
    part_cue = SHARE_PART.search(text, whole_cue.end(), part.end)
    whole_end = part_cue.start() if part_cue else part.end
    whole = [w for w in words if whole_cue.end() <= w.start < whole_end]
    rest = [w for w in words if w not in whole]
    return whole, rest


def _share_in_table(query, index, context: Context, whole_words, part_words) -> list[Candidate]:
    part = query.parts[index]
    found_candidates = []
    groups = _word_groups(query, whole_words)
    for match in context.tables.matches(query, index, words=part_words)[:6]:
        table = match.row.table
        if not whole_words and (table.unit == "%" or any("%" in c.raw for c in match.row.cells)):
            continue  # "Hur stor andel ekologiska livsmedel …?" names a share the row states, not one to compute
        if len(groups) > 1:  # "andel av skatteintäkter och generella statsbidrag": the whole is a sum of rows
            found_candidates += _share_of_sum(query, index, context, match, groups)
            continue
        wholes = (
            [m for m in context.tables.matches(query, index, words=whole_words) if m.row.table is table] if whole_words else []
        )
        whole_row = wholes[0].row if wholes and wholes[0].row.label != match.row.label else _total_row(table, match.row)
        if whole_row is None or whole_row.label == match.row.label:
            continue
        for numerator, denominator in _column_pairs(match.row, whole_row, part, whole_words + part_words):
            calculation = calc.ratio(numerator, denominator)
            used = [match] + (wholes[:1] if wholes else [])
            found_candidates.append(_calculated(query, index, context, calculation, used, match.score))
            break
    return found_candidates


def _word_groups(query: Query, words: list[Word]) -> list[list[Word]]:
    """Words split where the question says "och", "samt" or a comma between them: each group names one row."""
    groups: list[list[Word]] = []
    for word in words:
        if groups and not SUM_SEPARATOR.fullmatch(query.text[groups[-1][-1].end : word.start]):
            groups[-1].append(word)
        else:
            groups.append([word])
    return groups


def _share_of_sum(query, index, context: Context, match: RowMatch, groups: list[list[Word]]) -> list[Candidate]:
    """A row as a share of several rows' sum in one column (the year asked)."""
    table = match.row.table
    years = list(query.parts[index].cell_years)
    rows = []
    for group in groups:
        found_rows = [
            m
            for m in context.tables.matches(query, index, words=group)
            if m.row.table is table and m.row.label != match.row.label
        ]
        if not found_rows:
            return []
        rows.append(found_rows[0])
    column = next((c.col_label for c in match.row.cells if not years or c.year in years), None)
    if column is None:
        return []
    calculation = calc.share(table, match.row.label, [m.row.label for m in rows], column)
    return [_calculated(query, index, context, calculation, [match, *rows], match.score)]


def _total_row(table: Table, row: Row) -> Row | None:
    """The table's total row ("Totalt", "Summa") after ``row``; the last one when several."""
    labels = list(table.rows)
    after = labels[labels.index(row.label) + 1 :] if row.label in labels else labels
    totals = [label for label in after if re.match(r"^\s*(?:totalt|summa|total)\b", label, re.I)]
    return Row(table, totals[0]) if totals else None


def _column_pairs(numerator_row: Row, whole_row: Row, part, words) -> list[tuple[Cell, Cell]]:
    """Cells of the two rows in the same column: the year or kind asked, else a column the question names."""
    table = numerator_row.table
    years = list(part.cell_years)
    columns = _header_columns(table, words)  # a column the question names ("helårseffekt") before a year's
    if years and not columns:
        columns = [c.col_label for c in numerator_row.cells if c.year in years and (not part.kinds or c.kind in part.kinds)]
    if not columns:
        columns = list(table.columns) if len(table.columns) == 1 else []
    pairs = []
    for column in columns:
        top, bottom = _column_cell(numerator_row, column), _column_cell(whole_row, column)
        if top is not None and bottom is not None:
            pairs.append((top, bottom))
    return pairs


def _share_of_earlier(query, index, context: Context, whole_words, previous: Candidate) -> list[Candidate]:
    """The figure an earlier part computed or found, as a share of a figure the question names."""
    if previous.calculation is None or not isinstance(previous.calculation.value, Decimal):
        return []
    matches = context.tables.matches(query, index, words=whole_words, documents=frozenset())
    for match in matches[:4]:
        whole = _cell(match.row, next(iter(query.parts[index].cell_years), None), None)
        if whole is None:
            continue
        value = previous.calculation.value
        source = previous.calculation.sources[0]
        part_cell = Cell(
            source.table_id,
            "Beräknat belopp",
            "beräknat ovan",
            calc_format(value),
            value,
            source_line=source.source_line,
        )
        calculation = calc.ratio(part_cell, whole, join=True)
        candidate = _calculated(query, index, context, calculation, [match], match.score, words=previous.usage.words)
        return [candidate]
    return []


def calc_format(value: Decimal) -> str:
    from calculators._numbers import format_number

    return format_number(value)


def _sum(query: Query, index: int, context: Context, earlier) -> list[Candidate]:
    """Several lines of one column added: each group the question names ("X och Y"), its total row when it has one."""
    part = query.parts[index]
    cue = SUM_SPAN.search(query.text, part.start, part.end)
    if cue is None:
        return []
    groups = _groups(query, index, cue.end())
    if len(groups) < 2:  # "X och Y tillsammans 2027": the lines come before the cue
        groups = _groups(query, index, query.parts[index].start, cue.start())
    if len(groups) < 2:
        return _sum_over_years(query, index, context)
    years = list(part.cell_years)
    for match in context.tables.matches(query, index, words=[w for g in groups for w in g])[:6]:
        table = match.row.table
        cells: list[Cell] = []
        matched: list[RowMatch] = []
        for group in groups:
            rows = [m for m in context.tables.matches(query, index, words=group) if m.row.table is table]
            group_cells = _group_cells(table, [m.row for m in rows if m.score >= rows[0].score - 0.3] if rows else [], years)
            if not group_cells:
                break
            cells += group_cells
            matched += rows[:1]
        else:
            calculation = calc.total(cells, table.unit)
            return [_calculated(query, index, context, calculation, matched, min(m.score for m in matched))]
    return []


# Two rows matched this close are one question's two readings: a sum over years picks neither.
SUM_TIE = 0.05


def _sum_over_years(query: Query, index: int, context: Context) -> list[Candidate]:
    """One line added over the years the part names: "sammanlagt för åren 2027–2030", "… sammanlagt (2025–2028)"."""
    years = sorted({y.year for y in query.parts[index].years} | set(query.parts[index].cell_years))
    if len(years) < 2:
        return []
    matches = [m for m in context.tables.matches(query, index, words=_words(query, index))[:6]
               if all(_cell(m.row, year, None) is not None for year in years)]  # fmt: skip
    if not matches:
        return []
    best = matches[0]
    if any(m.row.label != best.row.label and m.score >= best.score - SUM_TIE for m in matches[1:]):
        return []  # "resultatet": Årets resultat or Verksamhetens resultat, a sum of either would be a guess
    cells = [_cell(best.row, year, None) for year in years]
    calculation = calc.total(cells, best.row.table.unit)
    return [_calculated(query, index, context, calculation, [best], best.score, years=years)]


def _groups(query: Query, index: int, start: int, end: int | None = None) -> list[list[Word]]:
    """The word groups between ``start`` and ``end`` (after a sum cue, or before it), split at "och", "samt",
    commas: each names lines to add."""
    part = query.parts[index]
    span = query.text[start : part.end if end is None else end]
    groups, offset = [], start
    for piece in SUM_SEPARATOR.split(span):
        piece_start = query.text.find(piece, offset) if piece else offset
        words = [w for w in _words(query, index) if piece and piece_start <= w.start < piece_start + len(piece)]
        if words:
            groups.append(words)
        offset = piece_start + len(piece)
    return groups


def _group_cells(table: Table, rows: list[Row], years: list[int]) -> list[Cell]:
    """The cells a group adds: its total row when that equals its other rows' sum, else every row."""
    if not rows:
        return []
    cells = [c for row in rows if (c := _cell(row, years[0] if years else None, None)) is not None]
    totals = [c for c in cells if re.match(r"^\s*summa\b", c.row_label, re.I)]
    parts = [c for c in cells if c not in totals]
    if totals and parts and sum(c.value for c in parts) == totals[0].value:
        return [totals[0]]
    return parts or totals


# --- What-if ------------------------------------------------------------------------------------


def _what_if(query: Query, index: int, context: Context, earlier) -> list[Candidate]:
    """One line changes by a percentage (or amount) the question supposes; what becomes of the result line."""
    part = query.parts[index]
    condition = CONDITION.search(query.text)
    if condition is None or (not query.percents and not query.amounts):
        return []
    start, end = condition.span("clause")
    changing = _words(query, index, start, end)
    result_words = [w for w in _words(query, index) if not start <= w.start < end]
    sign = -1 if DOWN.search(condition.group("clause")) else 1
    percent = query.percents[0].value * sign if query.percents else None
    amount = query.amounts[0].value * sign if not query.percents and query.amounts else None
    years = list(part.cell_years) or [y.year for y in query.years]
    year = years[-1] if years else None
    kind = next((y.kind for y in query.years if y.kind), None)
    if not result_words and BACK_REFERENCE.search(query.text, end, part.end if part.end > end else len(query.text)):
        return _adjusted(query, index, context, changing, year, kind, percent, amount)  # "… hur stora blir de då?"
    for match in context.tables.matches(query, index, words=changing)[:6]:
        table = match.row.table
        results = (
            [m for m in context.tables.matches(query, index, words=result_words) if m.row.table is table] if result_words else []
        )
        result_row = results[0].row if results else _result_row(table)
        if result_row is None or result_row.label == match.row.label:
            continue
        changed, result = _cell(match.row, year, kind), _cell(result_row, year, kind)
        if changed is None or result is None:
            continue
        calculation = calc.what_if(changed, result, table.unit, percent=percent, amount=amount)
        used = [match, *results[:1]]
        return [
            _calculated(
                query,
                index,
                context,
                calculation,
                used,
                match.score,
                percents=range(len(query.percents)),
                amounts=range(len(query.amounts)) if amount is not None else (),
            )
        ]
    return []


# A question pointing back at the line it supposes changed: "Om skatteintäkterna blir 2 % högre, hur stora blir de då?"
BACK_REFERENCE = re.compile(r"\b(?:de|den|det|dessa|denna)\b", re.IGNORECASE)


def _adjusted(query, index, context: Context, changing, year, kind, percent, amount) -> list[Candidate]:
    """The supposed line itself after its change, when the question asks for it and names no result line."""
    for match in context.tables.matches(query, index, words=changing)[:6]:
        changed = _cell(match.row, year, kind)
        if changed is None:
            continue
        calculation = calc.adjusted(changed, match.row.table.unit, percent=percent, amount=amount)
        percents = range(len(query.percents))
        amounts = range(len(query.amounts)) if amount is not None else ()
        return [_calculated(query, index, context, calculation, [match], match.score, percents=percents, amounts=amounts)]
    return []


def _result_row(table: Table) -> Row | None:
    labels = [label for label in table.rows if re.match(r"^\s*(?:årets resultat|resultat)\b", label, re.I)]
    return Row(table, labels[0]) if labels else None


# --- Per invånare, per skatteöre, per år ------------------------------------------------------


def _per_capita(query: Query, index: int, context: Context, earlier) -> list[Candidate]:
    """An amount (a table cell or a stated figure) per invånare, with the population the documents state."""
    part = query.parts[index]
    words = _words(query, index)
    population_words = [
        w for w in words if any(found(stem, Text.of(w.text)) for stem in POPULATION) or _near_population(query, w)
    ]
    amount_words = [w for w in words if w not in population_words]
    populations = _population_rows(query, index, context, population_words)
    if not populations or not amount_words:
        return []
    years = list(part.cell_years)
    found_candidates = []
    for match in context.tables.matches(query, index, words=amount_words)[:4]:
        if match.row in [p.row for p in populations]:
            continue
        amount = _cell(match.row, years[0] if years else None, None)
        if amount is None:
            continue
        population = _population_cell(populations[0].row, amount.year)
        if population is None:
            continue
        join = document_of(amount) != document_of(population)
        calculation = calc.per_capita(amount, match.row.table.unit, population, join=join)
        found_candidates.append(_calculated(query, index, context, calculation, [match, populations[0]], match.score))
        break
    if not found_candidates:
        found_candidates += _stated_per_capita(query, index, context, amount_words, populations[0])
    return found_candidates


def _near_population(query: Query, word: Word) -> bool:
    """ "egna" in "regionens egna befolkningsantaganden" qualifies the population, not the amount: the next word names it."""
    following = re.match(r"\s*([^\W\d_]+)", query.text[word.end :])
    return bool(following) and any(found(stem, Text.of(following.group(1))) for stem in POPULATION)


def _population_rows(query, index, context: Context, population_words) -> list[RowMatch]:
    """Rows giving a population (their label or caption names befolkning/invånare), best for the words first."""
    rows = [
        m for m in context.tables.matches(query, index, words=population_words, documents=frozenset()) if _is_population(m.row)
    ]
    own = [m for m in rows if any(name.lower() in m.row.label.lower() for name in context.vocabulary.own_names)]
    return own or rows


def _is_population(row: Row) -> bool:
    text = Text(row.label_text.stems | row.context_text.stems, row.label_text.words | row.context_text.words)
    return any(found(stem, text) for stem in POPULATION) and not row.table.unit


def _population_cell(row: Row, year: int | None) -> Cell | None:
    """The population for a year; without a year, the row's figure when every year has the same."""
    if year is not None:
        cells = [cell for cell in row.cells if cell.year == year]
        if cells:
            return cells[0]
    values = {cell.value for cell in row.cells}
    return row.cells[0] if len(values) == 1 and row.cells else None


def _stated_per_capita(query, index, context: Context, amount_words, population: RowMatch) -> list[Candidate]:
    """A money figure stated in a sentence, per invånare ("kostnad på ca 12,5 mkr" / 132 466)."""
    for candidate in _stated_money(query, index, context, amount_words):
        cell, unit = candidate
        people = _population_cell(population.row, None)
        if people is None:
            continue
        calculation = calc.per_capita(cell, unit, people, join=True)
        return [
            _calculated(
                query, index, context, calculation, [population], population.score, words=frozenset(w.stem for w in amount_words)
            )
        ]
    return []


def _stated_money(query, index, context: Context, words) -> list[tuple[Cell, str]]:
    """Money figures stated in the best sentences that name ``words`` (best first), as Cells."""
    found_cells = []
    listed = statements.sentences(context.passages[: statements.PASSAGES])
    for position, statement in enumerate(listed):
        text = Text.of(statements.window(listed, position))
        total = sum(w.weight for w in words) or 1.0
        share = sum(w.weight for w in words if found(w.stem, text, w.text.lower())) / total
        if share < statements.MIN_COVERAGE:
            continue
        for figure in statements.figures(statement.text):
            if figure.unit == "money" and isinstance(figure.value, Decimal):
                unit = "mkr" if re.search(r"mkr|miljon|mnkr", figure.text, re.I) else "kr"
                value = figure.value * (1000 if re.search(r"miljard|mdkr|mdr", figure.text, re.I) else 1)
                cell = Cell(
                    f"{statement.passage.doc_id}#text",
                    statement.text[:60],
                    statement.passage.doc_title,
                    figure.text,
                    value,
                    source_line=statement.passage.source_lines[0],
                )
                found_cells.append((share, cell, unit))
    found_cells.sort(key=lambda item: -item[0])
    return [(cell, unit) for _, cell, unit in found_cells]


def _tax(query: Query, index: int, context: Context, earlier) -> list[Candidate]:
    """What one öre (or the öre asked) of the tax rate yields: skatteintäkter over the rate the same plan states."""
    part = query.parts[index]
    years = list(part.cell_years)
    words = [w for w in _words(query, index) if "skatteintäk" in w.stem] or _income_words(query)
    ore = next(((i, c) for i, c in enumerate(query.counts) if c.noun == "öre"), None)
    for match in context.tables.matches(query, index, words=words, documents=frozenset())[:6]:
        income = _cell(match.row, years[0] if years else _first_plan_year(match.row.table), None)
        rate = _stated_rate(match.row.table.doc_id, context)
        if income is None or rate is None:
            continue
        change = -ore[1].count if ore and TAX_CUT.search(part.text) else ore[1].count if ore else None
        calculation = calc.tax_change_effect(income, rate, change) if ore else calc.tax_per_ore(income, rate)
        calc.same_document([income, rate])
        counts = [ore[0]] if ore else []
        words = frozenset(w.stem for w in query.parts[index].words)  # the rest of the question states the rule's assumption
        return [_calculated(query, index, context, calculation, [match], match.score, counts=counts, words=words)]
    return []


def _income_words(query: Query) -> list[Word]:
    return [Word("skatteintäkter", 0, 0, "skatteintäk", 1.0)]


def _first_plan_year(table: Table) -> int | None:
    """The first year the table only plans (after its last Utfall or Prognos year)."""
    known = [cell.year for cell in table.cells if cell.kind in ("Utfall", "Prognos") and cell.year]
    planned = sorted({cell.year for cell in table.cells if cell.kind in ("Budget", "Plan") and cell.year})
    later = [year for year in planned if year > max(known, default=0)]
    return (later or planned or [None])[0]


def _stated_rate(doc_id: str, context: Context) -> Cell | None:
    """The tax rate a document states in its text ("bygger på en utdebitering på 11,70 kronor"), as a Cell of it."""
    for passage in (p for p in context.corpus if p.doc_id == doc_id):
        match = TAX_RATE.search(passage.text)
        if match:
            value = parse_decimal(match.group(1))
            return Cell(
                f"{doc_id}#text",
                "Utdebitering (skattesats)",
                passage.doc_title,
                match.group(1),
                value,
                page=passage.page,
                source_line=passage.source_lines[0],
            )
    return None


def _per_year(query: Query, index: int, context: Context, earlier) -> list[Candidate]:
    """An amount a sentence states for several years, per year: "Räknar på 6 mkr för tre år"."""
    words = _words(query, index)
    listed = statements.sentences(context.passages[: statements.PASSAGES])
    for position, statement in enumerate(listed):
        match = PER_YEARS.search(statement.text)
        if match is None:
            continue
        text = Text.of(statements.window(listed, position))
        total = sum(w.weight for w in words) or 1.0
        share = sum(w.weight for w in words if found(w.stem, text, w.text.lower())) / total
        if share < statements.MIN_COVERAGE:
            continue
        value = parse_decimal(match.group("number"))
        years_text = match.group("years").lower()
        years = int(years_text) if years_text.isdigit() else NUMBER_WORDS.get(years_text, 0)
        unit = "mkr" if re.search(r"mkr|miljon", match.group("amount"), re.I) else "kr"
        cell = Cell(
            f"{statement.passage.doc_id}#text",
            statement.text[:60],
            statement.passage.doc_title,
            match.group("amount").strip(),
            value,
            source_line=statement.passage.source_lines[0],
        )
        calculation = calc.per_period(cell, unit, years)
        hits = frozenset(w.stem for w in words if found(w.stem, text, w.text.lower()))
        return [_calculated(query, index, context, calculation, [], share, words=hits, years=_statement_years(query, statement))]
    return []


# What two compared figures are compared by: "… dyrare blir X än Y".
THAN = re.compile(r"\b(?:än|jämfört med)\b", re.IGNORECASE)
# Money as the documents write it, in mkr: "12,5 mkr", "8 miljoner kronor", "1,5 mdr", "300 000 kronor".
MONEY_SCALES = (
    (re.compile(r"mdr|mdkr|miljard", re.I), Decimal(1000)),
    (re.compile(r"tkr|tusen", re.I), Decimal("0.001")),
    (re.compile(r"mkr|mnkr|miljon", re.I), Decimal(1)),
    (re.compile(r"\bkr\b|kronor", re.I), Decimal("0.000001")),
)


def _comparison(query: Query, index: int, context: Context, earlier) -> list[Candidate]:
    """Two figures stated in sentences, compared: "Hur många miljoner dyrare blir det nya biljett- och betalsystemet än
    vad det nuvarande systemet var budgeterat till?" → the first side's figure less the second's, in mkr."""
    part = query.parts[index]
    if len({y.year for y in part.years}) >= 2:
        return _change(query, index, context, earlier)  # "… större 2027 än 2026?": one measure in two years
    than = THAN.search(query.text, part.start, part.end)
    if than is None:
        return []
    left, right = _words(query, index, part.start, than.start()), _words(query, index, than.end(), part.end)
    found = statements.candidates(query, index, context.passages, context.vocabulary, units=("money",))
    stated = [c for c in found if _mkr(c) is not None]  # "… i mkr och procent": the figures compared are amounts
    if right:
        base = _side(stated, right, left)
    else:  # "… jämfört med vad det nuvarande var budgeterat till": the side is named by words the reader skips
        named = Text.of(query.text[than.end() : part.end]).stems
        base = max((c for c in stated if named & Text.of(c.evidence[0].text).stems), key=lambda c: c.score, default=None)
    if base is None or not left:
        return []
    compared = _side([c for c in stated if _mkr(c) != _mkr(base) and c.evidence != base.evidence], left, right)
    if compared is None:
        return []
    calculation = calc.comparison(_stated_mkr(compared), _stated_mkr(base), "mkr")
    words = compared.usage.words | base.usage.words
    years = sorted(compared.usage.years | base.usage.years)
    return [_calculated(query, index, context, calculation, [], compared.score + base.score, words=words, years=years)]


def _side(stated: list[Candidate], own: list[Word], other: list[Word]) -> Candidate | None:
    """The stated figure for one side of a comparison: its sentence names that side's words, not the other side's;
    its passage (the window) holds at least half of them."""

    def share(words: list[Word], text: Text) -> float:
        total = sum(w.weight for w in words) or 1.0
        return sum(w.weight for w in words if found(w.stem, text, w.text.lower())) / total

    scored = []
    for candidate in stated:
        sentence = Text.of(candidate.evidence[0].text)
        window = sum(w.weight for w in own if w.stem in candidate.usage.words) / (sum(w.weight for w in own) or 1.0)
        if window >= statements.MIN_COVERAGE:
            scored.append(((share(own, sentence) - share(other, sentence), window, candidate.score), candidate))
    return max(scored, key=lambda item: item[0])[1] if scored else None


def _mkr(candidate: Candidate) -> Decimal | None:
    """A stated money figure in mkr, from its text ("12,5 mkr: ”…”"), or None when it is no amount of money."""
    figure = candidate.lines[0].text.split(":")[0]
    value = parse_decimal(re.sub(r"[^\d,\s-]", "", figure).strip())
    scale = next((factor for pattern, factor in MONEY_SCALES if pattern.search(figure)), None)
    return None if value is None or scale is None else value * scale


def _stated_mkr(candidate: Candidate) -> Cell:
    """A stated amount as a Cell in mkr, labelled by its sentence (quoted), with its document and line."""
    evidence = candidate.evidence[0]
    label = f"”{evidence.text[:80]}{'…' if len(evidence.text) > 80 else ''}”"
    value = _mkr(candidate)
    return Cell(f"{evidence.doc_id}#text", label, "", calc_format(value), value, source_line=evidence.source_line)


def _statement_years(query: Query, statement) -> list[int]:
    return [int(y) for y in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", statement.text)]


def _budget_from_statement(query: Query, index: int, context: Context, earlier) -> list[Candidate]:
    """A budget the documents state only as an outcome and its deviation ("… 493,9 mkr vilket var 116,1 mkr bättre än budget")."""
    part = query.parts[index]
    if "Budget" not in part.kinds:
        return []
    words = _words(query, index)
    listed = statements.sentences(context.passages[: statements.PASSAGES])
    for position, statement in enumerate(listed):
        match = STATED_DEVIATION.search(statement.text)
        if match is None:
            continue
        text = Text.of(statements.window(listed, position))
        total = sum(w.weight for w in words) or 1.0
        hits = frozenset(w.stem for w in words if found(w.stem, text, w.text.lower()))
        if sum(w.weight for w in words if w.stem in hits) / total < statements.MIN_COVERAGE:
            continue
        source = f"{statement.passage.doc_id}#text"
        line = statement.passage.source_lines[0]
        outcome = Cell(
            source,
            "Utfall",
            statement.passage.doc_title,
            f"{match.group('outcome')} mkr",
            parse_decimal(match.group("outcome")),
            source_line=line,
        )
        gap = Cell(
            source,
            "Avvikelse mot budget",
            statement.passage.doc_title,
            f"{match.group('gap')} mkr",
            parse_decimal(match.group("gap")),
            source_line=line,
        )
        cost = bool(re.search(r"kostnad", statement.text[: match.start("outcome")], re.I))
        better = match.group("dir").lower() in ("bättre",) or (match.group("dir").lower() in ("lägre", "mindre") and cost)
        calculation = calc.budget_from_deviation(outcome, gap, "mkr", cost=cost, better=better)
        return [_calculated(query, index, context, calculation, [], 1.0, words=hits, years=_statement_years(query, statement))]
    return []


# --- Restoration, fees, personnel --------------------------------------------------------------

NAMED_BALANCE = re.compile(r"\b(?:IB|UB)\b")
WHEN_RESTORED = re.compile(r"vilket år|när (?:är|blir)|\bår\b.*\båterställt\b\?", re.I)
REMAINING = re.compile(r"återstår|\bkvar\b|täcka", re.I)
NEEDED = re.compile(r"(?:krävs|behövs|måste)\b", re.I)
EVEN = re.compile(r"jämnt|per år|årligen|varje år", re.I)
EXTRA = re.compile(r"\b(?:större|mer|högre)\b.*\b(?:jämfört med|än) planen\b", re.I)


def _restoration(query: Query, index: int, context: Context, earlier) -> list[Candidate]:
    """The accumulated deficit and its restoration (a table with IB, Årets resultat and UB rows per year)."""
    table = _restoration_table(context.tables.tables, query)
    if table is None or NAMED_BALANCE.search(query.text):
        return []  # "IB … Plan 2027" names a row of the table: a lookup, not a restoration
    years = [y.year for y in query.years]
    table_years = set(calc.years(table))
    if years and not set(years) & table_years:
        return []  # a deficit in other years (the regions' 2023 deficit) is a question for the text
    results = scenario_results(query)
    text = query.text
    target = max(years) if years else None
    if EXTRA.search(text) and target and query.periods:
        first = query.periods[-1][0]
        calculation = calc.extra_needed(table, target, from_year=first, results=results or None)
    elif NEEDED.search(text) and EVEN.search(text) and target:
        calculation = calc.even_surplus_needed(table, target, results=results or None)
    elif WHEN_RESTORED.search(text):
        calculation = calc.restoration_year(table, results or None)
    elif REMAINING.search(text):
        calculation = calc.remaining_deficit(table, results or None)
    elif target:
        asked = [year for year in years if year not in results]
        calculation = calc.accumulated_deficit(table, max(asked) if asked else target, results or None)
    else:
        calculation = calc.remaining_deficit(table, results or None)
    amounts = [i for i, a in enumerate(query.amounts) if a.unit == "mkr"]
    lines = _restoration_lines(calculation)
    candidate = _calculated(
        query, index, context, calculation, [], 1.0, years=years, amounts=amounts, words=frozenset(w.stem for w in query.words)
    )
    return [
        Candidate(
            candidate.route, index, lines, candidate.evidence, candidate.usage, 1.0, calculation=calculation, intent="calculation"
        )
    ]


def _restoration_lines(calculation: Calculation) -> tuple[Line, ...]:
    """The conclusion; for the extra-needed calculator both its total and its per-year line."""
    if calculation.calculator == "extra_needed":
        return (Line(calculation.steps[-2], 0), Line(calculation.steps[-1], 0))
    return (Line(calculation.steps[-1], 0),)


def _restoration_table(tables: Sequence[Table], query: Query) -> Table | None:
    named = [t for t in tables if t.doc_id in query.document_ids]
    return calc.table_with_rows(named, RESTORATION_ROWS) or calc.table_with_rows(tables, RESTORATION_ROWS)


def _fees(query: Query, index: int, context: Context, earlier) -> list[Candidate]:
    """Patient fees: a list of counted visits under the högkostnadsskydd, or the visit that reaches the ceiling."""
    fee_tables = [t for t in context.tables.tables if t.unit == "kr" and any(FEE_WORDS.search(r) for r in t.rows)]
    named = [t for t in fee_tables if not query.document_ids or t.doc_id in query.document_ids]
    ceiling = _ceiling_cell(named or fee_tables)
    if (not named and not fee_tables) or ceiling is None:
        return []
    tables = [t for t in (named or fee_tables) if t.doc_id == document_of(ceiling)]
    if re.search(r"vilket besök|når (?:jag )?taket", query.text, re.I):
        return _ceiling_visit(query, index, context, tables, ceiling)
    visits: dict[str, int] = {}
    used = []
    for position, count in enumerate(query.counts):
        row = _fee_row(tables, count.noun, query)
        if row is not None:
            visits[row] = visits.get(row, 0) + count.count
            used.append(position)
    if not visits:
        return []
    calculation = calc.patient_fees(visits, tables, ceiling)
    return [_calculated(query, index, context, calculation, [], 1.0, counts=used, words=frozenset(w.stem for w in query.words))]


def _ceiling_visit(query, index, context, tables, ceiling) -> list[Candidate]:
    for position, amount in enumerate(query.amounts):
        fee = next(
            (cell for t in tables for cell in t.cells if cell.value == amount.value and "besök" in cell.row_label.lower()), None
        )
        if fee is not None:
            calculation = calc.ceiling_visit(fee, ceiling)
            value = calculation.value
            line = Line(
                f"Besök nummer {value['visit']} når taket; det besöket kostar {value['fee']} kr. {calculation.steps[-1]}", 0
            )
            candidate = _calculated(
                query, index, context, calculation, [], 1.0, amounts=[position], words=frozenset(w.stem for w in query.words)
            )
            return [
                Candidate(
                    "calculation",
                    index,
                    (line,),
                    candidate.evidence,
                    candidate.usage,
                    1.0,
                    calculation=calculation,
                    intent="calculation",
                )
            ]
    return []


def _ceiling_cell(tables: Sequence[Table]) -> Cell | None:
    for table in sorted(tables, key=lambda t: t.document_year, reverse=True):
        for cell in table.cells:
            label = cell.row_label.lower()
            if "högkostnadsskydd" in label and ("öppenvård" in label or "patientavgift" in label or "12" in label) and cell.value:
                return cell
    return None


def _fee_row(tables: Sequence[Table], noun: str, query: Query) -> str | None:
    """The fee row a counted noun names ("vårdbesök", "receptförnyelse"), the one sharing most words with the question."""
    from index.analysis import stems

    noun_stem = (stems(noun) or [noun])[0]
    wanted = {w.stem for w in query.words}
    rows = [row for table in tables for row in table.rows if noun_stem[:6] in row.lower()]
    if not rows:
        return None
    return max(rows, key=lambda row: (len(wanted & set(stems(row))) / max(1, len(stems(row))), -len(row)))


def _personnel(query: Query, index: int, context: Context, earlier) -> list[Candidate]:
    """What a salary costs with the year's PO-pålägg (the social-fees table)."""
    if query.salary is None:
        return []
    salary, period = query.salary
    table = calc.table_with_rows(context.tables.tables, ("Summa PO-pålägg",))
    if table is None:
        return []
    years = [y.year for y in query.years]
    year = max(years) if years else max(calc.years(table))
    calculation = calc.personnel_cost(table, salary, year, period=period)
    amounts = [i for i, a in enumerate(query.amounts) if a.value == salary]
    return [
        _calculated(
            query,
            index,
            context,
            calculation,
            [],
            1.0,
            years=years,
            amounts=amounts,
            words=frozenset(w.stem for w in query.words),
        )
    ]


ROUTES: tuple[tuple[str, Callable[..., list[Candidate]]], ...] = (
    (Op.RESTORATION, _restoration),
    (Op.FEES, _fees),
    (Op.PERSONNEL, _personnel),
    (Op.TAX, _tax),
    (Op.PER_CAPITA, _per_capita),
    (Op.WHAT_IF, _what_if),
    (Op.SHARE, _share),
    (Op.DEVIATION, _deviation),
    (Op.SUM, _sum),
    (Op.CHANGE, _change),
    (Op.PER_YEAR, _per_year),
    (Op.COMPARE, _comparison),
    (Op.LOOKUP, _budget_from_statement),
)
