"""Swedish numbers: parse figures as the documents print them, format them back, split runs of them.

The documents print "-7 267,6" (space between thousands, decimal comma), "45,82%",
"<16%", "348*" and "2400 kr". A table row flattened to text is a run of such tokens,
where a space separates both two figures and two thousands groups of one figure:
``split_numbers`` decides which, given how many figures the row must hold.

Conventions:

- ``parse_number`` returns the printed figure, nothing else: "45,82%" is 45.82 (percent,
  not 0.4582), "<16%" is 16, "348*" is 348; the comparison sign, the footnote mark and
  the unit stay in the raw text. A dash alone ("-", "–") means "no figure": ``None``.
- ``format_number`` writes a plain space between thousands, as the documents do (babel's
  sv_SE writes U+00A0); ``parse_number`` reads plain, no-break and thin spaces alike.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext

from babel.numbers import NumberFormatError, format_decimal, parse_decimal

LOCALE = "sv_SE"
UNITS = ("%", "kr", "mkr", "tkr", "Mkr", "Tkr", "mnkr")
DASHES = frozenset({"-", "–", "—", "−"})
# Longest run of tokens one figure can span: head, three thousands groups, unit.
MAX_FIGURE_TOKENS = 5
MAX_TOKENS = 80

_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
_FIGURE = re.compile(
    r"(?P<compare>[<>≤≥~]?)"
    r"(?P<sign>\+- ?|± ?|[+\-−–]?)"
    r"(?P<int>[1-9]\d{0,2}(?: \d{3})+|0|[1-9]\d*)"
    r"(?:,(?P<frac>\d+))?"
    r"\*{0,3}(?: ?(?:%|kr|mkr|tkr|Mkr|Tkr|mnkr))?\*{0,3}"
)
_NUMBER_TOKEN = re.compile(r"[<>≤≥~]?(?:\+-|±|[+\-−–])?\d+(?:,\d*)?\*{0,3}%?\*{0,3}")


def parse_number(text: str) -> Decimal | None:
    """The value of one printed figure, or ``None`` if ``text`` is not exactly one figure.

    Args:
        text: e.g. "-7 267,6", "1 050,0", "45,82%", "<16%", "348*", "−12", "2 400 kr".

    Returns:
        The exact value; ``None`` for a dash alone, for "±5" (no sign), and for anything else.

    >>> parse_number("-7 267,6"), parse_number("45,82%"), parse_number("348*"), parse_number("-")
    (Decimal('-7267.6'), Decimal('45.82'), Decimal('348'), None)
    """
    match = _FIGURE.fullmatch(_SPACES.sub(" ", text).strip())
    if match is None:
        return None
    grouped = match["int"].replace(" ", "\u00a0")
    core = f"{grouped},{match['frac']}" if match["frac"] else grouped
    try:
        with localcontext(Context(prec=max(28, len(core) + 2))):  # babel rounds to the context: keep every digit
            value = parse_decimal(core, locale=LOCALE, strict=True)
    except (NumberFormatError, InvalidOperation, ValueError):
        return None
    if match["sign"].strip() in ("+-", "±"):
        return value if value == 0 else None  # "±0" is zero; "±5" has no sign to take
    return value.copy_negate() if match["sign"] in ("-", "−", "–") else value  # exact: unary minus rounds


def format_number(value: Decimal, decimals: int | None = None) -> str:
    """Swedish display: plain space between thousands, decimal comma, half-up rounding.

    Args:
        value: a finite Decimal.
        decimals: digits after the comma; ``None`` keeps the value's own ("0,090" stays).

    Returns:
        e.g. "-7 267,6". Zero is never shown as "-0".

    >>> format_number(Decimal("-7267.6")), format_number(Decimal("45.815"), 1)
    ('-7 267,6', '45,8')
    """
    if not value.is_finite():
        raise ValueError(f"kan inte formatera {value}: inget ändligt tal")
    if decimals is None:
        exponent = value.as_tuple().exponent
        decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    context = Context(prec=max(28, value.adjusted() + decimals + 10))  # exact, however many digits
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP, context=context)
    if rounded == 0:
        rounded = rounded.copy_abs()
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    with localcontext(context):
        return format_decimal(rounded, format=pattern, locale=LOCALE).replace("\u00a0", " ")


def is_number_token(token: str) -> bool:
    """Whether one whitespace-separated token can be (part of) a figure: "-7", "267,6", "45,82%", "<16%", "-"."""
    return bool(_NUMBER_TOKEN.fullmatch(token)) or token in DASHES or token in ("+-", "±")


def is_figure(text: str) -> bool:
    """A printed cell: one figure, or a dash standing for "no figure"."""
    return text in DASHES or parse_number(text) is not None


@functools.lru_cache(maxsize=8192)
def decimals_of(text: str) -> int:
    """Digits after the decimal comma in a printed figure ("1 050,0" → 1, "348*" → 0)."""
    match = re.search(r",(\d+)", text)
    return len(match.group(1)) if match else 0


def split_numbers(tokens: Sequence[str], count: int) -> tuple[str, ...] | None:
    """Group a run of number tokens into exactly ``count`` printed figures.

    A figure is a head of 1–3 digits followed by groups of exactly 3 digits, so
    "-7 267,6 -6 776,6" can only be two figures. Where several groupings fit, the one
    with fewest figures above a million wins, then the one whose figures share their
    number of decimals, then the one that joins earliest ("1 278 300" → "1 278", "300").

    Args:
        tokens: the tokens, e.g. "348* 289 292 302".split().
        count: how many figures the row holds (its column count).

    Returns:
        The figures as printed (tokens joined by one space), or ``None`` if no grouping fits.

    >>> split_numbers("-7 267,6 -6 776,6 -7 121,9".split(), 3)
    ('-7 267,6', '-6 776,6', '-7 121,9')
    """
    tokens = tuple(tokens)
    if count < 1 or not tokens or len(tokens) > MAX_TOKENS:
        return None
    found = [_best_split(tokens, count, decimals) for decimals in _decimal_choices(tokens)]
    best = min((item for item in found if item is not None), default=None, key=lambda item: item[0])
    return None if best is None else best[1]


def split_at_most(tokens: Sequence[str], most: int) -> tuple[str, ...] | None:
    """Like ``split_numbers``, for a row that may hold fewer figures: the grouping with the most, up to ``most``."""
    for count in range(min(most, len(tokens)), 0, -1):
        figures = split_numbers(tokens, count)
        if figures is not None:
            return figures
    return None


def _is_large(text: str) -> bool:
    value = parse_number(text)
    return value is not None and abs(value) >= 1_000_000


def _decimal_choices(tokens: tuple[str, ...]) -> set[int]:
    return {decimals_of(token) for token in tokens} | {0}


def _best_split(tokens: tuple[str, ...], count: int, decimals: int) -> tuple[tuple[int, int], tuple[str, ...]] | None:
    """Dynamic programme over (position, figures left); cost = (figures ≥ 1 000 000, decimal mismatches)."""

    @functools.cache
    def best(start: int, left: int) -> tuple[tuple[int, int], tuple[str, ...]] | None:
        if start == len(tokens):
            return ((0, 0), ()) if left == 0 else None
        if left == 0:
            return None
        choice = None
        for end in range(min(len(tokens), start + MAX_FIGURE_TOKENS), start, -1):  # longest first wins ties
            text = " ".join(tokens[start:end])
            rest = best(end, left - 1) if is_figure(text) else None
            if rest is not None:
                cost = (rest[0][0] + _is_large(text), rest[0][1] + (text not in DASHES and decimals_of(text) != decimals))
                if choice is None or cost < choice[0]:
                    choice = (cost, (text, *rest[1]))
        return choice

    return best(0, count)
