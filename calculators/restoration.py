"""Återställande av negativt balanskravsresultat: rolling the unrestored deficit forward year by year.

The restoration table (Regionplan 2026–2028, Tabell 3) has three rows: IB
(ackumulerade ej återställda negativa resultat), årets resultat and UB, one
column per year. Every calculation here starts from the IB of the first plan
year and adds each year's result: UB = IB + årets resultat, next IB = UB.
In the examples, ``tabell_3`` is that table as parsed (see ``calculators/conftest.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import NoReturn

from ingest.models import Cell, Table

from ._build import calculation, source_step
from ._numbers import as_decimal, divide, format_number, signed, with_unit
from .errors import InvalidInput, MissingFigure, UnknownYear
from .lookup import figure, find_column, find_row, table_name, years
from .models import Calculation

OPENING_ROW = "IB"
"""Prefix of the row with the opening unrestored deficit ("IB ackumulerade ej återställda negativa resultat*")."""
RESULT_ROW = "Årets resultat"
"""Prefix of the row with each year's planned result."""
CLOSING_ROW = "UB"
"""Prefix of the row with the closing unrestored deficit, used only to check the arithmetic."""
PLAN_KINDS = ("plan", "budget")

Results = Mapping[int, Decimal | int]
"""Replacement results by year, e.g. ``{2027: Decimal("100")}``, in the table's unit."""


@dataclass(frozen=True)
class RestorationYear:
    """One year of the schedule: IB, årets resultat and UB (negative = unrestored deficit).

    ``replaced`` is true when the result is the caller's what-if, not the plan's.
    """

    year: int
    opening: Decimal
    result: Decimal
    closing: Decimal
    replaced: bool = False


@dataclass(frozen=True)
class RestorationSchedule:
    """The whole schedule, the year from which the deficit stays restored, and what remains after the last year."""

    years: tuple[RestorationYear, ...]
    restored_in: int | None
    remaining: Decimal


def restoration_plan(table: Table, results: Results | None = None, *, start_year: int | None = None) -> Calculation:
    """Roll the unrestored deficit forward through the plan years, optionally with replaced results.

    Parameters
    ----------
    table : Table
        The restoration table (Tabell 3): rows IB, Årets resultat (and UB), one column per year.
    results : mapping of int to Decimal, optional
        What-if results replacing the plan's for some years, in the table's unit.
    start_year : int, optional
        The year whose IB opens the schedule; default the first Plan/Budget column.

    Returns
    -------
    Calculation
        ``value`` is a ``RestorationSchedule``; one step per year.

    Notes
    -----
    Balanskravet: "ett negativt resultat för ett räkenskapsår ska regleras under
    de närmast följande tre åren" unless fullmäktige invokes *synnerliga skäl*,
    as the region has, restoring "fram till och med år 2030". Each year
    UB = IB + årets resultat and the next IB is this UB. The deficit counts as
    restored (*återställt*) from the first year after which UB stays at or above
    zero to the end of the plan. The first plan year's IB is taken from the table
    (2026: −1 005 mkr = UB 2025, the prognosis year).

    Examples
    --------
    >>> plan = restoration_plan(tabell_3)
    >>> [str(year.closing) for year in plan.value.years]
    ['-1005', '-745', '-482', '-214', '55']
    >>> plan.value.restored_in
    2030
    >>> plan.steps[-1]
    'Underskottet är återställt 2030 (UB 55 mkr).'
    """
    schedule, sources, steps = _roll(table, results, start_year)
    return _calculation(
        "restoration_plan", table, schedule, table.unit or "", [*steps, _conclusion(schedule, table.unit)], sources, results
    )


def accumulated_deficit(table: Table, year: int, results: Results | None = None, *, start_year: int | None = None) -> Calculation:
    """The accumulated unrestored deficit (UB) at the end of ``year``.

    Parameters
    ----------
    table : Table
        The restoration table (Tabell 3).
    year : int
        A plan year in the table.
    results, start_year
        As for ``restoration_plan``.

    Returns
    -------
    Calculation
        ``value`` is the UB of ``year`` (negative = still unrestored), in the table's unit.

    Notes
    -----
    *Ackumulerade ej återställda negativa resultat* at year end: the first plan
    year's IB plus every result up to and including ``year``.

    Examples
    --------
    >>> accumulated_deficit(tabell_3, 2028).value
    Decimal('-482')
    >>> accumulated_deficit(tabell_3, 2029).steps[-1]
    'UB 2029: -214 mkr ej återställt.'
    """
    schedule, sources, steps = _roll(table, results, start_year)
    row = _year_row(table, schedule, year)
    sources = tuple(cell for cell in sources if cell.year is None or cell.year <= year)
    state = "ej återställt" if row.closing < 0 else "återställt"
    conclusion = f"UB {year}: {with_unit(row.closing, table.unit)} {state}."
    steps = steps[: 3 + schedule.years.index(row)]
    return _calculation("accumulated_deficit", table, row.closing, table.unit or "", [*steps, conclusion], sources, results)


