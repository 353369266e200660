"""Tolerant lookup of rows, columns and cells in a parsed ``Table``.

Row labels are compared casefolded, without footnote marks ("*") and with
whitespace collapsed; an exact match wins, otherwise a unique prefix match
("IB" finds "IB ackumulerade ej återställda negativa resultat*"). Columns are
found by year (``Cell.year``) or by label ("Plan 2027", "Ack budget").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.models import Cell, Table

from .errors import MissingFigure, UnknownYear

Column = int | str
"""A column asked for by year (2027) or by label ("Plan 2027", "Ack utfall")."""

KIND_PREFERENCE: tuple[str, ...] = ("utfall", "prognos", "budget", "plan")
"""When a year has several columns, the first kind in this order wins: the latest knowledge."""

_CAPTION = re.compile(r"^\s*(tabell\s+\d+)", re.IGNORECASE)
_KIND_YEAR = re.compile(r"^(?:(\w+)\s+)?((?:19|20)\d{2})$")


def normalise(label: str) -> str:
    """Fold a label for comparison: casefold, no "*" footnote marks, single spaces.

    Notes
    -----
    The tables mark footnotes with "*" ("Generella statsbidrag *"); the mark is
    not part of the line's name (*radnamn*).

    Examples
    --------
    >>> normalise("Generella  statsbidrag *")
    'generella statsbidrag'
    """
    return " ".join(label.replace("*", " ").casefold().split())


def table_name(table: Table) -> str:
    """How messages and steps name the table: "Tabell 3", else its caption or id.

    Notes
    -----
    The documents number their tables in the caption ("Tabell 3. Plan för
    återställande av underskott."); the number is what a reader looks for.

    Examples
    --------
    >>> table_name(tabell_3)
    'Tabell 3'
    """
    match = _CAPTION.match(table.caption or "")
    if match:
        return match.group(1).capitalize()
    return table.caption.strip() or table.table_id


def find_row(table: Table, label: str) -> str:
    """The table's own label for the row ``label`` names (exact, else unique prefix).

    Parameters
    ----------
    table : Table
        The table to search.
    label : str
        A row label or the start of one, in any case, with or without "*".

    Returns
    -------
    str
        The row label exactly as the table has it.

    Notes
    -----
    Labels are compared after ``normalise``. An exact match wins; otherwise the
    one row starting with ``label``. None or several raise ``MissingFigure``
    listing the rows, so the caller can ask again with the full *radnamn*.

    Examples
    --------
    >>> find_row(tabell_3, "ib")
    'IB ackumulerade ej återställda negativa resultat*'
    """
    rows = table.rows or tuple(dict.fromkeys(cell.row_label for cell in table.cells))
    matches = _matching(label, rows)
    if len(matches) == 1:
        return matches[0]
    name = table_name(table)
    if matches:
        raise MissingFigure(f"Raden '{label}' är tvetydig i {name}: {_listing(matches)}; ange hela radnamnet.")
    raise MissingFigure(f"Raden '{label}' finns inte i {name}; raderna är {_listing(rows)}.")


def find_column(table: Table, column: Column) -> str:
    """The label of the column for a year or a column label.

    Parameters
    ----------
    table : Table
        The table to search.
    column : int or str
        A year (2025) or a column label ("Budget 2025", "Ack utfall").

    Returns
    -------
    str
        The column label exactly as the table has it.

    Notes
    -----
    A year with several columns (Budget 2025 and Prognos 2025) gives the first
    kind in ``KIND_PREFERENCE`` (utfall, prognos, budget, plan): the latest
    knowledge of that year. Future years have only Budget or Plan columns, so
    those are what they get. The plan's own goal figures agree: Tabell 1's
    nettokostnadsutveckling 2026 (−1,3 %) is measured against Prognos 2025.
    A year the table lacks raises ``UnknownYear``.

    Examples
    --------
    >>> find_column(tabell_4, 2025)
    'Prognos 2025'
    >>> find_column(tabell_4, "budget 2025")
    'Budget 2025'
    """
    if isinstance(column, int) and not isinstance(column, bool):
        return _column_for_year(table, column)
    return _column_for_label(table, str(column))


def figure(table: Table, row: str, column: Column) -> Cell:
    """The cell at ``row`` and ``column``, which must hold a figure.

    Parameters
    ----------
    table : Table
        The table to read.
    row : str
        A row label or its unique start (see ``find_row``).
    column : int or str
        A year or a column label (see ``find_column``).

    Returns
    -------
    Cell
        The cell, whose ``value`` is a Decimal.

    Notes
    -----
    A cell without a figure ("-", blank) raises ``MissingFigure``: a missing
    figure is never read as zero.

    Examples
    --------
    >>> figure(tabell_4, "Verksamhetens kostnader", 2027).raw
    '-6 978,5'
    """
    row_label = find_row(table, row)
    col_label = find_column(table, column)
    cell = table.cell(row_label, col_label)
    if cell is None or cell.value is None:
        raw = "tom" if cell is None else f"'{cell.raw}'"
        raise MissingFigure(
            f"{table_name(table)} har inget tal för '{row_label}' i kolumnen '{col_label}' (cellen är {raw}); "
            "välj en annan kolumn eller rad."
        )
    return cell


def years(table: Table) -> tuple[int, ...]:
    """The years the table's columns cover, ascending.

    Notes
    -----
    Read from ``Cell.year``, else from a column label such as "Plan 2027".

    Examples
    --------
    >>> years(tabell_3)
    (2025, 2026, 2027, 2028, 2029, 2030)
    """
    return tuple(sorted({year for year, _ in _column_meta(table).values() if year is not None}))


def year_cells(table: Table, row: str) -> dict[int, Cell]:
    """One cell per year for ``row``, choosing among a year's columns as ``find_column`` does.

    Notes
    -----
    Every year must hold a figure for the row, else ``MissingFigure``.

    Examples
    --------
    >>> {year: cell.raw for year, cell in year_cells(tabell_3, "Årets resultat").items()}
    {2025: '-230', 2026: '0', 2027: '260', 2028: '263', 2029: '268', 2030: '269'}
    """
    return {year: figure(table, row, year) for year in years(table)}


def _matching(label: str, candidates: Sequence[str]) -> list[str]:
    wanted = normalise(label)
    exact = [c for c in candidates if normalise(c) == wanted]
    return exact or [c for c in candidates if wanted and normalise(c).startswith(wanted)]


def _listing(labels: Sequence[str]) -> str:
    return ", ".join(f"'{label}'" for label in labels)


def _column_meta(table: Table) -> dict[str, tuple[int | None, str | None]]:
    """Column label → (year, kind), from the cells, else read off the label itself."""
    meta: dict[str, tuple[int | None, str | None]] = {}
    for cell in table.cells:
        if cell.col_label not in meta and (cell.year is not None or cell.kind is not None):
            meta[cell.col_label] = (cell.year, cell.kind)
    for label in table.columns:
        if label not in meta:
            match = _KIND_YEAR.match(label.strip())
            meta[label] = (int(match.group(2)), match.group(1)) if match else (None, None)
    return meta


def _column_for_year(table: Table, year: int) -> str:
    meta = _column_meta(table)
    candidates = [label for label, (y, _) in meta.items() if y == year]
    if not candidates:
        raise UnknownYear(_unknown_year_message(table, year))
    return min(candidates, key=lambda label: _preference((meta[label][1] or "").casefold()))


def _preference(kind: str) -> int:
    return KIND_PREFERENCE.index(kind) if kind in KIND_PREFERENCE else len(KIND_PREFERENCE)


def _column_for_label(table: Table, label: str) -> str:
    matches = _matching(label, _labels(table))
    if len(matches) == 1:
        return matches[0]
    match = _KIND_YEAR.match(label.strip())
    if match and not matches:
        year = int(match.group(2))
        if year not in years(table):
            raise UnknownYear(_unknown_year_message(table, year))
    detail = "är tvetydig" if matches else "finns inte"
    raise MissingFigure(f"Kolumnen '{label}' {detail} i {table_name(table)}; kolumnerna är {_listing(_labels(table))}.")


def _labels(table: Table) -> tuple[str, ...]:
    return table.columns or tuple(dict.fromkeys(cell.col_label for cell in table.cells))


def _unknown_year_message(table: Table, year: int) -> str:
    known = years(table)
    span = f"{known[0]}–{known[-1]}" if known else "inga år"
    return f"Året {year} finns inte i {table_name(table)} ({span}); välj ett år inom tabellens period."


def table_with_rows(tables: Sequence[Table], rows: Sequence[str], year: int | None = None) -> Table | None:
    """The newest document's table holding all ``rows`` (and ``year``, if given); among a document's tables the one
    with most columns (the fuller statement).

    Notes
    -----
    A plan repeats a table in full and in part (Tabell 2 and 4 of Regionplan och budget 2026–2028); the calculators
    and the Kalkyler page take the same one.
    """
    found = [table for table in tables if all(_has_row(table, row) for row in rows)]
    if year is not None:
        found = [table for table in found if year in years(table)]
    return max(found, key=lambda table: (table.document_year, len(table.columns)), default=None)


def _has_row(table: Table, label: str) -> bool:
    try:
        find_row(table, label)
    except MissingFigure:
        return False
    return True
