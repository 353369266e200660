"""Exact arithmetic helpers and Swedish number display, shared by the calculators.

Arithmetic stays in ``Decimal``; only quotients are inexact, and they carry 28
significant digits in a local context, so a caller's ``decimal`` settings never
change a result. Rounding happens in ``format_number`` alone, for display.
"""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, localcontext

from babel.numbers import format_decimal

from ingest.models import Cell

from .errors import InvalidInput, MissingFigure

_PRECISION = 28
LARGEST = Decimal(10) ** 15
"""Inputs from this size up are refused: no budget line, salary or fee is near it, and 400-digit input is not a figure."""
_YEAR = re.compile(r"\b(19|20)\d{2}\b")


def as_decimal(value: object, what: str) -> Decimal:
    """``value`` as an exact Decimal; ``what`` names it in the Swedish error message.

    Accepts ``Decimal``, ``int`` and a ``Cell`` with a value. Text, floats and bools
    raise ``InvalidInput``: a float is already inexact, and text must be parsed by
    the caller, which knows what the user meant.
    """
    if isinstance(value, Cell):
        return cell_value(value)
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise InvalidInput(f'{what} måste vara ett tal (Decimal eller heltal), inte {value!r}; ange t.ex. Decimal("100").')
    number = Decimal(value)
    if not number.is_finite():
        raise InvalidInput(f"{what} måste vara ett ändligt tal, inte {value}.")
    if abs(number) >= LARGEST:
        raise InvalidInput(f"{what} har ett orimligt värde ({number:.3E}); ange ett tal under 10^15.")
    return number


def cell_value(cell: Cell) -> Decimal:
    """The cell's value, or ``MissingFigure`` naming the cell when it holds no figure."""
    if cell.value is None:
        raise MissingFigure(
            f"Cellen '{cell.row_label}' / '{cell.col_label}' i {cell.table_id} har inget tal ('{cell.raw}'); "
            "välj en annan rad eller kolumn."
        )
    return cell.value


def divide(numerator: Decimal, denominator: Decimal, *, round_up: bool = False) -> Decimal:
    """``numerator / denominator`` to 28 significant digits; ``round_up`` rounds toward +∞."""
    rounding = ROUND_CEILING if round_up else ROUND_HALF_EVEN
    return Context(prec=_PRECISION, rounding=rounding).divide(numerator, denominator)


def percent_of(part: Decimal, whole: Decimal) -> Decimal:
    """``part`` as a percentage of ``whole`` (100 × part / whole)."""
    return divide(part * 100, whole)


def format_number(value: Decimal, decimals: int | None = None) -> str:
    """Swedish display of ``value``: space between thousands, decimal comma, half-up rounding.

    ``decimals=None`` keeps the figure's own precision (at most two decimals), so a
    sum of figures printed with one decimal is shown with one decimal.
    """
    if decimals is None:
        exponent = value.as_tuple().exponent
        decimals = min(max(-exponent, 0), 2) if isinstance(exponent, int) else 0
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    # Enough digits for the whole part too (babel quantizes in the current context, 28 digits by default):
    # a huge count of visits times a fee must print, not raise decimal.InvalidOperation.
    with localcontext(Context(prec=max(60, value.adjusted() + decimals + 2))):
        rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        if rounded == 0:
            rounded = abs(rounded)  # never "-0,0"
        # babel writes a no-break space between thousands; the documents print a plain one.
        return format_decimal(rounded, format=pattern, locale="sv_SE").replace("\xa0", " ")


def format_percent(value: Decimal, decimals: int = 1) -> str:
    """Swedish display of a percentage, e.g. "4,5 %"."""
    return f"{format_number(value, decimals)} %"


def with_unit(value: Decimal, unit: str | None, decimals: int | None = None) -> str:
    """``format_number`` followed by the unit, if there is one ("-1 005 mkr")."""
    text = format_number(value, decimals)
    return f"{text} {unit}" if unit else text


def signed(value: Decimal, decimals: int | None = None) -> str:
    """A term in a sum: "+ 260" or "- 230", so steps read as arithmetic."""
    sign = "-" if value < 0 else "+"
    return f"{sign} {format_number(abs(value), decimals)}"


def first_year(text: str | None) -> int | None:
    """The first year a title names ("Regionplan med budget 2020–2022" → 2020), if any."""
    match = _YEAR.search(text or "")
    return int(match.group()) if match else None