def restoration_year(table: Table, results: Results | None = None, *, start_year: int | None = None) -> Calculation:
    """The year from which the deficit is restored (UB ≥ 0 to the end of the plan), or None.

    Parameters
    ----------
    table : Table
        The restoration table (Tabell 3).
    results, start_year
        As for ``restoration_plan``.

    Returns
    -------
    Calculation
        ``value`` is the year (int) or ``None`` when the deficit is not restored within the plan.

    Notes
    -----
    *Återställt år*: the first year whose UB is at or above zero and stays there
    to the end of the plan. A higher result in any year can only move it earlier.

    Examples
    --------
    >>> from decimal import Decimal
    >>> restoration_year(tabell_3).value
    2030
    >>> restoration_year(tabell_3, {2027: Decimal("100")}).value is None
    True
    """
    plan = restoration_plan(table, results, start_year=start_year)
    schedule = plan.value
    return _calculation("restoration_year", table, schedule.restored_in, "år", plan.steps, plan.sources, results)


def remaining_deficit(table: Table, results: Results | None = None, *, start_year: int | None = None) -> Calculation:
    """What is still unrestored after the plan's last year (0 when it is restored).

    Parameters
    ----------
    table : Table
        The restoration table (Tabell 3).
    results, start_year
        As for ``restoration_plan``.

    Returns
    -------
    Calculation
        ``value`` is the unrestored amount as a positive number, 0 if UB of the last year ≥ 0.

    Notes
    -----
    *Kvarstående ej återställt underskott*: −UB of the last plan year when it is
    negative. The steps show the UB itself, so a surplus (UB 55 mkr) is visible.

    Examples
    --------
    >>> from decimal import Decimal
    >>> remaining_deficit(tabell_3, {2027: Decimal("100")}).value
    Decimal('105')
    >>> remaining_deficit(tabell_3, {2026: Decimal("-230")}).steps[-1]
    'Underskottet är inte återställt: efter 2030 återstår 175 mkr.'
    """
    plan = restoration_plan(table, results, start_year=start_year)
    value = plan.value.remaining
    return _calculation("remaining_deficit", table, value, plan.unit, plan.steps, plan.sources, results)


def even_surplus_needed(
    table: Table,
    target_year: int,
    *,
    from_year: int | None = None,
    results: Results | None = None,
    start_year: int | None = None,
) -> Calculation:
    """The equal yearly result needed from ``from_year`` to restore the deficit by ``target_year``.

    Parameters
    ----------
    table : Table
        The restoration table (Tabell 3).
    target_year : int
        The last year of restoration, a plan year in the table.
    from_year : int, optional
        The first year with the equal result; default the first plan year. Years
        before it keep the plan's (or the replaced) results.
    results, start_year
        As for ``restoration_plan``.

    Returns
    -------
    Calculation
        ``value`` is the yearly result in the table's unit (0 if nothing is left to restore).

    Notes
    -----
    *Jämnt fördelat återställande*: the deficit at the start of ``from_year``
    divided by the number of years up to and including ``target_year``. A
    quotient that does not end is rounded up in its 28th digit, so the yearly
    results always restore the whole deficit.

    Examples
    --------
    >>> even_surplus_needed(tabell_3, 2030).value
    Decimal('201')
    >>> even_surplus_needed(tabell_3, 2030, from_year=2027).steps[-1]
    'Återställt 2030 kräver 1 005 / 4 år = 251,25 mkr per år 2027–2030.'
    """
    schedule, sources, steps = _roll(table, results, start_year)
    first = from_year if from_year is not None else schedule.years[0].year
    _check_span(table, schedule, first, target_year)
    opening = _year_row(table, schedule, first).opening
    count = target_year - first + 1
    needed = divide(-opening, Decimal(count), round_up=True) if opening < 0 else Decimal(0)
    _check_not_replaced(results, first)
    year_steps = steps[2 : 2 + len(schedule.years)]
    kept = [step for step, row in zip(year_steps, schedule.years, strict=True) if row.year < first]
    unit = table.unit or ""
    conclusion = _even_conclusion(opening, count, needed, first, target_year, unit)
    opening_step = [f"IB {first}: {with_unit(opening, table.unit)}."] if kept else []  # else steps[1] states it
    head = [*steps[:2], *kept, *opening_step, conclusion]
    # The opening IB is always used; so are the plan results of the years before ``first``.
    used = (sources[0], *(cell for cell in sources[1:] if cell.year is None or cell.year < first))
    inputs = {"target_year": target_year, "from_year": first}
    return _calculation("even_surplus_needed", table, needed, unit, head, used, results, inputs)


