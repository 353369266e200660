"""Personalkostnad: a salary plus the year's PO-pålägg from the social-fees table.

In the examples, ``tabell_24`` is Tabell 24 (Sociala avgifter 2022–2027) of
Regionplan 2026–2028 as parsed (see ``calculators/conftest.py``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from ingest.models import Table

from ._build import calculation, source_step
from ._numbers import as_decimal, format_number, format_percent
from .errors import InvalidInput
from .lookup import figure
from .models import Calculation

PO_ROW = "Summa PO-pålägg"
"""The row with the total personnel overhead, in percent of the salary sum."""

Period = Literal["year", "month"]


def personnel_cost(table: Table, salary: Decimal | int, year: int, *, period: Period = "year", headcount: int = 1) -> Calculation:
    """The yearly cost of a salary including the year's PO-pålägg.

    Parameters
    ----------
    table : Table
        The social-fees table (Tabell 24) with the row "Summa PO-pålägg", one column per year.
    salary : Decimal or int
        The salary in kr, per year or per month as ``period`` says; must be above 0.
    year : int
        The year whose PO-pålägg applies.
    period : {"year", "month"}
        Whether ``salary`` is an årslön or a månadslön (× 12).
    headcount : int
        Number of employees with this salary, at least 1.

    Returns
    -------
    Calculation
        ``value`` is the yearly cost in kr.

    Notes
    -----
    *Personalkostnad inklusive PO-pålägg* (personalomkostnadspålägg):
    årslön × (1 + PO-pålägg), where PO-pålägg is arbetsgivaravgifter enligt lag,
    avtalsförsäkringar and kollektivavtalad pension "i procent av lönesumman".
    Tabell 24's columns run 2022 to 2027 in header order, so 2027 is 44,42 %
    (45,82 % is 2026). Other personnel costs (semesterlön, travel) are not included.

    Examples
    --------
    >>> cost = personnel_cost(tabell_24, 500_000, 2027)
    >>> cost.value == 722_100
    True
    >>> cost.steps[-1]
    'Lönekostnad inklusive PO-pålägg 2027: 500 000 × 1,4442 = 722 100 kr.'
    """
    amount = _positive(salary)
    count = _headcount(headcount)
    po = figure(table, PO_ROW, year)
    factor = 1 + po.value / 100
    annual = amount * 12 if _period(period) == "month" else amount
    steps = [source_step(table), f"{PO_ROW} {year}: {format_percent(po.value, 2)}."]
    if period == "month":
        steps.append(f"Årslön: {_kr(amount)} × 12 = {_kr(annual)} kr.")
    cost = annual * factor
    steps.append(f"Lönekostnad inklusive PO-pålägg {year}: {_kr(annual)} × {format_number(factor, 4)} = {_kr(cost)} kr.")
    if count > 1:
        steps.append(f"För {count} medarbetare: {_kr(cost)} × {count} = {_kr(cost * count)} kr.")
    inputs = {"salary": amount, "year": year, "period": period, "headcount": count}
    return calculation("personnel_cost", cost * count, "kr", steps, (po,), inputs, table=table, year=year)


def _positive(salary: object) -> Decimal:
    amount = as_decimal(salary, "Lönen")
    if amount <= 0:
        raise InvalidInput(f"Lönen måste vara större än 0 kr, inte {_kr(amount)} kr; ange lönen i kronor per år eller månad.")
    return amount


def _headcount(headcount: object) -> int:
    if isinstance(headcount, bool) or not isinstance(headcount, int) or headcount < 1:
        raise InvalidInput(f"Antalet medarbetare måste vara ett heltal från 1, inte {headcount!r}.")
    return headcount


def _period(period: object) -> str:
    if period not in ("year", "month"):
        raise InvalidInput(f"Lönens period måste vara 'year' (årslön) eller 'month' (månadslön), inte {period!r}.")
    return str(period)


def _kr(value: Decimal) -> str:
    """Kronor: whole kronor when the amount is whole, else öre."""
    return format_number(value, 0 if value == value.to_integral_value() else 2)
