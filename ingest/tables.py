"""Tables: find the tables in a document's cleaned lines and parse them into Cells with provenance.

Text extracted from a PDF keeps a table only as lines: a caption ("Tabell 4. Resultatbudget"),
a header of kinds and years ("Utfall Budget Prognos …" / "2024 2025 2025 …", one line,
two lines, or one cell per line), column titles ("Skatter och generella bidrag" / … /
"Budget 2026", or "Tid Avgift exkl. moms (kr) …" under the caption), then rows: a label and
its figures, a label broken over lines with its figures on the last, or figures wrapped onto
the next line. Two more shapes have modules of their own: key-figure tables with a comment
column (``ingest.table_keyfigures``) and amounts split over recipients
(``ingest.table_parts``). The rules read those shapes; no file name or caption is special-cased.

Conventions other code relies on:

- column label: "Plan 2027" (kind and year, the kind word as printed: "Planerat 2019"),
  "2027" (year only), else the header text ("Ack utfall", "Avvikelse"); a table of fees
  without a header has one column, "Avgift";
- row label: the document's label, whitespace normalised ("Årets resultat",
  "UB ackumulerade ej återställda negativa resultat*");
- labels are unique within a table: a "Varav" label printed under several rows names its row
  ("Varav tjänstemannabudget (Hälso- och sjukvårdsnämnden)"), any other repeat gets " (2)", " (3)", …;
- a line of figures without a label under the rows is kept, as "Summa", only where it is their sum;
- table_id: "<doc_id>#tabell-<n>" for "Tabell n", else "<doc_id>#<slug of the caption>"; captions
  printed one after another over one run of rows ("Tabell 11. …" / "Tabell 12. …") are joined
  with " / " and the first number names the table;
- a cell's ``source_line`` is the line its figure is printed on, ``raw`` the figure as printed.

A row with fewer figures than columns is placed only where the table's identities decide it
(``ingest.table_layout``, ``ingest.table_checks``); otherwise its figures are left out and
``Table.problems`` says so. Nothing here raises on odd text: what cannot be read is skipped.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ingest.models import Cell, DocumentMeta, Line, Section, Table
from ingest.numbers import parse_number
from ingest.sections import typical_width
from ingest.table_checks import Earlier, Figure, adds_up, check_table, is_total, is_varav
from ingest.table_headers import Column, Header, column_choices, header_at, titles_after
from ingest.table_keyfigures import key_figure_tables
from ingest.table_layout import Placed, grid_of, place_short_rows
from ingest.table_lines import CAPTION, UNIT_START, Kind, is_prose, parse_line, slug, unique
from ingest.table_parts import part_tables
from ingest.table_rows import Row, fee_labels, fit_row, is_fee_row, read_rows

MAX_CAPTION_DISTANCE = 40  # lines between a caption and its table (prose may come between)
MAX_TITLE_WORDS = 10  # a table's own title printed over its header
MAX_CONTINUATION_GAP = 8  # lines between a table and its continuation on the next page
FEE_COLUMN = "Avgift"
UNIT_PATTERNS = (
    ("tkr", re.compile(r"\b(tkr|tusen kronor)\b", re.IGNORECASE)),
    ("mkr", re.compile(r"\b(mkr|mnkr|miljoner kronor)\b", re.IGNORECASE)),
    ("%", re.compile(r"(\bprocent\b|%)", re.IGNORECASE)),
    ("kr", re.compile(r"\bkr\b")),
)


@dataclass
class _Draft:
    """A table found but not yet built: its header, chosen columns, rows and extent (line indices)."""

    header: Header
    columns: list[Column]
    rows: list[Row]
    start: int
    end: int
    fee: bool = False


@dataclass(frozen=True)
class _Caption:
    """A "Tabell n. …" line: where it is, its number and its text without the final full stop."""

    index: int
    number: int
    text: str


def extract_tables(lines: Sequence[Line], sections: Sequence[Section], meta: DocumentMeta) -> tuple[Table, ...]:
    """Every table found in a document's cleaned lines, in document order.

    Args:
        lines: the cleaned logical lines of one document (``ingest.clean.clean_pages``).
        sections: its sections, for each table's section path and fallback caption.
        meta: the document's metadata (id and title).

    Returns:
        Parsed tables; text that does not read as a table is skipped, never raised on.
    """
    lines = list(lines)
    if not lines:
        return ()
    width = typical_width(lines)
    key_tables, taken = key_figure_tables(lines, meta, width)
    parted, in_parts = part_tables(lines, meta, width)
    key_tables += parted
    lines = [line for index, line in enumerate(lines) if index not in taken | in_parts]
    context = _Context(lines, sections, meta)
    drafts = _drafts(lines, width)
    captions = _captions(lines)
    drafts, chosen = _merge_continuations(drafts, _assign_captions(drafts, captions))
    chosen = _join_stacked(chosen, captions)
    tables: list[Table] = []
    for draft, caption in zip(drafts, chosen, strict=True):
        text = caption.text if caption is not None else _fallback_caption(draft, lines, sections)
        name = f"tabell-{caption.number}" if caption is not None else slug(text)
        table_id = unique(f"{meta.doc_id}#{name}", {table.table_id for table in [*tables, *key_tables]}, "-")
        heading = None if caption is None else lines[caption.index].text
        table = _build(draft, table_id, text, heading, context, _earlier(tables, draft))
        if table is not None:
            tables.append(table)
    return tuple(sorted([*tables, *key_tables], key=lambda table: table.source_lines))


def _earlier(tables: list[Table], draft: _Draft) -> Earlier:
    """The table printed just before, if it has the same columns: a change row may name one of its rows."""
    if not tables or list(tables[-1].columns) != _unique_all([column.label for column in draft.columns]):
        return Earlier()
    previous = tables[-1]
    grid = {(cell.row_label, cell.col_label): Figure(cell.value, cell.raw) for cell in previous.cells if cell.value is not None}
    return Earlier(previous.rows, grid)


# --- finding tables -------------------------------------------------------------------------


def _drafts(lines: list[Line], width: int) -> list[_Draft]:
    """Every table in reading order; a table's lines are not searched again."""
    drafts: list[_Draft] = []
    index = 0
    while index < len(lines):
        draft = _draft_at(lines, index, width)
        if draft is None:
            index += 1
        else:
            drafts.append(draft)
            index = draft.end + 1
    return drafts


