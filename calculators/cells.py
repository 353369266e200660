"""Arithmetic over cells from any table or any sentence: shares, sums, what-ifs, per invånare, per år.

The other calculators know one table's shape (Tabell 3, the fee tables); these take the
cells themselves, so a question about any row of any parsed table, or a figure stated in
a sentence (a Cell whose ``table_id`` ends in ``#text``), can be computed. Every function
checks its inputs with ``same_document``: a calculation never mixes figures from two
documents unless the caller joined them on purpose (``join=True``, a version comparison),
and the steps then name each document.

In the examples, ``tabell_4`` and ``tabell_5`` are Tabell 4 and 5 of Regionplan och budget
2026–2028 as parsed (see ``calculators/conftest.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_CEILING, Decimal

from ingest.models import Cell

from ._build import calculation
from ._numbers import as_decimal, cell_value, divide, format_number, format_percent, percent_of
from .errors import InvalidInput
from .models import Calculation

MILLION = Decimal(1_000_000)
THOUSAND = Decimal(1_000)


def document_of(cell: Cell) -> str:
    """The document a cell comes from: its table id up to "#"."""
    return cell.table_id.split("#")[0]


def same_document(cells: Sequence[Cell], *, join: bool = False) -> None:
    """Refuse inputs from more than one document unless ``join`` (the question asked for both).

    Notes
    -----
    A figure belongs with the figures of its own document: the tax rate of the 2026–2028
    plan with that plan's skatteintäkter, not with a rate planted in another file.

    Examples
    --------
    >>> a = Cell("plan.txt#tabell-4", "Skatteintäkter", "Budget 2026", "4 054,6", Decimal("4054.6"))
    >>> b = Cell("annat.txt#text", "Utdebitering", "annat", "99,99", Decimal("99.99"))
    >>> same_document([a, b])
    Traceback (most recent call last):
    calculators.errors.InvalidInput: Talen kommer från olika dokument (annat.txt, plan.txt); ...
    """
    documents = sorted({document_of(cell) for cell in cells})
    if len(documents) > 1 and not join:
        raise InvalidInput(
            f"Talen kommer från olika dokument ({', '.join(documents)}); "
            "en beräkning använder bara ett dokuments siffror om inte frågan jämför dokumenten."
        )


def difference(start: Cell, end: Cell, unit: str | None, *, join: bool = False) -> Calculation:
    """How much a line changed from one cell to another, in its unit and in percent (*förändring*).

    Notes
    -----
    end − start as printed, and end / start − 1 in percent (left out when the start is 0
    or the sign flips). A cost printed negative that grows in size has *ökat*.

    Examples
    --------
    >>> from calculators.lookup import figure
    >>> difference(figure(tabell_4, "Verksamhetens kostnader", 2026), figure(tabell_4, "Verksamhetens kostnader", 2027),
    ...            "mkr").steps[-1]
    'Verksamhetens kostnader minskar med 96,7 mkr (1,4 %) från Budget 2026 till Plan 2027.'
    """
    same_document([start, end], join=join)
    first, last = cell_value(start), cell_value(end)
    change = last - first
    percent = None if first == 0 or (first < 0) != (last < 0) else (divide(last, first) - 1) * 100
    rising = percent > 0 if percent is not None else change > 0
    label = start.row_label.rstrip(" *")
    span = f"från {start.col_label} till {end.col_label}"
    percent_step = (
        f"Procentuell förändring: {format_number(last)} / {format_number(first)} - 1 = {format_percent(percent)}."
        if percent is not None
        else "Procentuell förändring anges inte: utgångsvärdet är 0 eller tecknet byts."
    )
    verb = "är oförändrad" if change == 0 else ("ökar" if rising else "minskar") + f" med {_with(abs(change), unit)}"
    share = f" ({format_percent(abs(percent))})" if percent is not None and change else ""
    steps = [
        *_source_steps([start, end]),
        f"{label}: {start.col_label} {start.raw}; {end.col_label} {end.raw}.",
        f"Skillnad: {format_number(last)} - {format_number(first)} = {_with(change, unit)}.",
        percent_step,
        f"{label} {verb}{share} {span}.",
    ]
    value = {"start": first, "end": last, "difference": change, "percent": percent}
    return calculation("difference", value, unit or "", steps, (start, end), {"row": start.row_label}, year=end.year)


def ratio(part: Cell, whole: Cell, *, join: bool = False) -> Calculation:
    """``part`` as a percentage of ``whole`` (*andel*).

    Examples
    --------
    >>> from calculators.lookup import figure
    >>> ratio(figure(tabell_4, "Årets resultat", 2028), figure(tabell_4, "Skatteintäkter", 2028)).steps[-1]
    'Andel: 262,9 / 4 393,9 = 6,0 %.'
    """
    same_document([part, whole], join=join)
    numerator, denominator = abs(cell_value(part)), abs(cell_value(whole))
    if denominator == 0:
        raise InvalidInput(f"'{whole.row_label}' är 0; andelen går inte att räkna.")
    share = percent_of(numerator, denominator)
    steps = [
        *_source_steps([part, whole]),
        f"{_named(part)}: {part.raw}.",
        f"{_named(whole)}: {whole.raw}.",
        f"Andel: {format_number(numerator)} / {format_number(denominator)} = {format_percent(share)}.",
    ]
    return calculation("ratio", share, "%", steps, (part, whole), {"part": part.row_label, "whole": whole.row_label})


def total(cells: Sequence[Cell], unit: str | None, *, join: bool = False) -> Calculation:
    """The sum of ``cells`` as printed (*summa*).

    Examples
    --------
    >>> from calculators.lookup import figure
    >>> total([figure(tabell_5, row, 2028) for row in ("Eget kapital", "Långfristiga skulder")], "mkr").steps[-1]
    'Summa: -993 + 891 = -102 mkr.'
    """
    if not cells:
        raise InvalidInput("Inga tal att lägga ihop.")
    same_document(cells, join=join)
    values = [cell_value(cell) for cell in cells]
    result = sum(values, Decimal(0))
    terms = " + ".join(format_number(value) for value in values).replace("+ -", "- ")
    steps = [
        *_source_steps(cells),
        *(f"{_named(cell)}: {cell.raw}." for cell in cells),
        f"Summa: {terms} = {_with(result, unit)}.",
    ]
    return calculation("total", result, unit or "", steps, tuple(cells), {"rows": [cell.row_label for cell in cells]})


def what_if(
    changed: Cell, result: Cell, unit: str | None, *, percent: Decimal | None = None, amount: Decimal | None = None
) -> Calculation:
    """The result line if one line of the same column changes by ``percent`` of itself, or by ``amount``.

    Parameters
    ----------
    changed : Cell
        The line that changes, as printed (a cost negative).
    result : Cell
        The result line of the same table and column (*årets resultat*), which the line adds into.
    percent : Decimal, optional
        Change of the line's size in percent: +1 makes a cost 1 % larger (more negative).
    amount : Decimal, optional
        Change of the line's size in its unit, the same way.

    Notes
    -----
    In a resultatbudget every line adds into the result as printed, so the result
    moves by exactly the line's change: new result = result + (new line − line).

    Examples
    --------
    >>> from decimal import Decimal
    >>> from calculators.lookup import figure
    >>> calc = what_if(figure(tabell_4, "Statsbidrag läkemedel", 2027), figure(tabell_4, "Årets resultat", 2027), "mkr",
    ...                percent=Decimal(-2))
    >>> calc.steps[-1]
    'Årets resultat blir 260,1 - 11,41 = 248,69 mkr, dvs. cirka 248,7 mkr.'
    """
    same_document([changed, result])
    if (percent is None) == (amount is None):
        raise InvalidInput("Ange antingen en procentuell förändring eller ett belopp.")
    line, before = cell_value(changed), cell_value(result)
    size = abs(line)
    delta_size = size * as_decimal(percent, "procent") / 100 if percent is not None else as_decimal(amount, "belopp")
    new_line = line + delta_size if line >= 0 else line - delta_size
    delta = new_line - line
    after = before + delta
    how = f"{format_number(abs(as_decimal(percent, 'procent')))} %" if percent is not None else _with(abs(delta_size), unit)
    direction = "större" if delta_size > 0 else "mindre"
    steps = [
        *_source_steps([changed, result]),
        f"{_named(changed)}: {changed.raw}; {_named(result)}: {result.raw}.",
        f"{changed.row_label} blir {how} {direction}: {format_number(line)} → {format_number(new_line)} "
        f"(förändring {format_number(delta)}).",
        f"{result.row_label} blir {format_number(before)} {'+' if delta >= 0 else '-'} {format_number(abs(delta))} = "
        f"{_with(after, unit)}, dvs. cirka {_with(after.quantize(Decimal('0.1')), unit)}.",
    ]
    inputs = {"changed": changed.row_label, "result": result.row_label, "percent": percent, "amount": amount}
    return calculation("what_if", after, unit or "", steps, (changed, result), inputs, year=result.year)


def adjusted(changed: Cell, unit: str | None, *, percent: Decimal | None = None, amount: Decimal | None = None) -> Calculation:
    """A line itself after it changes by ``percent`` of its size, or by ``amount`` ("hur stora blir de då?").

    Examples
    --------
    >>> from decimal import Decimal
    >>> from calculators.lookup import figure
    >>> adjusted(figure(tabell_4, "Skatteintäkter", 2026), "mkr", percent=Decimal(2)).steps[-1]
    'Skatteintäkter blir 4 054,6 + 81,09 = 4 135,69 mkr, dvs. cirka 4 135,7 mkr.'
    """
    if (percent is None) == (amount is None):
        raise InvalidInput("Ange antingen en procentuell förändring eller ett belopp.")
    line = cell_value(changed)
    delta_size = abs(line) * as_decimal(percent, "procent") / 100 if percent is not None else as_decimal(amount, "belopp")
    delta = delta_size if line >= 0 else -delta_size
    after = line + delta
    how = f"{format_number(abs(as_decimal(percent, 'procent')))} %" if percent is not None else _with(abs(delta_size), unit)
    steps = [
        *_source_steps([changed]),
        f"{_named(changed)}: {changed.raw}.",
        f"Förändring: {how} av {format_number(abs(line))} = {format_number(abs(delta))}.",
        f"{changed.row_label} blir {format_number(line)} {'+' if delta >= 0 else '-'} {format_number(abs(delta))} = "
        f"{_with(after, unit)}, dvs. cirka {_with(after.quantize(Decimal('0.1')), unit)}.",
    ]
    inputs = {"changed": changed.row_label, "percent": percent, "amount": amount}
    return calculation("adjusted", after, unit or "", steps, (changed,), inputs, year=changed.year)


def per_capita(amount: Cell, amount_unit: str | None, population: Cell, *, join: bool = False) -> Calculation:
    """An amount per invånare, in kronor.

    Notes
    -----
    *Per invånare*: the amount in kronor (mkr × 1 000 000, tkr × 1 000) divided by the
    population the documents state for the year.

    Examples
    --------
    >>> from decimal import Decimal
    >>> from calculators.lookup import figure
    >>> people = Cell("plan.txt#tabell-20", "Region Jämtland Härjedalen, egna siffror", "Prognos 2026", "132 466",
    ...               Decimal(132466), 2026)
    >>> per_capita(figure(tabell_4, "Skatteintäkter", 2026), "mkr", people, join=True).steps[-1]
    '4 054 600 000 kr / 132 466 invånare = 30 608,6 kr per invånare, dvs. cirka 30 609 kr.'
    """
    same_document([amount, population], join=join)
    factor = {"mkr": MILLION, "tkr": THOUSAND}.get((amount_unit or "kr").lower(), Decimal(1))
    kronor = cell_value(amount) * factor
    people = cell_value(population)
    if people <= 0:
        raise InvalidInput(f"Befolkningen '{population.raw}' är inte ett positivt tal.")
    value = divide(abs(kronor), people)
    steps = [
        *_source_steps([amount, population]),
        f"{_named(amount)}: {_with_raw(amount, amount_unit)} = {format_number(abs(kronor), 0)} kr.",
        f"{_named(population)}: {population.raw} invånare.",
        f"{format_number(abs(kronor), 0)} kr / {format_number(people, 0)} invånare = {format_number(value, 1)} kr per invånare, "
        f"dvs. cirka {format_number(value, 0)} kr.",
    ]
    return calculation("per_capita", value, "kr", steps, (amount, population), {"amount": amount.row_label})


def per_period(amount: Cell, unit: str | None, years: int) -> Calculation:
    """An amount stated for several years as a yearly amount ("6 mkr för tre år" → 2 mkr per år).

    Examples
    --------
    >>> per_period(Cell("s.txt#text", "Merkostnad", "Kultur", "6 mkr", Decimal(6)), "mkr", 3).steps[-1]
    '6 mkr / 3 år = 2 mkr per år.'
    """
    if years <= 0:
        raise InvalidInput(f"Antalet år måste vara positivt, inte {years}.")
    value = divide(cell_value(amount), Decimal(years))
    steps = [
        *_source_steps([amount]),
        f"{_named(amount)}: {amount.raw} för {years} år.",
        f"{_with_raw(amount, unit)} / {years} år = {_with(value, unit)} per år.",
    ]
    return calculation("per_period", value, unit or "", steps, (amount,), {"years": years})


def comparison(compared: Cell, base: Cell, unit: str | None, *, join: bool = False) -> Calculation:
    """How much more (or less) one figure is than another (*skillnad*): "hur mycket dyrare blir X än Y?".

    Notes
    -----
    compared − base, and the difference in percent of the base (left out when the base is 0).

    Examples
    --------
    >>> new = Cell("s.txt#text", "Nytt system", "Kollektivtrafik", "12,5 mkr", Decimal("12.5"))
    >>> old = Cell("s.txt#text", "Nuvarande system", "Kollektivtrafik", "8 mkr", Decimal(8))
    >>> comparison(new, old, "mkr").steps[-1]
    'Skillnaden är 4,5 mkr: 12,5 mkr är 4,5 mkr mer än 8 mkr (56,3 %).'
    """
    same_document([compared, base], join=join)
    first, second = cell_value(compared), cell_value(base)
    difference = first - second
    percent = None if second == 0 else percent_of(abs(difference), abs(second))
    share = f" ({format_percent(percent)})" if percent is not None and difference else ""
    direction = "lika mycket som" if difference == 0 else ("mer än" if difference > 0 else "mindre än")
    amount = "" if difference == 0 else f"{_with(abs(difference), unit)} "
    steps = [
        *_source_steps([compared, base]),
        f"{_named(compared)}: {_with_raw(compared, unit)}; {_named(base)}: {_with_raw(base, unit)}.",
        f"Skillnad: {format_number(first)} - {format_number(second)} = {_with(difference, unit)}.",
        f"Skillnaden är {_with(difference, unit)}: {_with_raw(compared, unit)} är {amount}{direction} "
        f"{_with_raw(base, unit)}{share}.",
    ]
    value = {"compared": first, "base": second, "difference": difference, "percent": percent}
    return calculation("comparison", value, unit or "", steps, (compared, base), {"row": compared.row_label})


def budget_from_deviation(outcome: Cell, deviation: Cell, unit: str | None, *, cost: bool, better: bool) -> Calculation:
    """The budget behind an outcome and its stated deviation ("493,9 mkr, vilket var 116,1 mkr bättre än budget").

    Notes
    -----
    For a cost, better than budget means lower than budget: budget = outcome + deviation.
    For an income it means higher: budget = outcome − deviation. Worse reverses both.

    Examples
    --------
    >>> out = Cell("t1.txt#text", "Bruttokostnad jan–apr", "Regionstaben", "493,9 mkr", Decimal("493.9"))
    >>> dev = Cell("t1.txt#text", "Avvikelse mot budget", "Regionstaben", "116,1 mkr", Decimal("116.1"))
    >>> budget_from_deviation(out, dev, "mkr", cost=True, better=True).steps[-1]
    'Budget: 493,9 + 116,1 = 610,0 mkr.'
    """
    same_document([outcome, deviation])
    value, gap = abs(cell_value(outcome)), abs(cell_value(deviation))
    plus = cost == better
    budget = value + gap if plus else value - gap
    word = "bättre" if better else "sämre"
    kind = "kostnad" if cost else "intäkt"
    steps = [
        *_source_steps([outcome, deviation]),
        f"Utfall: {outcome.raw}; {word} än budget med {deviation.raw}.",
        f"För en {kind} betyder {word} än budget att budgeten var {'högre' if plus else 'lägre'} än utfallet.",
        f"Budget: {format_number(value)} {'+' if plus else '-'} {format_number(gap)} = {_with(budget, unit)}.",
    ]
    return calculation("budget_from_deviation", budget, unit or "", steps, (outcome, deviation), {"cost": cost, "better": better})


def ceiling_visit(fee: Cell, ceiling: Cell) -> Calculation:
    """At which visit of a fixed fee the högkostnadsskydd is reached, and what that visit costs.

    Notes
    -----
    Visits cost the fee until the ceiling: the visit that would pass it costs only what
    is left up to the ceiling, and later visits in the period are free.

    Examples
    --------
    >>> fee = Cell("p.txt#tabell-13", "Vårdbesök", "Avgift", "300 kr", Decimal(300))
    >>> cap = Cell("p.txt#hogkostnadsskydd", "Högkostnadsskydd", "Avgift", "1 150 kr", Decimal(1150))
    >>> ceiling_visit(fee, cap).steps[-1]
    'Besök 4 når taket och kostar 1 150 - 900 = 250 kr; därefter är besöken avgiftsfria under perioden.'
    """
    same_document([fee, ceiling])
    price, cap = cell_value(fee), cell_value(ceiling)
    if price <= 0 or cap <= 0:
        raise InvalidInput("Avgift och tak måste vara positiva.")
    visit = int((cap / price).to_integral_value(rounding=ROUND_CEILING))
    paid_before = price * (visit - 1)
    last = cap - paid_before
    steps = [
        *_source_steps([fee, ceiling]),
        f"{_named(fee)}: {fee.raw}; {_named(ceiling)}: {ceiling.raw}.",
        f"{visit - 1} besök kostar {format_number(paid_before)} kr; ett besök till skulle ge "
        f"{format_number(paid_before + price)} kr, över taket {format_number(cap)} kr.",
        f"Besök {visit} når taket och kostar {format_number(cap)} - {format_number(paid_before)} = {format_number(last)} kr; "
        "därefter är besöken avgiftsfria under perioden.",
    ]
    return calculation(
        "ceiling_visit", {"visit": visit, "fee": last}, "kr", steps, (fee, ceiling), {"fee": price, "ceiling": cap}
    )


def _source_steps(cells: Sequence[Cell]) -> list[str]:
    """One "Källa" step per document the cells come from."""
    documents = list(dict.fromkeys(document_of(cell) for cell in cells))
    return [f"Källa: {document}." for document in documents]


def _named(cell: Cell) -> str:
    return f"{cell.row_label} ({cell.col_label})" if cell.col_label else cell.row_label


def _with(value: Decimal, unit: str | None) -> str:
    text = format_number(value)
    return f"{text} {unit}" if unit else text


def _with_raw(cell: Cell, unit: str | None) -> str:
    raw = cell.raw.strip()
    return raw if not unit or raw.endswith(unit) else f"{raw} {unit}"
