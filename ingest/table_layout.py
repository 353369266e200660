"""Placing the figures of rows that print fewer figures than the table has columns.

A PDF table flattened to text keeps no trace of its blank cells: "Regionfullmäktige -17,9 -17,9"
in a table of four columns may stand in any two of them. The rows' figures are tried in every
column layout that keeps their order, and the table's identities (``ingest.table_checks``:
sums, varav rows, a column that is the sum of others, change rows) pick the layout. A figure
is placed only where every best layout puts it in the same column and that column makes more
identities hold than any other; what stays open is left out, and the table says so.

Two more layout rules, both from how such tables are printed:

- a "Varav" row itemises the row above it, so its figures stand in columns where that row has one;
- rows with the same label in one table ("Varav förtroendemannabudget" under each board) stand in
  the same columns: a row the identities leave open between layouts takes the columns its
  namesakes were placed in, if those are among its best layouts.

The search is exhaustive up to ``MAX_LAYOUTS`` layouts; rows that are not "Varav" rows are placed
first, then each group of "Varav" rows under its placed parent.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ingest.models import Line
from ingest.numbers import parse_number
from ingest.table_checks import Earlier, Figure, Grid, agreement, is_total, is_varav

MAX_LAYOUTS = 8_000  # layouts tried together (0.1–0.5 ms each: a few seconds at worst)

Figures = dict[int, tuple[str, Line]]  # column index → (raw text, line printed on)


@dataclass
class Placed:
    """A row of a table being built: its label, its placed figures and those still to place.

    ``base`` is the label as printed (before " (2)" or a parent's name made it unique).
    ``figures`` is ``None`` for a row that cannot be read at all (more figures than columns).
    """

    label: str
    base: str
    figures: Figures | None
    pending: list[tuple[str, Line]] = field(default_factory=list)
    note: str | None = None
    tied: set[tuple[int, ...]] = field(default_factory=set)  # best layouts left open, for namesakes
    decided: bool = False  # placed by identities (not by a namesake)


def grid_of(placed: Iterable[Placed], columns: Sequence[str]) -> dict[tuple[str, str], Figure]:
    """The parsed figures of placed rows by (row label, column label)."""
    grid: dict[tuple[str, str], Figure] = {}
    for row in placed:
        for column, (raw, _) in (row.figures or {}).items():
            value = parse_number(raw)
            if value is not None:
                grid[(row.label, columns[column])] = Figure(value, raw)
    return grid


def place_short_rows(placed: list[Placed], columns: list[str], earlier: Earlier) -> None:
    """Place the pending figures of short rows where the identities say; note what stays open."""
    if not any(row.pending for row in placed):
        return
    parents = _parents(placed)
    _decide(placed, [row for row in placed if row.pending and not is_varav(row.base)], columns, earlier, {})
    groups: dict[int, list[Placed]] = {}
    for position, row in enumerate(placed):
        if row.pending and is_varav(row.base):
            groups.setdefault(parents.get(position, -1), []).append(row)
    for parent, rows in groups.items():
        allowed = set(placed[parent].figures or {}) if parent >= 0 else set()
        _decide(placed, rows, columns, earlier, {id(row): allowed for row in rows} if allowed else {})
    _follow_namesakes(placed)
    for row in placed:
        if row.pending:
            row.note = _note(row, len(columns))


def _parents(placed: list[Placed]) -> dict[int, int]:
    """For each "Varav" row, the row it itemises: the nearest row above that is not a "Varav" row."""
    parents: dict[int, int] = {}
    parent = -1
    for position, row in enumerate(placed):
        if is_varav(row.base):
            if parent >= 0:
                parents[position] = parent
        else:
            parent = position
    return parents


def _decide(placed: list[Placed], rows: list[Placed], columns: list[str], earlier: Earlier, allowed: dict[int, set[int]]) -> None:
    """Try the layouts of ``rows`` and place what they agree on.

    Rows between two "Summa" rows are tried together, part after part (a sum ties the rows
    above it to itself, not to the rows under it); a part with more than ``MAX_LAYOUTS``
    layouts is tried one row at a time.
    """
    for part in _parts(placed, rows):
        options = [_options(row, len(columns), allowed.get(id(row))) for row in part]
        if math.prod(len(choices) for choices in options) <= MAX_LAYOUTS:
            _search(placed, part, options, columns, earlier)
            continue
        for row, choices in zip(part, options, strict=True):
            if len(choices) <= MAX_LAYOUTS:
                _search(placed, [row], [choices], columns, earlier)


def _parts(placed: list[Placed], rows: list[Placed]) -> list[list[Placed]]:
    """``rows`` split at the total rows of the table ("Summa …", "Totalt"), in order."""
    parts: list[list[Placed]] = [[]]
    wanted = {id(row) for row in rows}
    for row in placed:
        if is_total(row.base) and parts[-1]:
            parts.append([])
        if id(row) in wanted:
            parts[-1].append(row)
    return [part for part in parts if part]


def _options(row: Placed, count: int, allowed: set[int] | None) -> list[tuple[int, ...]]:
    """The columns the row's figures may stand in, in order; a "Varav" row only where its parent has figures."""
    columns = [column for column in range(count) if column not in (row.figures or {})]
    if allowed:
        columns = [column for column in columns if column in allowed]
    return list(itertools.combinations(columns, len(row.pending)))


def _search(
    placed: list[Placed], rows: list[Placed], options: list[list[tuple[int, ...]]], columns: list[str], earlier: Earlier
) -> None:
    if not all(options):
        return
    searched = {id(row) for row in rows}
    labels = [row.label for row in placed if row.figures or id(row) in searched]  # rows without figures check nothing
    base = grid_of(placed, columns)
    scored: list[tuple[tuple[int, int], tuple[tuple[int, ...], ...]]] = []
    figures = [_figures(row) for row in rows]
    for layout in itertools.product(*options):
        grid = dict(base)
        for row, values, choice in zip(rows, figures, layout, strict=True):
            grid.update(_cells(row, values, choice, columns))
        holding, failing = agreement(labels, columns, grid, earlier)
        scored.append(((holding, failing), layout))
    best = min(scored, key=lambda item: (-item[0][0], item[0][1]))[0]  # most holding, then fewest failing
    top = [layout for score, layout in scored if score == best]
    for position, row in enumerate(rows):
        row.tied = {layout[position] for layout in top}
        chosen = _agreed(scored, top, position, len(row.pending))
        for index in sorted(chosen, reverse=True):
            row.figures = {**(row.figures or {}), chosen[index]: row.pending[index]}
        if chosen:
            row.decided = True
            row.pending = [figure for index, figure in enumerate(row.pending) if index not in chosen]
            row.tied = {tuple(c for index, c in enumerate(choice) if index not in chosen) for choice in row.tied}


def _agreed(
    scored: list[tuple[tuple[int, int], tuple[tuple[int, ...], ...]]],
    top: list[tuple[tuple[int, ...], ...]],
    position: int,
    count: int,
) -> dict[int, int]:
    """The figures of one row (index → column) that every best layout puts in one column, with evidence for it.

    Evidence: some layout with the figure in that column makes more identities hold than any
    layout with it elsewhere. A column chosen only because the others break an identity, or
    because nothing is known, is no evidence.
    """
    chosen: dict[int, int] = {}
    for index in range(count):
        columns = {layout[position][index] for layout in top}
        if len(columns) != 1:
            continue
        column = columns.pop()
        inside = max(score[0] for score, layout in scored if layout[position][index] == column)
        outside = max((score[0] for score, layout in scored if layout[position][index] != column), default=-1)
        if inside > outside:
            chosen[index] = column
    return chosen


def _cells(row: Placed, figures: list[Figure | None], choice: tuple[int, ...], columns: Sequence[str]) -> Grid:
    return {(row.label, columns[column]): figure for column, figure in zip(choice, figures, strict=True) if figure is not None}


def _figures(row: Placed) -> list[Figure | None]:
    values = [parse_number(raw) for raw, _ in row.pending]
    return [None if value is None else Figure(value, raw) for value, (raw, _) in zip(values, row.pending, strict=True)]


def _follow_namesakes(placed: list[Placed]) -> None:
    """A row left open between layouts takes the columns its placed namesakes all stand in, if that is one of them."""
    for row in placed:
        if not row.pending or len(row.tied) < 2 or row.figures:
            continue
        sakes = [other for other in placed if other is not row and other.base == row.base and other.decided]
        patterns = {tuple(sorted(other.figures or {})) for other in sakes if not other.pending}
        if len(patterns) == 1:
            pattern = patterns.pop()
            if pattern in row.tied:
                row.figures = dict(zip(pattern, row.pending, strict=True))
                row.pending = []


def _note(row: Placed, count: int) -> str:
    raws = ", ".join(raw for raw, _ in row.pending)
    if not row.figures:
        return (
            f"Placering: raden '{row.label}' har {len(row.pending)} tal men tabellen {count} kolumner, "
            f"och texten visar inte vilka kolumner de står i; talen ({raws}) är inte med."
        )
    return (
        f"Placering: raden '{row.label}' har {len(row.pending) + len(row.figures)} tal men tabellen {count} kolumner; "
        f"för talen ({raws}) visar texten inte vilka kolumner de står i, och de är inte med."
    )
