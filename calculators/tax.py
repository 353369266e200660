"""Skatteintäkter per skatteöre: what one öre of the tax rate yields, and what a change of the rate yields.

In the examples, ``tabell_4`` is Tabell 4 (Resultatbudget) of Regionplan
2026–2028 as parsed (see ``calculators/conftest.py``); the tax rate, 11,70 kr,
is printed in the text ("bygger på en utdebitering på 11,70 kronor").
"""

from __future__ import annotations

from decimal import Decimal

from ingest.models import Cell

from ._build import calculation
from ._numbers import as_decimal, divide, format_number
from .errors import InvalidInput
from .models import Calculation


def tax_per_ore(tax_income: Cell | Decimal | int, tax_rate: Cell | Decimal | int, *, unit: str = "mkr") -> Calculation:
    """What one öre of the tax rate yields: skatteintäkter divided by the rate in öre.

    Parameters
    ----------
    tax_income : Cell, Decimal or int
        Skatteintäkter for one year, in ``unit`` (e.g. Tabell 4, Budget 2026: 4 054,6 mkr).
    tax_rate : Cell, Decimal or int
        The tax rate (*skattesats*, *utdebitering*) in kronor per hundred kronor, e.g. 11,70.
    unit : str
        The unit of ``tax_income``.

    Returns
    -------
    Calculation
        ``value`` is the yield of one öre, in ``unit``.

    Notes
    -----
    *Skatteintäkt per skatteöre*: skatteintäkter / (skattesats × 100), since
    11,70 kr is 1 170 öre. The rule assumes the income is proportional to the
    rate; it leaves out effects of a changed rate on the income equalisation.
    Checked against the 2020–2022 plan: 3 183,2 mkr / 1 170 öre × 50 öre gives
    136 mkr, where the plan states 139 mkr for its 50-öre increase.

    Examples
    --------
    >>> from decimal import Decimal
    >>> from calculators.lookup import figure
    >>> tax_per_ore(figure(tabell_4, "Skatteintäkter", 2026), Decimal("11.70")).steps[-1]
    '4 054,6 mkr / 1 170 öre = 3,47 mkr per skatteöre.'
    """
    income, rate = _inputs(tax_income, tax_rate)
    ore = rate * 100
    per_ore = divide(income, ore)
    steps = [
        *_source_steps(tax_income, tax_rate),
        f"Skattesats {format_number(rate, 2)} kr = {format_number(ore, 0)} öre.",
        f"{format_number(income)} {unit} / {format_number(ore, 0)} öre = {format_number(per_ore, 2)} {unit} per skatteöre.",
    ]
    inputs = {"tax_income": income, "tax_rate": rate}
    return calculation("tax_per_ore", per_ore, unit, steps, _cells(tax_income, tax_rate), inputs, year=_year(tax_income))


def tax_change_effect(
    tax_income: Cell | Decimal | int, tax_rate: Cell | Decimal | int, change_ore: Decimal | int, *, unit: str = "mkr"
) -> Calculation:
    """What changing the tax rate by ``change_ore`` öre yields, at the yield per öre of ``tax_per_ore``.

    Parameters
    ----------
    tax_income, tax_rate, unit
        As for ``tax_per_ore``.
    change_ore : Decimal or int
        The change of the rate in öre; negative for a cut.

    Returns
    -------
    Calculation
        ``value`` is the change in skatteintäkter, in ``unit``.

    Notes
    -----
    *Skattehöjning/skattesänkning*: skatteintäkt per skatteöre × antal öre. The
    2020–2022 plan raised the rate by 50 öre to 11,70 kr and expected 139 mkr
    more for 2020; the proportional rule gives 136 mkr from its budget figure.

    Examples
    --------
    >>> from decimal import Decimal
    >>> tax_change_effect(Decimal("3183.2"), Decimal("11.70"), 50).steps[-1]
    'Förändring: 2,72 mkr × 50 öre = 136,03 mkr.'
    """
    change = as_decimal(change_ore, "Skatteförändringen i öre")
    base = tax_per_ore(tax_income, tax_rate, unit=unit)
    effect = base.value * change
    steps = [
        *base.steps,
        f"Förändring: {format_number(base.value, 2)} {unit} × {format_number(change)} öre = {format_number(effect, 2)} {unit}.",
    ]
    inputs = {**base.inputs, "change_ore": change}
    return calculation("tax_change_effect", effect, unit, steps, base.sources, inputs, year=base.source_year)


def _inputs(tax_income: object, tax_rate: object) -> tuple[Decimal, Decimal]:
    income = as_decimal(tax_income, "Skatteintäkterna")
    rate = as_decimal(tax_rate, "Skattesatsen")
    if rate <= 0:
        raise InvalidInput(f"Skattesatsen måste vara större än 0 kr, inte {format_number(rate)}; ange t.ex. 11,70.")
    if rate >= 100:
        raise InvalidInput(f"Skattesatsen anges i kronor per hundralapp (t.ex. 11,70), inte {format_number(rate)}.")
    return income, rate


def _cells(*values: object) -> tuple[Cell, ...]:
    return tuple(value for value in values if isinstance(value, Cell))


def _source_steps(tax_income: object, tax_rate: object) -> list[str]:
    steps = []
    for what, value in (("Skatteintäkter", tax_income), ("Skattesats", tax_rate)):
        if isinstance(value, Cell):
            steps.append(f"{what}: '{value.row_label}' {value.col_label} = {value.raw} ({value.table_id}).")
    return steps


def _year(value: object) -> int | None:
    return value.year if isinstance(value, Cell) else None
