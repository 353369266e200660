"""Patientavgifter: what a list of visits costs under the fee tables, capped by the högkostnadsskydd.

In the examples, ``avgifter_2020`` holds Tabell 13 and 14 of Regionplan med
budget 2020–2022 (Bilaga 4: Avgifter) and ``hogkostnadsskydd_2020`` the
open-care ceiling printed under them (see ``calculators/conftest.py``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal

from ingest.models import Cell, Table

from ._build import calculation
from ._numbers import as_decimal, format_number, signed
from .errors import InvalidInput, MissingFigure
from .lookup import figure, normalise, table_name
from .models import Calculation

OUTSIDE_CEILING = "ingår inte i högkostnadsskyddet"
"""Text the fee tables put in a row label when the fee does not count toward the ceiling."""

_PERIOD = re.compile(r"(\d+)[-\s]*(månaders|dagars)period", re.IGNORECASE)


def patient_fees(
    visits: Mapping[str, int],
    tables: Table | Sequence[Table],
    ceiling: Cell | Decimal | int,
    *,
    period: str | None = None,
    column: str | None = None,
) -> Calculation:
    """The fees for ``visits``, with the högkostnadsgrundande part capped at ``ceiling``.

    Parameters
    ----------
    visits : mapping of str to int
        Visit type (a fee table's row label or a unique prefix of it) → number of visits.
    tables : Table or sequence of Table
        The fee tables (Tabell 13 and 14 of Bilaga 4), one fee per row, in kr.
    ceiling : Cell, Decimal or int
        The högkostnadsskydd: the most a patient pays in högkostnadsgrundande fees per period.
    period : str, optional
        The ceiling's period, e.g. "12-månadersperiod"; read from the ceiling cell's label when not given.
    column : str, optional
        The fee column, for tables with more than one.

    Returns
    -------
    Calculation
        ``value`` is the amount to pay in kr.

    Notes
    -----
    *Högkostnadsskydd öppenvård*: "tak för patientavgift under 12-månadersperiod
    (för högkostnadsgrundande avgifter) 1 150 kr" in the 2020–2022 plan. Fees
    whose row says "ingår inte i högkostnadsskyddet" (ambulansavgift, uteblivna
    besök, screening) are added outside the cap; all others count toward it.
    All visits are assumed to fall in one period; free care (under 18, over 85)
    is not modelled.

    Examples
    --------
    >>> visits = {"Vårdbesök oavsett vårdgivarkategori": 3, "Receptförnyelse per telefon": 1}
    >>> fees = patient_fees(visits, avgifter_2020, hogkostnadsskydd_2020)
    >>> fees.value
    Decimal('1050')
    >>> fees.steps[-1]
    'Att betala: 1 050 kr.'
    """
    fee_tables = (tables,) if isinstance(tables, Table) else tuple(tables)
    if not fee_tables:
        raise InvalidInput("Inga avgiftstabeller angavs; skicka med tabellerna ur dokumentets avgiftsbilaga.")
    cap, cap_cell = _ceiling(ceiling)
    lines = [(_fee_cell(fee_tables, kind, column), _count(kind, count)) for kind, count in visits.items()]
    lines = [(cell, count) for cell, count in lines if count > 0]
    counted = [(cell, count) for cell, count in lines if not _outside(cell)]
    outside = [(cell, count) for cell, count in lines if _outside(cell)]
    counted_sum, outside_sum = _total(counted), _total(outside)
    paid = min(counted_sum, cap) + outside_sum
    steps = [_source_step(fee_tables), *(_line_step(cell, count) for cell, count in lines)]
    steps += _ceiling_steps(counted, counted_sum, cap, _period_text(period, cap_cell), outside, outside_sum)
    steps.append(f"Att betala: {format_number(paid, 0)} kr.")
    sources = tuple(cell for cell, _ in lines) + ((cap_cell,) if cap_cell else ())
    inputs = {"visits": dict(visits), "ceiling": cap, "period": period, "tables": [t.table_id for t in fee_tables]}
    return calculation("patient_fees", paid, "kr", steps, sources, inputs, table=fee_tables[0])


def _ceiling(ceiling: object) -> tuple[Decimal, Cell | None]:
    cap = as_decimal(ceiling, "Högkostnadsskyddets tak")
    if cap < 0:
        raise InvalidInput(f"Högkostnadsskyddets tak kan inte vara negativt ({format_number(cap)} kr).")
    return cap, ceiling if isinstance(ceiling, Cell) else None


def _count(kind: str, count: object) -> int:
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise InvalidInput(f"Antalet besök för '{kind}' måste vara ett heltal från 0, inte {count!r}.")
    return count


def _fee_cell(tables: tuple[Table, ...], kind: str, column: str | None) -> Cell:
    """The fee for a visit type: the row that matches it in exactly one table (exact, else prefix)."""
    wanted = normalise(kind)
    rows = [(table, row) for table in tables for row in table.rows]
    matches = [(t, r) for t, r in rows if normalise(r) == wanted]
    matches = matches or [(t, r) for t, r in rows if wanted and normalise(r).startswith(wanted)]
    names = ", ".join(table_name(table) for table in tables)
    if not matches:
        raise MissingFigure(f"Besökstypen '{kind}' finns inte i avgiftstabellerna ({names}); ange radens namn som i tabellen.")
    if len(matches) > 1:
        found = ", ".join(f"'{row}'" for _, row in matches)
        raise MissingFigure(f"Besökstypen '{kind}' är tvetydig i {names}: {found}; ange hela radnamnet.")
    table, row = matches[0]
    return figure(table, row, column) if column else _only_fee(table, row)


def _only_fee(table: Table, row: str) -> Cell:
    cells = [cell for cell in table.row(row) if cell.value is not None]
    if len(cells) == 1:
        return cells[0]
    if not cells:
        raise MissingFigure(f"{table_name(table)} har ingen avgift för '{row}'; kontrollera raden i dokumentet.")
    columns = ", ".join(f"'{cell.col_label}'" for cell in cells)
    raise MissingFigure(f"'{row}' i {table_name(table)} har flera avgifter ({columns}); ange column=.")


def _outside(cell: Cell) -> bool:
    return OUTSIDE_CEILING in normalise(cell.row_label)


def _total(lines: list[tuple[Cell, int]]) -> Decimal:
    return sum((cell.value * count for cell, count in lines), Decimal(0))


def _line_step(cell: Cell, count: int) -> str:
    return f"{cell.row_label}: {count} × {format_number(cell.value, 0)} kr = {format_number(cell.value * count, 0)} kr."


def _period_text(period: str | None, cap_cell: Cell | None) -> str:
    if period:
        return f"per {period}"
    match = _PERIOD.search(cap_cell.row_label) if cap_cell else None
    return f"per {match.group(1)}-{match.group(2).lower()}period" if match else "(perioden anges inte i källan)"


def _ceiling_steps(
    counted: list[tuple[Cell, int]], counted_sum: Decimal, cap: Decimal, period: str, outside: list, outside_sum: Decimal
) -> list[str]:
    amounts = [cell.value * count for cell, count in counted]
    terms = " ".join([format_number(amounts[0], 0), *(signed(a, 0) for a in amounts[1:])]) if amounts else "0"
    steps = [f"Högkostnadsgrundande avgifter: {terms} = {format_number(counted_sum, 0)} kr."]
    limit = f"Högkostnadsskyddet: tak {format_number(cap, 0)} kr {period}"
    if counted_sum > cap:
        steps.append(f"{limit}; {format_number(counted_sum, 0)} kr överstiger taket, så {format_number(cap, 0)} kr betalas.")
    else:
        steps.append(f"{limit}; {format_number(counted_sum, 0)} kr ligger inom taket.")
    if outside:
        steps.append(f"Avgifter som inte ingår i högkostnadsskyddet läggs till: {format_number(outside_sum, 0)} kr.")
    return steps


def _source_step(tables: tuple[Table, ...]) -> str:
    names = ", ".join(table_name(table) for table in tables)
    return f"Källa: {tables[0].doc_title}, {names} (kr)."