def _draft_at(lines: list[Line], index: int, width: int) -> _Draft | None:
    """A table whose header (or, for a fee list, whose first row) starts at ``index``."""
    header = header_at(lines, index)
    if header is not None:
        return _best_draft(lines, header, width)
    if is_fee_row(lines, index, width):
        return _fee_draft(lines, index, width)
    return None


# --- choosing the columns --------------------------------------------------------------------


def _best_draft(lines: list[Line], header: Header, width: int) -> _Draft | None:
    """Read the rows under ``header``, trying the column titles around the kinds and years too.

    The layout that explains the rows best wins: fewest rows with too many figures, then
    fewest rows short of figures, then fewest figures above a million (a sign of two
    figures read as one), then fewest columns.
    """
    after = header.after + titles_after(lines, header.end)
    best: tuple[tuple[int, int, int, int], _Draft] | None = None
    for columns in column_choices(header.columns, header.before, after):
        rows, end = read_rows(lines, header.end + 1, len(columns), width)
        score = _score(rows, len(columns))
        if score is not None and (best is None or score < best[0]):
            best = (score, _Draft(header, columns, rows, header.start, end))
    return None if best is None else best[1]


def _score(rows: list[Row], count: int) -> tuple[int, int, int, int] | None:
    """How badly ``rows`` fit ``count`` columns; ``None`` if they are no table of that width."""
    rows = [row for row in rows if row.label]  # an unlabelled line of figures is kept only if it is a total
    if not rows:
        return None
    fits = [fit_row(row, count) for row in rows]
    overflow = sum(1 for fit in fits if fit is None)
    widths = [len(fit[1]) for fit in fits if fit is not None]
    if overflow * 3 > len(rows) or not widths or max(widths) < min(count, 2):
        return None
    large = sum(1 for fit in fits if fit is not None for raw, _ in fit[1] if abs(parse_number(raw) or 0) >= 1_000_000)
    partial = sum(1 for width in widths if width < count)
    return overflow, partial, large, count


# --- lists of fees --------------------------------------------------------------------------


def _fee_draft(lines: list[Line], index: int, width: int) -> _Draft | None:
    """A list of fees: rows of one amount in kr, under a caption or a heading, without a header."""
    start = index - len(fee_labels(lines, index, width)) if parse_line(lines[index].text).kind is Kind.FIGURES else index
    rows, end = read_rows(lines, start, 1, width, fee=True)
    if not rows:
        return None
    first = _index_of(lines, rows[0].label_line)
    header = Header([Column(FEE_COLUMN)], [], [], "", first, first - 1, "kr")
    return _Draft(header, header.columns, rows, first, end, fee=True)