def extra_needed(table: Table, target_year: int, *, from_year: int, results: Results | None = None) -> Calculation:
    """How much larger the results ``from_year``–``target_year`` must be, in total and per year, than the plan's
    for the deficit to be restored by the end of ``target_year``.

    Notes
    -----
    The plan's UB at the end of ``target_year`` is what is still unrestored then; the
    results of the years up to it must together be that much larger (*jämfört med planen*),
    and spread evenly each year carries an equal share.

    Examples
    --------
    >>> calc = extra_needed(tabell_3, 2029, from_year=2027)
    >>> calc.value["total"], calc.steps[-1]
    (Decimal('214'), 'Jämnt fördelat: 214 / 3 år ≈ 71,34 mkr mer per år 2027–2029 (avrundat uppåt).')
    """
    schedule, sources, steps = _roll(table, results, None)
    _check_span(table, schedule, from_year, target_year)
    closing = _year_row(table, schedule, target_year).closing
    total = -closing if closing < 0 else Decimal(0)
    count = target_year - from_year + 1
    exact = divide(total, Decimal(count))
    # Rounded up to the hundredth shown, so that the years together restore all of it (214 / 3 → 71,34).
    per_year = exact.quantize(Decimal("0.01"), rounding=ROUND_CEILING)
    unit = table.unit or ""
    year_steps = steps[2 : 2 + len(schedule.years)]
    kept = [step for step, row in zip(year_steps, schedule.years, strict=True) if row.year <= target_year]
    conclusion = [
        f"UB {target_year} enligt planen: {with_unit(closing, table.unit)}; resultaten {from_year}–{target_year} måste "
        f"sammanlagt bli {with_unit(total, table.unit)} större för att underskottet ska vara återställt {target_year}.",
        f"Jämnt fördelat: {format_number(total)} / {count} år {'=' if per_year == exact else '≈'} "
        f"{format_number(per_year, 2)} {unit} mer per år {from_year}–{target_year}"
        f"{'' if per_year == exact else ' (avrundat uppåt)'}.".replace("  ", " "),
    ]
    used = tuple(cell for cell in sources if cell.year is None or cell.year <= target_year)
    value = {"total": total, "per_year": per_year}
    inputs = {"target_year": target_year, "from_year": from_year}
    return _calculation("extra_needed", table, value, unit, [*steps[:2], *kept, *conclusion], used, results, inputs)


def _roll(
    table: Table, results: Results | None, start_year: int | None
) -> tuple[RestorationSchedule, tuple[Cell, ...], list[str]]:
    """The schedule, the cells it used and its steps (source, opening, one per year, table checks)."""
    plan_years = _plan_years(table, start_year)
    replaced = _replacements(table, results, plan_years)
    opening_cell = figure(table, OPENING_ROW, plan_years[0])
    balance, rows, sources = opening_cell.value, [], [opening_cell]
    steps = [source_step(table), f"IB {plan_years[0]} ({_label(table, OPENING_ROW)}): {with_unit(balance, table.unit)}."]
    for year in plan_years:
        planned = figure(table, RESULT_ROW, year)
        result = replaced.get(year, planned.value)
        if year not in replaced:
            sources.append(planned)
        rows.append(RestorationYear(year, balance, result, balance + result, year in replaced))
        steps.append(_year_step(rows[-1], planned, table.unit))
        balance += result
    schedule = RestorationSchedule(tuple(rows), _restored_in(rows), max(-balance, Decimal(0)))
    return schedule, tuple(sources), steps + _check_steps(table, schedule)


def _plan_years(table: Table, start_year: int | None) -> tuple[int, ...]:
    all_years = years(table)
    if start_year is None:
        planned = [year for year in all_years if _kind(table, year) in PLAN_KINDS]
        start_year = planned[0] if planned else all_years[0]
    if start_year not in all_years:
        find_column(table, start_year)  # raises UnknownYear naming the table's years
    return tuple(year for year in all_years if year >= start_year)


def _kind(table: Table, year: int) -> str:
    cell = figure(table, RESULT_ROW, year)
    return (cell.kind or "").casefold()


