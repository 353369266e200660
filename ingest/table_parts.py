"""Tables of amounts split over recipients: "42,5 mkr Varav 26 mkr Regionstyrelsen" / "Varav 16,5 mkr …".

A plan lists, per agreement or purpose, an amount and the parts each board receives:

    Överenskommelse om en god och nära vård, …      (the row's label, over several lines)
    42,5 mkr Varav 26 mkr Regionstyrelsen
    Varav 16,5 mkr Hälso- och sjukvårdsnämnden

Such a table reads as one column for the amount (titled by the header's kind and year,
"Prognos 2026", else "Belopp") and one column per recipient ("Varav Regionstyrelsen"),
each part in its recipient's column: the text names the column, so nothing is guessed.
A line of an amount and parts without a label of its own, under the rows, is their total
("Summa") only where it is their sum in every column; otherwise it is left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ingest.models import Cell, DocumentMeta, Line, Table
from ingest.numbers import parse_number
from ingest.table_checks import Figure, adds_up, check_table
from ingest.table_lines import CAPTION, header_line, is_footnote, is_prose, label_phrases, slug, unique

AMOUNT = r"[-−–]?\d{1,3}(?: \d{3})*(?:,\d+)?|[-−–]?\d+(?:,\d+)?"
UNIT = r"mkr|tkr|kr|mnkr|miljoner kronor"
# "42,5 mkr Varav 26 mkr Regionstyrelsen" (an amount and its first part) or "Varav 16,5 mkr Hälso- …".
PART_LINE = re.compile(
    rf"^(?:(?P<amount>{AMOUNT}) (?P<unit>{UNIT}) )?[Vv]arav (?P<part>{AMOUNT}) (?P<part_unit>{UNIT}) (?P<name>[A-ZÅÄÖ].*?)\s*$"
)
MAX_CAPTION_DISTANCE = 12  # lines between a caption and the first row
MAX_LABEL_LINES = 8  # label lines without an amount before the table is over
PART_PREFIX = "Varav"
AMOUNT_COLUMN = "Belopp"


@dataclass
class _Row:
    """A row: its label ("" if the line of figures has none), its amount and its parts by recipient."""

    label: str
    amount: tuple[str, Line]
    parts: dict[str, tuple[str, Line]] = field(default_factory=dict)


def part_tables(lines: Sequence[Line], meta: DocumentMeta, width: int) -> tuple[list[Table], set[int]]:
    """The tables of amounts split over recipients, and the indices of the lines they take (caption included)."""
    lines = list(lines)
    tables: list[Table] = []
    taken: set[int] = set()
    index = 0
    while index < len(lines):
        match = PART_LINE.match(lines[index].text)
        if match is None or match.group("amount") is None or index in taken:
            index += 1
            continue
        caption = _caption_above(lines, index)
        start = caption if caption is not None else index
        header, rows, end = _rows(lines, start + 1 if caption is not None else index, width)
        table = _table(lines, header, rows, (caption, start, end), meta, {table.table_id for table in tables})
        if table is not None:
            tables.append(table)
            taken.update(range(start, end + 1))
        index = max(index, end) + 1  # rows read from a caption above may end before this line
    return tables, taken


def _caption_above(lines: list[Line], index: int) -> int | None:
    for back in range(index - 1, max(-1, index - 1 - MAX_CAPTION_DISTANCE), -1):
        if CAPTION.match(lines[back].text):
            return back if lines[back].text.startswith("Tabell") else None
        if PART_LINE.match(lines[back].text):
            return None
    return None


def _rows(lines: list[Line], start: int, width: int) -> tuple[list[Line], list[_Row], int]:
    """The header lines above the first row, the rows from ``start`` on, and the index of the last line used."""
    header: list[Line] = []
    rows: list[_Row] = []
    pending: list[Line] = []
    end = start - 1
    for index in range(start, len(lines)):
        line = lines[index]
        match = PART_LINE.match(line.text)
        if match is None:
            if (
                CAPTION.match(line.text)
                or is_prose(line.text, width)
                or is_footnote(line.text)
                or len(pending) >= MAX_LABEL_LINES
            ):
                break
            pending.append(line)
            continue
        if match.group("amount") is not None:
            phrases = label_phrases(pending)
            label = phrases[-1][0] if phrases else ""
            if not rows and phrases:
                header = pending[: pending.index(phrases[-1][1])]
            rows.append(_Row(label, (f"{match.group('amount')} {match.group('unit')}", line)))
        elif not rows:
            break
        rows[-1].parts[match.group("name")] = (f"{match.group('part')} {match.group('part_unit')}", line)
        pending, end = [], index
    return header, rows, end


def _table(
    lines: list[Line], header: list[Line], rows: list[_Row], where: tuple[int | None, int, int], meta: DocumentMeta, ids: set[str]
) -> Table | None:
    """The Table of the rows read, or ``None`` for fewer than two labelled rows."""
    caption, start, end = where
    labelled = [row for row in rows if row.label]
    if len(labelled) < 2:
        return None
    first = _amount_column(header)
    names: list[str] = []
    for row in labelled:
        names += [name for name in row.parts if name not in names]
    columns = [first[0], *(f"{PART_PREFIX} {name}" for name in names)]
    grid_rows = [_grid_row(row, names) for row in labelled]
    total = next((row for row in rows if not row.label), None)
    if total is not None and _is_total(_grid_row(total, names), grid_rows):
        total.label = unique("Summa", {row.label for row in labelled}, " ")
        labelled.append(total)
    caption_text = lines[caption].text.rstrip(" .") if caption is not None else columns[0]
    table_id = unique(f"{meta.doc_id}#{_name(lines, caption, caption_text)}", ids, "-")
    labels: list[str] = []
    for row in labelled:
        labels.append(unique(row.label, set(labels), " "))
    cells = []
    for row, label in zip(labelled, labels, strict=True):
        printed = {0: row.amount}
        printed.update({1 + names.index(name): figure for name, figure in row.parts.items()})
        for column in sorted(printed):
            raw, line = printed[column]
            cells.append(
                Cell(table_id, label, columns[column], raw, parse_number(raw), first[1], first[2], line.page, line.source_line)
            )
    grid = {(cell.row_label, cell.col_label): Figure(cell.value, cell.raw) for cell in cells if cell.value is not None}
    units = {raw.split()[-1] for row in labelled for raw, _ in [row.amount, *row.parts.values()]}
    return Table(
        table_id=table_id,
        doc_id=meta.doc_id,
        doc_title=meta.title,
        caption=caption_text,
        section_path=(caption_text,),
        page=lines[start].page,
        source_lines=(lines[start].source_line, lines[end].source_line),
        unit=units.pop() if len(units) == 1 else None,
        rows=tuple(labels),
        columns=tuple(columns),
        cells=tuple(cells),
        problems=tuple(check_table(labels, columns, grid)),
    )


def _amount_column(header: list[Line]) -> tuple[str, int | None, str | None]:
    """The amount column's label, year and kind: the header's "Prognos 2026", else "Belopp"."""
    for line in header:
        parsed = header_line(line.text)
        if parsed is not None and not parsed.stub and len(parsed.items) == 2:
            kind, year = parsed.items
            if kind.kind and year.year:
                return f"{kind.text} {year.year}", year.year, kind.kind
    return AMOUNT_COLUMN, None, None


def _grid_row(row: _Row, names: list[str]) -> list[Figure | None]:
    printed = [row.amount, *(row.parts.get(name) for name in names)]
    figures: list[Figure | None] = []
    for item in printed:
        value = None if item is None else parse_number(item[0])
        figures.append(None if value is None or item is None else Figure(value, item[0]))
    return figures


def _is_total(total: list[Figure | None], rows: list[list[Figure | None]]) -> bool:
    """Whether an unlabelled row is the sum of the rows in every column where it has a figure."""
    widest = 0
    for column, found in enumerate(total):
        if found is None:
            continue
        terms = [figure for row in rows if (figure := row[column]) is not None]
        if not terms or not adds_up(sum((term.value for term in terms), Decimal(0)), found, terms):
            return False
        widest = max(widest, len(terms))
    return widest >= 2  # a sum of one row says nothing


def _name(lines: list[Line], caption: int | None, text: str) -> str:
    if caption is not None:
        match = CAPTION.match(lines[caption].text)
        if match:
            return f"tabell-{match.group(2)}"
    return slug(text)