def _index_of(lines: list[Line], line: Line) -> int:
    """Where ``line`` stands in ``lines`` (ordered by source line)."""
    return bisect_right([item.source_line for item in lines], line.source_line) - 1


# --- captions -------------------------------------------------------------------------------


def _captions(lines: list[Line]) -> list[_Caption]:
    """Every "Tabell n. …" line; "Figur n." captions name charts, which have no figures to parse."""
    captions = []
    for index, line in enumerate(lines):
        match = CAPTION.match(line.text)
        if match and match.group(1) == "Tabell" and match.group(3):
            captions.append(_Caption(index, int(match.group(2)), line.text.rstrip(" .")))
    return captions


def _assign_captions(drafts: list[_Draft], captions: list[_Caption]) -> list[_Caption | None]:
    """Give each table the caption above it.

    Usually that is the nearest caption above, with no other table between. Captions
    printed one after another ("Tabell 6." / "Tabell 7.") are followed by their tables
    in some order: a table whose nearest caption is taken takes the first free one of
    that stack.
    """
    taken: set[int] = set()
    chosen: list[_Caption | None] = []
    for position, draft in enumerate(drafts):
        previous_end = drafts[position - 1].end if position else -1
        choice = _caption_for(draft.start, previous_end, captions, taken)
        if choice is not None:
            taken.add(choice)
        chosen.append(None if choice is None else captions[choice])
    return chosen


def _caption_for(start: int, previous_end: int, captions: list[_Caption], taken: set[int]) -> int | None:
    above = [k for k, caption in enumerate(captions) if caption.index < start and start - caption.index <= MAX_CAPTION_DISTANCE]
    if not above:
        return None
    nearest = above[-1]
    if nearest not in taken and captions[nearest].index > previous_end:
        return nearest
    first = nearest
    while first > 0 and captions[first - 1].index == captions[first].index - 1:
        first -= 1
    return next((k for k in range(first, nearest + 1) if k not in taken), None)


def _join_stacked(chosen: list[_Caption | None], captions: list[_Caption]) -> list[_Caption | None]:
    """A table under captions printed one after another, whose other tables the text does not hold, takes them all.

    "Tabell 11. Budgetramar i netto …" / "Tabell 12. Driftbudget i brutto …" over one run of
    rows: the two tables stood side by side, and the rows hold both.
    """
    taken = {caption.index for caption in chosen if caption is not None}
    joined: list[_Caption | None] = []
    for caption in chosen:
        stack = _stack(caption, captions) if caption is not None else []
        if len(stack) < 2 or any(other.index in taken for other in stack if other is not caption):
            joined.append(caption)
            continue
        joined.append(_Caption(stack[0].index, stack[0].number, " / ".join(other.text for other in stack)))
    return joined


def _stack(caption: _Caption, captions: list[_Caption]) -> list[_Caption]:
    """The captions printed on consecutive lines together with ``caption``."""
    position = captions.index(caption)
    first = last = position
    while first > 0 and captions[first - 1].index == captions[first].index - 1:
        first -= 1
    while last + 1 < len(captions) and captions[last + 1].index == captions[last].index + 1:
        last += 1
    return captions[first : last + 1]


def _merge_continuations(drafts: list[_Draft], chosen: list[_Caption | None]) -> tuple[list[_Draft], list[_Caption | None]]:
    """Join a table continued on the next page under a repeated header (same columns, no caption)."""
    merged: list[_Draft] = []
    captions: list[_Caption | None] = []
    for draft, caption in zip(drafts, chosen, strict=True):
        if merged and caption is None and _continues_table(merged[-1], draft):
            merged[-1].rows.extend(draft.rows)
            merged[-1].end = draft.end
            continue
        merged.append(draft)
        captions.append(caption)
    return merged, captions


def _continues_table(previous: _Draft, draft: _Draft) -> bool:
    """Whether ``draft`` is ``previous`` again on the next page: same header, a few lines on."""
    same = [column.label for column in previous.columns] == [column.label for column in draft.columns]
    return (
        same
        and previous.header.stub == draft.header.stub
        and not previous.fee
        and draft.start - previous.end <= MAX_CONTINUATION_GAP
    )