def _replacements(table: Table, results: Results | None, plan_years: tuple[int, ...]) -> dict[int, Decimal]:
    replaced: dict[int, Decimal] = {}
    for year, value in (results or {}).items():
        if year not in plan_years:
            _outside_plan(table, year, plan_years, f"Årets resultat {year} kan inte ersättas")
        replaced[year] = as_decimal(value, f"Årets resultat {year}")
    return replaced


def _outside_plan(table: Table, year: object, plan_years: tuple[int, ...], reason: str) -> NoReturn:
    """A year outside the calculation: InvalidInput if the table has it (start earlier), else UnknownYear."""
    span = f"{plan_years[0]}–{plan_years[-1]}"
    if isinstance(year, int) and year in years(table):
        raise InvalidInput(
            f"{reason}: beräkningen börjar med IB {plan_years[0]} i {table_name(table)}; "
            f"ange start_year={year} för att räkna från {year}."
        )
    raise UnknownYear(f"Året {year} finns inte i {table_name(table)} ({span}); välj ett år inom planens period.")


def _year_step(row: RestorationYear, planned: Cell, unit: str | None) -> str:
    note = f" (i stället för planens {format_number(planned.value)})" if row.replaced else ""
    closing = with_unit(row.closing, unit)
    return f"{row.year}: {format_number(row.opening)} {signed(row.result)}{note} = {closing} (UB)."


def _check_steps(table: Table, schedule: RestorationSchedule) -> list[str]:
    """Where the table's own UB first differs from IB + result, say so: the document may not add up."""
    try:
        closing_row = find_row(table, CLOSING_ROW)
    except MissingFigure:  # no UB row: nothing to check against
        return []
    for row in schedule.years:
        if row.replaced:
            return []
        cell = table.cell(closing_row, find_column(table, row.year))
        if cell is not None and cell.value is not None and cell.value != row.closing:
            return [
                f"Obs: {table_name(table)} anger UB {row.year} = {format_number(cell.value)}, men IB + årets resultat "
                f"ger {format_number(row.closing)}; följande år skiljer sig lika mycket från tabellens UB."
            ]
    return []


def _restored_in(rows: list[RestorationYear]) -> int | None:
    restored = None
    for row in reversed(rows):
        if row.closing < 0:
            break
        restored = row.year
    return restored


def _conclusion(schedule: RestorationSchedule, unit: str | None) -> str:
    last = schedule.years[-1]
    if schedule.restored_in is not None:
        return f"Underskottet är återställt {schedule.restored_in} (UB {with_unit(last.closing, unit)})."
    return f"Underskottet är inte återställt: efter {last.year} återstår {with_unit(schedule.remaining, unit)}."


def _year_row(table: Table, schedule: RestorationSchedule, year: int) -> RestorationYear:
    for row in schedule.years:
        if row.year == year:
            return row
    plan_years = tuple(row.year for row in schedule.years)
    _outside_plan(table, year, plan_years, f"Året {year} ligger utanför beräkningen")


def _check_span(table: Table, schedule: RestorationSchedule, first: int, target: int) -> None:
    _year_row(table, schedule, first)
    _year_row(table, schedule, target)
    if target < first:
        raise InvalidInput(f"Målåret {target} ligger före startåret {first}; välj ett målår från och med {first}.")


def _check_not_replaced(results: Results | None, first: int) -> None:
    clashing = sorted(year for year in (results or {}) if year >= first)
    if clashing:
        raise InvalidInput(
            f"Årets resultat {clashing[0]} ersätts av det jämna överskottet från {first}; "
            f"ange bara ersatta resultat för år före {first}."
        )


def _even_conclusion(opening: Decimal, count: int, needed: Decimal, first: int, target: int, unit: str) -> str:
    if opening >= 0:
        return f"Inget underskott återstår vid ingången av {first}; inget överskott behövs."
    per_year = f"{format_number(needed)} {unit}".strip()
    return f"Återställt {target} kräver {format_number(-opening)} / {count} år = {per_year} per år {first}–{target}."


def _label(table: Table, prefix: str) -> str:
    label = find_row(table, prefix)
    return " ".join(label.replace("*", " ").split()[1:]) or label


def _calculation(
    name: str,
    table: Table,
    value: object,
    unit: str,
    steps: list[str] | tuple[str, ...],
    sources: tuple[Cell, ...],
    results: Results | None,
    inputs: dict | None = None,
) -> Calculation:
    arguments = dict(inputs or {})
    if results:
        arguments["results"] = {year: as_decimal(value, f"Årets resultat {year}") for year, value in results.items()}
    return calculation(name, value, unit, steps, sources, arguments, table=table)
