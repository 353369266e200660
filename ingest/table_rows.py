"""Table rows: read the lines under a header into labelled runs of figures.

A row is a label and its figures on one line, a label broken over lines with the figures
on the last ("UB ackumulerade ej återställda" / "negativa resultat*" / "-1 005 …"), or
figures wrapped onto the next line ("… -5" / "336" / "1,5"). Some tables print one figure
per line, column by column, under a list of labels (Tabell 8's "Varav" rows).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.models import Line
from ingest.numbers import parse_number, split_at_most, split_numbers
from ingest.sections import OPEN_ENDINGS
from ingest.table_checks import CHANGE_WORDS
from ingest.table_lines import (
    CAPTION,
    COORDINATING_WORDS,
    UNIT_START,
    YEAR,
    Kind,
    header_line,
    is_footnote,
    is_prose,
    join_text,
    label_phrases,
    name_continues,
    parse_line,
    starts_continuation,
    text_if_years,
)

MAX_QUIET = 6  # label lines in a row without figures before a table is over


@dataclass
class Row:
    """A row being read: its label, and its figures as tokens or, in a column-wise block, as placed cells."""

    label: str
    line: Line  # where its figures start
    label_line: Line  # where its label starts
    tokens: list[tuple[str, Line]] = field(default_factory=list)
    fixed: list[tuple[int, str, Line]] | None = None


def read_rows(lines: list[Line], start: int, count: int, width: int, fee: bool = False) -> tuple[list[Row], int]:
    """Rows from ``start`` until the table ends; returns them and the index of the last line used."""
    reader = _RowReader(lines, count, width, fee)
    index = start
    while index < len(lines) and reader.quiet <= MAX_QUIET and not reader.ends(lines[index].text):
        index = reader.read(index)
    return reader.rows, reader.end if reader.rows else start - 1


@dataclass
class _RowReader:
    """The state of reading one table's rows line by line."""

    lines: list[Line]
    count: int
    width: int
    fee: bool
    rows: list[Row] = field(default_factory=list)
    pending: list[Line] = field(default_factory=list)  # label lines not yet given to a row
    open: Row | None = None  # the row the previous line belonged to
    quiet: int = 0
    end: int = -1

    def ends(self, text: str) -> bool:
        """Whether the table is over at this line: a caption, prose, a footnote, a new header or unit."""
        if CAPTION.match(text) or is_prose(text, self.width) or is_footnote(text):
            return True
        parsed = header_line(text)
        if parsed is not None and len(parsed.items) >= 2:
            return True
        return bool(self.rows) and bool(UNIT_START.match(text))

    def read(self, index: int) -> int:
        """Take the line at ``index`` (and, for a column-wise block, those after it); return the next index."""
        line = self.lines[index]
        parsed = parse_line(line.text)
        if self.fee and parsed.kind in (Kind.ROW, Kind.FIGURES) and not fee_figure(parsed.tokens):
            self.quiet = MAX_QUIET + 1  # a row of other figures ends a list of fees
            return index
        wrapped = parsed.kind in (Kind.FIGURES, Kind.LEAD)
        if wrapped and self.open is not None and _absorb(self.open, parsed.tokens, line, self.count):
            self._used(index, keep_open=parsed.kind is Kind.FIGURES)  # text after the figures ends the row
            return index + 1
        self.open = None
        parsed = text_if_years(parsed, line.text)
        if parsed.kind is Kind.FIGURES:
            return self._figures(index, parsed.tokens)
        if parsed.kind is Kind.ROW and not is_prose_label(parsed.label):
            self._row(index, parsed.label, parsed.tokens)
            return index + 1
        self._label(index)
        return index + 1

    def _figures(self, index: int, tokens: tuple[str, ...]) -> int:
        """Figures alone on a line: a column-wise block, or the row of the label lines above."""
        block = _column_block(self.lines, index, self.pending, self.count)
        if block is not None:
            self.rows.extend(block[0])
            self._used(block[1] - 1, keep_open=False)
            return block[1]
        phrases = label_phrases(self.pending)
        if phrases:
            line = self.lines[index]
            label, first = _label_of(phrases)
            self.rows.append(Row(label, line, first, [(token, line) for token in tokens]))
            self._used(index, keep_open=True)
        elif self.rows and self.end == index - 1 and not self.fee:
            line = self.lines[index]  # figures right under the rows, without a label: a total, if they add up
            self.rows.append(Row("", line, line, [(token, line) for token in tokens]))
            self._used(index, keep_open=True)
        else:
            self.pending = []
        return index + 1

    def _row(self, index: int, label: str, tokens: tuple[str, ...]) -> None:
        """A label and figures; a label in lower case ("anläggningar 648 …") ends the one above."""
        line = label_line = self.lines[index]
        phrases = label_phrases(self.pending)
        if phrases and (starts_continuation(label) or name_continues(phrases[-1][0], label)):
            label, label_line = join_text(phrases[-1][0], label), phrases[-1][1]
        self.rows.append(Row(label, line, label_line, [(token, line) for token in tokens]))
        self._used(index, keep_open=True)

    def _label(self, index: int) -> None:
        """Text alone: part of the next row's label, unless it ends the last row's ("OCH SKULDER")."""
        text = self.lines[index].text
        first = text.split()[0].lower()
        if not self.pending and self.rows and self.end == index - 1 and first in COORDINATING_WORDS:
            self.rows[-1].label = join_text(self.rows[-1].label, text)  # "SUMMA … AVSÄTTNINGAR" / "OCH SKULDER"
            return
        self.pending.append(self.lines[index])
        self.quiet += 1

    def _used(self, index: int, keep_open: bool) -> None:
        self.pending, self.quiet, self.end = [], 0, index
        self.open = self.rows[-1] if keep_open and self.rows else None