def _fallback_caption(draft: _Draft, lines: list[Line], sections: Sequence[Section]) -> str:
    """A caption for a table without "Tabell n".

    In order: the header's stub, a caption below, the heading above, the title printed over
    the header that is not a column ("Övriga investeringar utanför beslutad ram"), the section.
    """
    stub = re.sub(r"^\*+\)?\s*", "", draft.header.stub).strip()  # "*) Generella statsbidrag"
    if re.search(r"[^\W\d_]{4,}", UNIT_START.sub("", stub)) and not UNIT_START.fullmatch(stub):
        return stub
    heading = _caption_below(lines, draft.end) or _heading_above(lines, draft.start)
    if heading is not None:
        return heading
    labels = {column.label for column in draft.columns}
    titles = [title for title in draft.header.before if title not in labels and not title.endswith(".")]
    if len(titles) == 1 and len(titles[0].split()) <= MAX_TITLE_WORDS:
        return titles[0]
    section = _section_title(sections, lines[draft.start].source_line)
    return section or " ".join(column.label for column in draft.columns)


def _caption_below(lines: list[Line], end: int) -> str | None:
    """A short sentence right under a table, past its unit line: "Internt tillförda medel miljoner kronor."."""
    for line in lines[end + 1 : end + 3]:
        if UNIT_START.fullmatch(line.text) and not UNIT_START.fullmatch(line.text).group(2):
            continue
        short = len(line.text.split()) <= 8 and parse_line(line.text).kind is Kind.LABEL
        return line.text.rstrip(" .") if short and line.text.endswith(".") and not CAPTION.match(line.text) else None
    return None


def _heading_above(lines: list[Line], start: int) -> str | None:
    """A short title line among the few lines of text above a table ("Sjukresor"), past any prose."""
    for back in range(start - 1, max(-1, start - 7), -1):
        text = lines[back].text
        parsed = parse_line(text)
        if parsed.kind is not Kind.LABEL or CAPTION.match(text):
            return None
        words = text.split()
        if len(words) <= 8 and text[0].isupper() and not text.endswith((".", ",", ":", ";", "-")):
            return text
    return None


def _section_title(sections: Sequence[Section], source_line: int) -> str | None:
    """The title of the last section, not itself a table caption, that starts before ``source_line``."""
    titles = [
        (section.paragraphs[0].first_line, section.title)
        for section in sections
        if section.paragraphs and not section.is_table and section.title
    ]
    starts = [first for first, _ in titles]
    position = bisect_right(starts, source_line) - 1
    return titles[position][1] if position >= 0 else None


# --- building the Table ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    """What every table of one document shares."""

    lines: list[Line]
    sections: Sequence[Section]
    meta: DocumentMeta


def _build(draft: _Draft, table_id: str, caption: str, heading: str | None, context: _Context, earlier: Earlier) -> Table | None:
    """The Table of a draft, or ``None`` when most of its rows cannot be put in columns."""
    columns = _unique_all([column.label for column in draft.columns])
    placed = _place(draft, columns, earlier)
    if sum(1 for row in placed if row.figures) * 2 < len(placed):
        return None  # the text does not hold this table
    problems = [row.note for row in placed if row.note]
    problems += check_table([row.label for row in placed], columns, grid_of(placed, columns), earlier)
    cells = tuple(_cells(table_id, placed, columns, draft.columns))
    first, last = context.lines[draft.start], context.lines[draft.end]
    return Table(
        table_id=table_id,
        doc_id=context.meta.doc_id,
        doc_title=context.meta.title,
        caption=caption,
        section_path=_section_path(context.sections, first.source_line, heading),
        page=first.page,
        source_lines=(first.source_line, last.source_line),
        unit=_unit(caption, draft, context.lines, cells),
        rows=tuple(row.label for row in placed),
        columns=tuple(columns),
        cells=cells,
        problems=tuple(problems),
    )


def _place(draft: _Draft, columns: list[str], earlier: Earlier) -> list[Placed]:
    """Rows with their figures in columns; short rows placed where the identities say, if they do."""
    labelled = [row for row in draft.rows if row.label]
    fits = [fit_row(row, len(columns)) for row in labelled]
    bases = [" ".join((fit[0] if fit else row.label).split()) for row, fit in zip(labelled, fits, strict=True)]
    placed = [
        _placed_row(row, label, base, fit, len(columns))
        for row, fit, base, label in zip(labelled, fits, bases, _row_labels(bases), strict=True)
    ]
    place_short_rows(placed, columns, earlier)
    return placed + _unlabelled_totals(draft.rows, placed, columns)


def _row_labels(bases: list[str]) -> list[str]:
    """Unique row labels: a "Varav" label printed under several rows names its row ("Varav x (Regionstyrelsen)")."""
    labels: list[str] = []
    parent = ""
    for base in bases:
        if not is_varav(base):
            parent = base
        label = f"{base} ({parent})" if is_varav(base) and parent and bases.count(base) > 1 else base
        labels.append(unique(label, set(labels), " "))
    return labels


