"""Figure questions answered from the parsed tables, not from a row of digits.

"Vilket lånetak gäller för 2027?" → "Lånetak … Tak 2027: 850 mkr – Tabell 7. Maximalt beslutad
lånevolym, Regionplan och budget 2026–2028". The cell is read, never computed; when the
question names years from different plan periods, each comes from its own document, newest first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from index.analysis import same_word, stems
from ingest.models import Cell, Table
from ingest.text import years_in

FIGURE_QUESTION = re.compile(
    r"\b(hur (mycket|stor|stort|stora|många|hög|högt|höga)|vilke[tn]|vilka|vad (är|var|blir|kostar|gäller))\b", re.IGNORECASE
)
# Words that say a figure is asked for, not which one: left out when matching row labels.
GENERIC = frozenset(
    stems(
        "hur mycket stor stort stora många hög högt vilket vilken vilka vad är var blir gäller gällde finns "
        "totalt total budget budgeten plan planen regionplanen regionplan år året enligt jämfört med mål kostar"
    )
)
# Share of the question's content words a row label and its caption must cover.
MIN_ROW_MATCH = 0.6
# same_word's shortest prefix: stems it matches are equal or share this many first letters.
MATCH_PREFIX = 5


@dataclass(frozen=True)
class FigureAnswer:
    """The cells that answer a figure question, with the tables they stand in."""

    cells: tuple[Cell, ...]
    tables: tuple[Table, ...]


@dataclass(frozen=True)
class _Row:
    """One table row as matched against questions: its label's and its table's caption's stems."""

    table: Table
    label: str
    label_stems: frozenset[str]
    caption_stems: frozenset[str]


class FigureIndex:
    """Every table row, stemmed once and looked up by word, so a figure question costs only its candidates.

    ``same_word`` holds only between words that are equal or share their first MATCH_PREFIX letters,
    so rows are keyed by those prefixes; the full match then runs on the few rows a question's words reach.
    """

    def __init__(self, tables: Sequence[Table]) -> None:
        self.rows: list[_Row] = []
        self._by_label: dict[str, list[int]] = {}
        self._totals_by_caption: dict[str, list[int]] = {}
        for table in tables:
            caption = frozenset(stems(table.caption))
            for label in table.rows:
                position = len(self.rows)
                self.rows.append(_Row(table, label, frozenset(stems(label)), caption))
                for key in {_key(stem) for stem in self.rows[-1].label_stems}:
                    self._by_label.setdefault(key, []).append(position)
                if _is_total(label):
                    for key in {_key(stem) for stem in caption}:
                        self._totals_by_caption.setdefault(key, []).append(position)

    def answer(self, question: str, documents: set[str] | None = None) -> FigureAnswer | None:
        """The table cell(s) a figure question asks for, or None when no row clearly matches."""
        if not FIGURE_QUESTION.search(question):
            return None
        content = {stem for stem in stems(question) if stem not in GENERIC and not stem[0].isdigit()}
        if not content:
            return None
        rows = self._matching_rows(content, documents)
        if not rows:
            return None
        years = years_in(question)
        found = [_cell_for_year(rows, year) for year in years] if years else [_only_value(rows)]
        pairs = [pair for pair in found if pair is not None]
        if not pairs:
            return None
        pairs.sort(key=lambda pair: -pair[1].document_year)
        return FigureAnswer(tuple(cell for cell, _ in pairs), tuple(table for _, table in pairs))

    def _candidates(self, content: set[str]) -> list[_Row]:
        """Rows with a label word, or a total row with a caption word, that may match a content word."""
        keys = {_key(stem) for stem in content}
        positions = {i for key in keys for i in self._by_label.get(key, ())}
        positions |= {i for key in keys for i in self._totals_by_caption.get(key, ())}
        return [self.rows[i] for i in sorted(positions)]

    def _matching_rows(self, content: set[str], documents: set[str] | None) -> list[tuple[float, Table, str]]:
        """Rows whose label (with the table's caption) covers the question, best first."""
        rows = []
        for row in self._candidates(content):
            if documents and row.table.doc_id not in documents:
                continue
            in_label = {stem for stem in content if any(same_word(stem, word) for word in row.label_stems)}
            in_caption = {stem for stem in content if any(same_word(stem, word) for word in row.caption_stems)}
            if not in_label and not (_is_total(row.label) and in_caption == content):
                continue  # a row must be named, or be the total of a table the question names
            score = len(in_label | in_caption) / len(content)
            if score >= MIN_ROW_MATCH:
                rows.append((score, row.table, row.label))
        return sorted(rows, key=lambda item: (-item[0], not _is_total(item[2]), -item[1].document_year))


def figure_answer(question: str, tables: Sequence[Table]) -> FigureAnswer | None:
    """The table cell(s) a figure question asks for among ``tables`` (a FigureIndex built for one question)."""
    return FigureIndex(tables).answer(question)


def figure_text(answer: FigureAnswer, first_number: int = 1) -> str:
    """One line per cell: row, column, the value as printed with its unit, table and document."""
    lines = []
    for number, (cell, table) in enumerate(zip(answer.cells, answer.tables, strict=True), start=first_number):
        value = _with_unit(cell.raw, table.unit)
        lines.append(f"{cell.row_label} – {cell.col_label}: {value} ({table.caption}, {table.doc_title}) [{number}]")
    return "\n".join(lines)


def _key(stem: str) -> str:
    """The lookup key of a stem: every stem ``same_word`` can match shares it (see FigureIndex)."""
    return stem[:MATCH_PREFIX]


def _is_total(row: str) -> bool:
    """A Summa/Totalt row answers for the whole table before any of its parts."""
    return row.lower().startswith(("summa", "totalt", "total"))


def _cell_for_year(rows: list[tuple[float, Table, str]], year: int) -> tuple[Cell, Table] | None:
    """The best row's cell for ``year``; among equal matches, the newest document's plan figure."""
    best = rows[0][0]
    for score, table, row in rows:
        if score < best:
            break
        cells = [cell for cell in table.row(row) if cell.year == year and cell.value is not None]
        if cells:
            return _preferred(cells), table
    return None


def _only_value(rows: list[tuple[float, Table, str]]) -> tuple[Cell, Table] | None:
    """Without a year, only a row holding a single figure (a fee, a ceiling) answers."""
    _score, table, row = rows[0]
    cells = [cell for cell in table.row(row) if cell.value is not None]
    return (cells[0], table) if len(cells) == 1 else None


def _preferred(cells: list[Cell]) -> Cell:
    """For one year, the decided figure: budget or plan before forecast and outcome columns."""
    order = {"Budget": 0, "Plan": 1, "Tak": 2, "Prognos": 3, "Utfall": 4}
    return min(cells, key=lambda cell: order.get(cell.kind or "", 5))


def _with_unit(raw: str, unit: str | None) -> str:
    if not unit or raw.endswith("%") or unit in raw or unit == "%":
        return raw if unit != "%" or raw.endswith("%") else f"{raw} %"
    return f"{raw} {unit}"