def _label_of(phrases: list[tuple[str, Line]]) -> tuple[str, Line]:
    """The label of figures printed under their label lines: the last phrase, or from a dangling change word on.

    "Årlig procentuell förändring" / "Jämtland" / "Härjedalen, egna siffror": a phrase that
    ends in a word of change names what changes in the phrases after it.
    """
    for start in range(len(phrases) - 2, -1, -1):
        words = phrases[start][0].split()
        if words and any(words[-1].lower().endswith(word) for word in CHANGE_WORDS):
            return " ".join(text for text, _ in phrases[start:]), phrases[start][1]
    return phrases[-1]


def is_prose_label(label: str) -> bool:
    """A "label" that is a sentence with figures in it: "… uppgick till 224,2 mkr vilket var"."""
    words = label.split()
    return len(words) > 16 or any(parse_number(word) is not None and "," in word for word in words)


def _absorb(row: Row, tokens: tuple[str, ...], line: Line, count: int) -> bool:
    """Add figures on the next line to an open row, if together they still fit the columns.

    PDF rows wrap: "Köp av verksamhet -373 278 … -5" / "336" / "1,5" is one row whose
    figure "-5 336" broke over two lines.
    """
    if row.fixed is not None:
        return False
    combined = _merge_broken([*row.tokens, *((token, line) for token in tokens)])
    # a figure broken after its comma ("165," / "9 %") is whole once the next line comes
    if split_at_most([text + "0" if text.endswith(",") else text for text, _ in combined], count) is None:
        return False
    row.tokens = combined
    return True


def _merge_broken(tokens: list[tuple[str, Line]]) -> list[tuple[str, Line]]:
    """Mend a decimal figure broken after its comma: "309," / "5 %" → "309,5" "%"."""
    merged: list[tuple[str, Line]] = []
    for text, line in tokens:
        if merged and merged[-1][0].endswith(",") and text[:1].isdigit():
            merged[-1] = (merged[-1][0] + text, merged[-1][1])
        else:
            merged.append((text, line))
    return merged


def _column_block(lines: list[Line], index: int, pending: list[Line], count: int) -> tuple[list[Row], int] | None:
    """Labels followed by one figure per line, column by column (Tabell 8's "Varav" rows)."""
    phrases = label_phrases(pending)
    values = _single_figures(lines, index)
    rows = len(phrases)
    # k labels need k figures per column; the last column may lack some (a blank cell prints nothing)
    if count < 2 or not rows or len(values) < 2 or not rows * (count - 1) < len(values) <= rows * count:
        return None
    block = [Row(text, values[position][1], first, fixed=[]) for position, (text, first) in enumerate(phrases)]
    for position, (raw, line) in enumerate(values):
        fixed = block[position % rows].fixed
        assert fixed is not None
        fixed.append((position // rows, raw, line))
    return block, index + len(values)


def _single_figures(lines: list[Line], index: int) -> list[tuple[str, Line]]:
    """The lines from ``index`` on that hold one figure each, with their lines."""
    values: list[tuple[str, Line]] = []
    for line in lines[index:]:
        parsed = parse_line(line.text)
        figure = split_numbers(parsed.tokens, 1) if parsed.kind is Kind.FIGURES else None
        if figure is None:
            break
        values.append((figure[0], line))
    return values


def fit_row(row: Row, count: int) -> tuple[str, list[tuple[str, Line]]] | None:
    """The row's label and its figures (raw text, line), at most ``count``; ``None`` if there are too many.

    A year before the figures that will not fit is part of the label ("OPUS 2020 6,1 1,0").
    """
    if row.fixed is not None:
        return row.label, [(raw, line) for _, raw, line in row.fixed]
    tokens, label = row.tokens, row.label
    figures = split_at_most([text for text, _ in tokens], count)
    if figures is None and len(tokens) > 1 and YEAR.fullmatch(tokens[0][0]):
        tokens, label = tokens[1:], f"{label} {tokens[0][0]}"
        figures = split_at_most([text for text, _ in tokens], count)
    if figures is None:
        return None
    placed, position = [], 0
    for figure in figures:
        placed.append((figure, tokens[position][1]))
        position += len(figure.split())
    return label, placed


def is_fee_row(lines: list[Line], index: int, width: int) -> bool:
    """A line "Vårdbesök oavsett vårdgivarkategori 300 kr", or "1 150 kr" under its label."""
    text = lines[index].text
    parsed = parse_line(text)
    if not fee_figure(parsed.tokens) or is_prose(text, width):
        return False
    if parsed.kind is Kind.ROW:
        return not is_prose_label(parsed.label) and parsed.label.split()[-1].lower() not in OPEN_ENDINGS
    return parsed.kind is Kind.FIGURES and bool(fee_labels(lines, index, width))


def fee_figure(tokens: Sequence[str]) -> bool:
    """Whether the tokens are one amount in kr ("300 kr", "1 150 kr")."""
    figure = split_numbers(tokens, 1)
    return figure is not None and figure[0].endswith(" kr")


def fee_labels(lines: list[Line], index: int, width: int) -> list[Line]:
    """The label lines (at most three) right above a fee printed on a line of its own."""
    above: list[Line] = []
    for back in range(index - 1, max(-1, index - 4), -1):
        text = lines[back].text
        if parse_line(text).kind is not Kind.LABEL or is_prose(text, width) or CAPTION.match(text) or is_footnote(text):
            break
        above.insert(0, lines[back])
    return above