def _placed_row(row: Row, label: str, base: str, fit: tuple[str, list[tuple[str, Line]]] | None, count: int) -> Placed:
    if fit is None:
        raw = " ".join(text for text, _ in row.tokens)
        note = f"Tolkning: raden '{label}' har fler tal ({raw}) än tabellens {count} kolumner; raden är inte med."
        return Placed(label, base, None, note=note)
    figures = fit[1]
    if row.fixed is not None:
        return Placed(label, base, dict(zip([column for column, _, _ in row.fixed], figures, strict=True)))
    if len(figures) == count:
        return Placed(label, base, dict(enumerate(figures)))
    return Placed(label, base, {}, pending=list(figures))


def _unlabelled_totals(rows: list[Row], placed: list[Placed], columns: list[str]) -> list[Placed]:
    """A line of figures without a label under the rows, kept as "Summa" where it is their sum in every column.

    "120 mkr 41 mkr" under a list of åtgärder is its total; any other unlabelled figures are left out.
    """
    totals: list[Placed] = []
    for row in rows:
        fit = fit_row(row, len(columns)) if not row.label else None
        if fit is None or len(fit[1]) != len(columns):
            continue
        label = unique("Summa", {item.label for item in placed}, " ")
        candidate = Placed(label, "Summa", dict(enumerate(fit[1])))
        trial = [*placed, candidate]
        grid = grid_of(trial, columns)
        if len(placed) >= 2 and all(_sums_rows(grid, placed, label, column) for column in columns):
            totals.append(candidate)
    return totals


def _sums_rows(grid: dict[tuple[str, str], Figure], placed: list[Placed], label: str, column: str) -> bool:
    """Whether the row ``label`` is the sum of the rows above it (not "Varav" rows) in ``column``."""
    terms = [grid[(row.label, column)] for row in placed if not is_varav(row.base) and (row.label, column) in grid]
    found = grid.get((label, column))
    return found is not None and len(terms) >= 2 and adds_up(sum((term.value for term in terms), Decimal(0)), found, terms)


def _cells(table_id: str, placed: list[Placed], labels: list[str], columns: list[Column]) -> Iterator[Cell]:
    """The cells in row-major order; each cites the line its figure is printed on."""
    for row in placed:
        figures = row.figures or {}
        for column in sorted(figures):
            raw, line = figures[column]
            year, kind = columns[column].year, columns[column].kind
            yield Cell(table_id, row.label, labels[column], raw, parse_number(raw), year, kind, line.page, line.source_line)


def _unique_all(labels: list[str]) -> list[str]:
    taken: set[str] = set()
    labelled = []
    for label in labels:
        labelled.append(unique(label or "Värde", taken, " "))
        taken.add(labelled[-1])
    return labelled


def _section_path(sections: Sequence[Section], source_line: int, heading: str | None) -> tuple[str, ...]:
    """The path of the section the caption heads, else of the section the table starts in."""
    if heading is not None:
        return next((section.path for section in sections if section.title == heading.rstrip(" :")), (heading.rstrip(" :"),))
    path: tuple[str, ...] = ()
    for section in sections:
        if section.paragraphs and section.paragraphs[0].first_line > source_line:
            break
        path = section.path
    return path


def _unit(caption: str, draft: _Draft, lines: list[Line], cells: tuple[Cell, ...]) -> str | None:
    """The unit the caption, the header, a unit line just below the table, or the cells state."""
    totals = " ".join(cell.row_label for cell in cells if is_total(cell.row_label))  # "Total driftbudget år 2026 mkr"
    for text in (caption, draft.header.text, _unit_line_below(lines, draft.end), totals):
        unit = _unit_in(text)
        if unit is not None:
            return unit
    units = {_unit_in(cell.raw) for cell in cells}
    if len(units) == 1:
        return units.pop()
    totals = {_unit_in(cell.raw) for cell in cells if is_total(cell.row_label)}  # "120 mkr 41 mkr" under the rows
    return totals.pop() if len(totals) == 1 and None not in totals else None


def _unit_line_below(lines: list[Line], end: int) -> str:
    """A line that is only a unit ("Miljoner kronor") shortly below a table, before the next caption."""
    for line in lines[end + 1 : end + 1 + 2 * MAX_CONTINUATION_GAP]:
        if CAPTION.match(line.text) or is_prose(line.text, 10**6):
            break
        if UNIT_START.fullmatch(line.text) and not UNIT_START.fullmatch(line.text).group(2):
            return line.text
    return ""


def _unit_in(text: str) -> str | None:
    return next((unit for unit, pattern in UNIT_PATTERNS if pattern.search(text)), None)
