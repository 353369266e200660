"""Parameters of a numeric question in Swedish: years, amounts, percentages, counts, salaries.

"Säg att 2026 slutar på minus 230 miljoner kronor" → years (2026,), amounts (−230 mkr).
"tre vårdbesök och en receptförnyelse" → counts {"vårdbesök": 3, "receptförnyelse": 1}.
Numbers are Decimal; nothing is rounded or guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ingest.text import years_in

NUMBER_WORDS = {
    "en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8,
    "nio": 9, "tio": 10, "elva": 11, "tolv": 12, "femton": 15, "tjugo": 20,
}  # fmt: skip
# Unit words → (unit, factor to that unit). Amounts in the plans are in mkr, salaries and fees in kr.
UNITS = {
    "miljarder": ("mkr", Decimal(1000)),
    "miljard": ("mkr", Decimal(1000)),
    "mdkr": ("mkr", Decimal(1000)),
    "mdr": ("mkr", Decimal(1000)),
    "miljoner": ("mkr", Decimal(1)),
    "miljon": ("mkr", Decimal(1)),
    "mnkr": ("mkr", Decimal(1)),
    "mkr": ("mkr", Decimal(1)),
    "tkr": ("kr", Decimal(1000)),
    "tusen": ("kr", Decimal(1000)),
    "kronor": ("kr", Decimal(1)),
    "kr": ("kr", Decimal(1)),
}
# A number starts where a run of digits starts ((?<!\d) below): trying every digit of a long run as a
# start made the search quadratic (100 000 digits took minutes).
_NUMBER = r"(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:,\d+)?"
_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
_AMOUNT = re.compile(
    rf"(?P<sign>minus\s+|-\s*|−\s*|plus\s+)?(?<!\d)(?P<number>{_NUMBER})\s*(?P<unit>{_UNIT})\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(rf"(?P<sign>minus\s+|-|−)?(?<!\d)(?P<number>{_NUMBER})\s*(?:%|procent)", re.IGNORECASE)
_COUNT = re.compile(rf"\b(?P<count>\d+|{'|'.join(NUMBER_WORDS)})\s+(?P<noun>[a-zåäö][\w-]*)", re.IGNORECASE)
MAX_COUNT_DIGITS = 6
# Questions are read up to this many characters; the engine cuts them there too (MAX_QUESTION_CHARS):
# the patterns above are quadratic in the worst case ("111 111 111 …"), so a 100 000-character input would take minutes.
MAX_CHARS = 2000
_SALARY = re.compile(r"(?P<kind>månadslön|årslön|lön)\w*\s*(?:på|om|är|av)?\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Amount:
    """A sum of money the question states, in the unit the documents use for it."""

    value: Decimal
    unit: str  # "mkr" or "kr"
    text: str  # as written in the question


@dataclass(frozen=True)
class Parameters:
    """Everything numeric a question states."""

    years: tuple[int, ...] = ()
    amounts: tuple[Amount, ...] = ()
    percents: tuple[Decimal, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)
    monthly_salary: Decimal | None = None
    annual_salary: Decimal | None = None


def parse_decimal(text: str) -> Decimal | None:
    """A Swedish-written number ("7 267,6", "500 000", "1,5") as Decimal, or None."""
    cleaned = re.sub(r"[ \u00a0\u202f]", "", text).replace(",", ".")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def extract_parameters(question: str) -> Parameters:
    """The years, amounts, percentages, counted items and salary a question states."""
    text = _normalised(question)
    amounts = tuple(_amounts(text))
    monthly, annual = _salaries(text, amounts)
    return Parameters(
        years=years_in(text),
        amounts=amounts,
        percents=tuple(_percents(text)),
        counts=_counts(text),
        monthly_salary=monthly,
        annual_salary=annual,
    )


def _normalised(question: str) -> str:
    """The question in NFKC, cut at MAX_CHARS (before and after: NFKC can lengthen a text)."""
    return unicodedata.normalize("NFKC", question[:MAX_CHARS])[:MAX_CHARS]


def _amounts(text: str):
    for match in _AMOUNT.finditer(text):
        value = parse_decimal(match["number"])
        if value is None or _is_year(match["number"]):
            continue
        unit, factor = UNITS[match["unit"].lower()]
        sign = -1 if (match["sign"] or "").strip().lower() in ("minus", "-", "−") else 1
        yield Amount(sign * value * factor, unit, match.group(0).strip())


def _percents(text: str):
    for match in _PERCENT.finditer(text):
        value = parse_decimal(match["number"])
        if value is not None:
            yield -value if match["sign"] else value


def _counts(text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for match in _COUNT.finditer(text):
        word = match["count"].lower()
        if len(word) > MAX_COUNT_DIGITS:
            continue  # not a number of visits or öre; and int() refuses over 4 300 digits
        count = int(word) if word.isdigit() else NUMBER_WORDS[word]
        noun = match["noun"].lower()
        if _is_year(word) or noun in UNITS or noun in ("procent", "år", "miljoner", "miljarder"):
            continue
        counts[noun] = counts.get(noun, 0) + count
    return counts


def _salaries(text: str, amounts: tuple[Amount, ...]) -> tuple[Decimal | None, Decimal | None]:
    """The salary the question names: the first kr amount after "månadslön"/"årslön"."""
    match = _SALARY.search(text)
    if not match:
        return None, None
    after = [a for a in _amounts(text[match.end() :]) if a.unit == "kr"]
    before = [a for a in amounts if a.unit == "kr"]
    salary = (after or before or [None])[0]
    if salary is None:
        return None, None
    if match["kind"].lower().startswith("månad"):
        return salary.value, None
    return None, salary.value


def _is_year(number: str) -> bool:
    return bool(re.fullmatch(r"(19|20)\d\d", number.strip()))


def results_by_year(question: str) -> dict[int, Decimal]:
    """Results the question supposes per year, in mkr.

    "om årets resultat blir 200 miljoner kronor varje år 2027–2030" → {2027: 200, …, 2030: 200};
    "säg att 2026 slutar på minus 230 miljoner" → {2026: −230}. An amount belongs to the
    year written nearest before it, or after it when none comes before.
    """
    text = _normalised(question)
    amounts = [(m.start(), a) for m, a in _amount_matches(text) if a.unit == "mkr"]
    if not amounts:
        return {}
    years = [(m.start(), int(m.group(0))) for m in re.finditer(r"(?<!\d)(19|20)\d\d(?!\d)", text)]
    if re.search(r"\b(varje år|per år|årligen|alla år|samtliga år)\b", text, re.IGNORECASE):
        return {year: amounts[0][1].value for year in years_in(text)}
    result: dict[int, Decimal] = {}
    for position, amount in amounts:
        before = [year for start, year in years if start < position]
        after = [year for start, year in years if start > position]
        year = before[-1] if before else (after[0] if after else None)
        if year is not None:
            result[year] = amount.value
    return result


def _amount_matches(text: str):
    for match in _AMOUNT.finditer(text):
        for amount in _amounts(match.group(0)):
            yield match, amount
