"""Arithmetic over the budget tables: changes, sums, shares, sensitivity and the plan's financial goals.

The income statement budget (Resultatbudget, Tabell 4 of Regionplan 2026–2028)
prints costs as negative figures; every function here takes the figures as
printed and says in words which way a cost moved. In the examples, ``tabell_4``
and ``tabell_5`` are Tabell 4 and Tabell 5 as parsed (see ``calculators/conftest.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from ingest.models import Cell, Table

from ._build import calculation, source_step
from ._numbers import as_decimal, divide, format_number, format_percent, percent_of, signed, with_unit
from .errors import InvalidInput, MissingFigure
from .lookup import Column, figure
from .models import Calculation

COSTS = "Verksamhetens kostnader"
DEPRECIATION = "Avskrivningar"
NET_COSTS = "Verksamhetens nettokostnader"
OPERATING_RESULT = "Verksamhetens resultat"
NET_RESULT = "Årets resultat"
TAX_INCOME = "Skatteintäkter"
GENERAL_GRANTS = "Generella statsbidrag"
EQUITY = "Summa eget kapital"
TOTAL_ASSETS = "Summa tillgångar"


@dataclass(frozen=True)
class Change:
    """A line's change between two columns: ``difference`` = end − start, ``percent`` = (end / start − 1) × 100.

    ``percent`` is None when start is zero or the sign flips (a percentage would mislead).
    For a cost printed negative, a negative ``percent`` means the cost fell.
    """

    start: Decimal
    end: Decimal
    difference: Decimal
    percent: Decimal | None


@dataclass(frozen=True)
class Sensitivity:
    """The effect of changing verksamhetens kostnader: the change itself and the two results after it.

    ``operating_result`` is None when the table has no "Verksamhetens resultat" row.
    """

    cost_change: Decimal
    operating_result: Decimal | None
    net_result: Decimal


def change(table: Table, row: str, start: Column, end: Column) -> Calculation:
    """The change of one line between two columns, in the table's unit and in percent.

    Parameters
    ----------
    table : Table
        A table with the line, e.g. Tabell 4 (Resultatbudget).
    row : str
        The line's label, or a unique prefix of it.
    start, end : int or str
        Columns by year (2026) or label ("Budget 2026", "Ack budget").

    Returns
    -------
    Calculation
        ``value`` is a ``Change``.

    Notes
    -----
    *Förändring*: end − start in the unit, and *procentuell förändring*
    end / start − 1, as the tertial report's "Utfall diff %" column computes it.
    For costs printed negative, a fall in the printed figure's size is a decrease.

    Examples
    --------
    >>> result = change(tabell_4, "Verksamhetens kostnader", 2026, 2027)
    >>> result.value.difference
    Decimal('96.7')
    >>> result.steps[-1]
    'Verksamhetens kostnader minskar med 96,7 mkr (1,4 %) från Budget 2026 till Plan 2027.'
    """
    first, last = figure(table, row, start), figure(table, row, end)
    difference = last.value - first.value
    percent = None if first.value == 0 or (first.value < 0) != (last.value < 0) else _relative(last.value, first.value)
    steps = [
        source_step(table),
        f"{_label(first)}: {first.col_label} {with_unit(first.value, table.unit)}; "
        f"{last.col_label} {with_unit(last.value, table.unit)}.",
        f"Skillnad: {format_number(last.value)} - {_paren(first.value)} = {with_unit(difference, table.unit)}.",
        _percent_step(first, last, percent),
        _change_sentence(first, last, difference, percent, table.unit),
    ]
    value = Change(first.value, last.value, difference, percent)
    inputs = {"row": row, "start": start, "end": end}
    return calculation("change", value, table.unit or "", steps, (first, last), inputs, table=table, year=last.year)


def line_sum(table: Table, rows: Sequence[str], column: Column) -> Calculation:
    """The sum of several lines in one column.

    Parameters
    ----------
    table : Table
        A table with the lines.
    rows : sequence of str
        Line labels (or unique prefixes), at least one.
    column : int or str
        A year or a column label.

    Returns
    -------
    Calculation
        ``value`` is the sum (Decimal) in the table's unit.

    Notes
    -----
    *Summa*: the figures as printed, added exactly; costs printed negative reduce the sum.

    Examples
    --------
    >>> line_sum(tabell_4, ["Skatteintäkter", "Generella statsbidrag"], 2028).value
    Decimal('5817.7')
    """
    cells = _cells(table, rows, column)
    total = sum((cell.value for cell in cells), Decimal(0))
    steps = [source_step(table), *(_cell_text(cell, table.unit) + "." for cell in cells), _sum_step(cells, total, table.unit)]
    inputs = {"rows": list(rows), "column": column}
    return calculation("line_sum", total, table.unit or "", steps, cells, inputs, table=table, year=cells[0].year)


def share(table: Table, row: str, of_rows: Sequence[str], column: Column) -> Calculation:
    """One line as a percentage of the sum of other lines, in one column.

    Parameters
    ----------
    table : Table
        A table with the lines.
    row : str
        The numerator line.
    of_rows : sequence of str
        The lines whose sum is the denominator.
    column : int or str
        A year or a column label.

    Returns
    -------
    Calculation
        ``value`` is the share in percent (Decimal).

    Notes
    -----
    *Andel*: 100 × line / (sum of the other lines), the quotient to 28 digits.

    Examples
    --------
    >>> share(tabell_4, "Årets resultat", ["Skatteintäkter", "Generella statsbidrag"], 2028).steps[-1]
    'Andel: 262,9 / 5 817,7 = 4,5 %.'
    """
    numerator = figure(table, row, column)
    cells = _cells(table, of_rows, column)
    total = sum((cell.value for cell in cells), Decimal(0))
    if total == 0:
        raise InvalidInput(f"Summan av {', '.join(of_rows)} är 0 i kolumnen '{cells[0].col_label}'; andelen går inte att räkna.")
    percent = percent_of(numerator.value, total)
    steps = [
        source_step(table),
        _cell_text(numerator, table.unit) + ".",
        *(_cell_text(cell, table.unit) + "." for cell in cells),
        _sum_step(cells, total, table.unit),
        f"Andel: {format_number(numerator.value)} / {format_number(total)} = {format_percent(percent)}.",
    ]
    inputs = {"row": row, "of_rows": list(of_rows), "column": column}
    return calculation("share", percent, "%", steps, (numerator, *cells), inputs, table=table, year=numerator.year)


def result_ratio(table: Table, year: Column) -> Calculation:
    """Årets resultat as a percentage of skatteintäkter plus generella statsbidrag (the result goal).

    Parameters
    ----------
    table : Table
        The income statement budget (Tabell 4).
    year : int or str
        A year or a column label.

    Returns
    -------
    Calculation
        ``value`` is the ratio in percent.

    Notes
    -----
    The financial goal "Positivt ekonomiskt resultat i förhållande till skatter
    och kommunalekonomisk utjämning" (*resultat i förhållande till skatter och
    utjämning*). The denominator is Skatteintäkter + Generella statsbidrag, the
    kommunalekonomisk utjämning; Statsbidrag läkemedel is not in it. For 2028
    this gives 262,9 / 5 817,7 = 4,5 %; with the läkemedel grant it would be 4,1 %.

    Examples
    --------
    >>> from decimal import Decimal
    >>> result_ratio(tabell_4, 2028).value.quantize(Decimal("0.1"))
    Decimal('4.5')
    """
    result = share(table, NET_RESULT, (TAX_INCOME, GENERAL_GRANTS), year)
    return calculation(
        "result_ratio", result.value, "%", result.steps, result.sources, {"year": year}, table=table, year=result.source_year
    )


def cost_sensitivity(table: Table, column: Column, percent: Decimal | int) -> Calculation:
    """What verksamhetens resultat and årets resultat become if verksamhetens kostnader change by ``percent``.

    Parameters
    ----------
    table : Table
        The income statement budget (Tabell 4).
    column : int or str
        A year or a column label.
    percent : Decimal or int
        The cost change in percent; positive means higher costs.

    Returns
    -------
    Calculation
        ``value`` is a ``Sensitivity``.

    Notes
    -----
    *Känslighetsanalys*: the cost change is kostnader × percent / 100 (costs are
    negative, so higher costs lower the results by the same amount); both
    results move by exactly that amount, everything else held as planned.

    Examples
    --------
    >>> cost_sensitivity(tabell_4, 2027, 1).value.net_result
    Decimal('190.315')
    """
    rate = as_decimal(percent, "Kostnadsförändringen i procent")
    costs = figure(table, COSTS, column)
    delta = costs.value * rate / 100
    net = figure(table, NET_RESULT, column)
    operating = _optional(table, OPERATING_RESULT, column)
    steps = [source_step(table), _cell_text(costs, table.unit) + ".", _delta_step(costs, rate, delta, table.unit)]
    steps += [_moved(cell, delta, table.unit) for cell in (operating, net) if cell is not None]
    value = Sensitivity(delta, None if operating is None else operating.value + delta, net.value + delta)
    sources = tuple(cell for cell in (costs, operating, net) if cell is not None)
    inputs = {"column": column, "percent": rate}
    return calculation("cost_sensitivity", value, table.unit or "", steps, sources, inputs, table=table, year=costs.year)


def net_cost_development(table: Table, year: int) -> Calculation:
    """Nettokostnadsutveckling: this year's net costs against last year's, in percent.

    Parameters
    ----------
    table : Table
        The income statement budget (Tabell 4) with columns for ``year`` and ``year - 1``.
    year : int
        The year to measure.

    Returns
    -------
    Calculation
        ``value`` is the development in percent.

    Notes
    -----
    Tabell 1 (Finansiella mål) defines it as "Årets nettokostnad / föregående
    års nettokostnad", shown as a change: (årets / föregående års − 1) × 100 on
    the line Verksamhetens nettokostnader. The previous year is its Prognos
    column when the table has one (2025), which reproduces Tabell 1: −1,3 %
    (2026), −1,6 % (2027), 2,9 % (2028).

    Examples
    --------
    >>> net_cost_development(tabell_4, 2026).steps[-1]
    'Nettokostnadsutveckling 2026: -5 975,2 / -6 051,2 - 1 = -1,3 %.'
    """
    current, previous = figure(table, NET_COSTS, year), figure(table, NET_COSTS, year - 1)
    percent = _relative(current.value, previous.value)
    steps = [
        source_step(table),
        f"{_cell_text(current, table.unit)}; {_cell_text(previous, table.unit)}.",
        f"Nettokostnadsutveckling {year}: {format_number(current.value)} / {format_number(previous.value)} - 1 = "
        f"{format_percent(percent)}.",
    ]
    sources = (current, previous)
    return calculation("net_cost_development", percent, "%", steps, sources, {"year": year}, table=table, year=year)


def gross_cost_development(table: Table, year: int) -> Calculation:
    """Bruttokostnadsutveckling: this year's gross costs against last year's, in percent.

    Parameters
    ----------
    table : Table
        The income statement budget (Tabell 4) with columns for ``year`` and ``year - 1``.
    year : int
        The year to measure.

    Returns
    -------
    Calculation
        ``value`` is the development in percent.

    Notes
    -----
    Tabell 1 defines it as "Årets bruttokostnad / föregående års bruttokostnad".
    Bruttokostnad is taken as Verksamhetens kostnader + Avskrivningar: that
    reproduces Tabell 1 (−0,6 %, −1,3 %, 2,4 % for 2026–2028), whereas the cost
    line alone gives −0,7 %, −1,4 %, 2,5 %.

    Examples
    --------
    >>> gross_cost_development(tabell_4, 2026).steps[-1]
    'Bruttokostnadsutveckling 2026: -7 245,2 / -7 287,2 - 1 = -0,6 %.'
    """
    current, previous = _cells(table, (COSTS, DEPRECIATION), year), _cells(table, (COSTS, DEPRECIATION), year - 1)
    now, before = (sum((cell.value for cell in cells), Decimal(0)) for cells in (current, previous))
    percent = _relative(now, before)
    steps = [
        source_step(table),
        _sum_step(current, now, table.unit, f"Bruttokostnad {year}"),
        _sum_step(previous, before, table.unit, f"Bruttokostnad {year - 1}"),
        f"Bruttokostnadsutveckling {year}: {format_number(now)} / {format_number(before)} - 1 = {format_percent(percent)}.",
    ]
    sources = (*current, *previous)
    return calculation("gross_cost_development", percent, "%", steps, sources, {"year": year}, table=table, year=year)


def solidity(table: Table, column: Column) -> Calculation:
    """Soliditet: eget kapital as a percentage of totalt kapital, from the balance sheet budget.

    Parameters
    ----------
    table : Table
        The balance sheet budget (Tabell 5) with "Summa eget kapital" and "SUMMA TILLGÅNGAR".
    column : int or str
        A year or a column label.

    Returns
    -------
    Calculation
        ``value`` is the soliditet in percent.

    Notes
    -----
    Tabell 1: "Eget kapital dividerat med totalt kapital (Värden enligt budget)",
    exklusive ansvarsförbindelsen. Totalt kapital is the balance sheet total,
    SUMMA TILLGÅNGAR. Reproduces Tabell 1: −33,2 % (2026), −24,2 % (2027), −16,3 % (2028).

    Examples
    --------
    >>> solidity(tabell_5, 2026).steps[-1]
    'Soliditet: -1 253 / 3 771 = -33,2 %.'
    """
    equity, assets = figure(table, EQUITY, column), figure(table, TOTAL_ASSETS, column)
    if assets.value == 0:
        raise InvalidInput(f"Totalt kapital är 0 i kolumnen '{assets.col_label}'; soliditeten går inte att räkna.")
    percent = percent_of(equity.value, assets.value)
    steps = [
        source_step(table),
        f"{_cell_text(equity, table.unit)}; {_cell_text(assets, table.unit)}.",
        f"Soliditet: {format_number(equity.value)} / {format_number(assets.value)} = {format_percent(percent)}.",
    ]
    sources = (equity, assets)
    return calculation("solidity", percent, "%", steps, sources, {"column": column}, table=table, year=equity.year)


def debt_ratio(debt: Cell | Decimal | int, table: Table, year: Column) -> Calculation:
    """Skuldsättning: interest-bearing debt as a percentage of skatteintäkter plus generella statsbidrag.

    Parameters
    ----------
    debt : Cell, Decimal or int
        Total räntebärande låneskuld exklusive pensionsskulden, in the table's unit.
    table : Table
        The income statement budget (Tabell 4).
    year : int or str
        A year or a column label.

    Returns
    -------
    Calculation
        ``value`` is the ratio in percent; Tabell 1 sets the *skuldsättningstak* below 16 % (15 % in 2028).

    Notes
    -----
    Tabell 1: "Total räntebärande låneskuld (exkl. pensionsskulden) / Skatter och
    generella statsbidrag". No table prints the interest-bearing debt as a line,
    so the caller passes it (a cell from the text or Tabell 7's lånetak for a
    what-if); it is not guessed from Tabell 5's Långfristiga skulder.

    Examples
    --------
    >>> from decimal import Decimal
    >>> debt_ratio(Decimal("850"), tabell_4, 2027).steps[-1]
    'Skuldsättning: 850 / 5 632,2 = 15,1 %.'
    """
    amount = as_decimal(debt, "Den räntebärande låneskulden")
    cells = _cells(table, (TAX_INCOME, GENERAL_GRANTS), year)
    total = sum((cell.value for cell in cells), Decimal(0))
    percent = percent_of(amount, total)
    steps = [
        source_step(table),
        f"Räntebärande låneskuld: {with_unit(amount, table.unit)}.",
        _sum_step(cells, total, table.unit),
        f"Skuldsättning: {format_number(amount)} / {format_number(total)} = {format_percent(percent)}.",
    ]
    sources = ((debt,) if isinstance(debt, Cell) else ()) + cells
    inputs = {"debt": amount, "year": year}
    return calculation("debt_ratio", percent, "%", steps, sources, inputs, table=table, year=cells[0].year)


def _relative(end: Decimal, start: Decimal) -> Decimal:
    """(end / start − 1) × 100."""
    return divide(end - start, start) * 100


def _cells(table: Table, rows: Sequence[str], column: Column) -> tuple[Cell, ...]:
    if isinstance(rows, str) or not rows:
        raise InvalidInput(f"Ange raderna som en lista med minst ett radnamn, inte {rows!r}.")
    return tuple(figure(table, row, column) for row in rows)


def _optional(table: Table, row: str, column: Column) -> Cell | None:
    try:
        return figure(table, row, column)
    except MissingFigure:
        return None


def _label(cell: Cell) -> str:
    return cell.row_label.rstrip(" *")


def _cell_text(cell: Cell, unit: str | None) -> str:
    return f"{_label(cell)} {cell.col_label}: {with_unit(cell.value, unit)}"


def _paren(value: Decimal) -> str:
    return f"({format_number(value)})" if value < 0 else format_number(value)


def _sum_step(cells: Sequence[Cell], total: Decimal, unit: str | None, name: str = "Summa") -> str:
    first, *rest = cells
    terms = " ".join([format_number(first.value), *(signed(cell.value) for cell in rest)])
    return f"{name}: {terms} = {with_unit(total, unit)}."


def _percent_step(first: Cell, last: Cell, percent: Decimal | None) -> str:
    if percent is None:
        return "Procentuell förändring anges inte: utgångsvärdet är 0 eller tecknet byts."
    return f"Procentuell förändring: {format_number(last.value)} / {format_number(first.value)} - 1 = {format_percent(percent)}."


def _change_sentence(first: Cell, last: Cell, difference: Decimal, percent: Decimal | None, unit: str | None) -> str:
    label = _label(first)
    span = f"från {first.col_label} till {last.col_label}"
    # Same sign: the size moved as the percentage says (a cost printed -7 075,2 → -6 978,5 fell).
    rising = percent > 0 if percent is not None else difference > 0
    if difference == 0:
        return f"{label} är oförändrad {span}."
    verb = "ökar" if rising else "minskar"
    share_text = f" ({format_percent(abs(percent))})" if percent is not None else ""
    return f"{label} {verb} med {with_unit(abs(difference), unit)}{share_text} {span}."


def _delta_step(costs: Cell, rate: Decimal, delta: Decimal, unit: str | None) -> str:
    return f"Kostnadsförändring: {format_number(costs.value)} × {format_number(rate)} % = {with_unit(delta, unit)}."


def _moved(cell: Cell, delta: Decimal, unit: str | None) -> str:
    after = with_unit(cell.value + delta, unit)
    return f"{_label(cell)} {cell.col_label}: {format_number(cell.value)} {signed(delta)} = {after}."
