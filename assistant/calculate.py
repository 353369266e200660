"""Numeric questions → the right calculator over the right parsed table.

Recognises what is asked (restoration of the deficit, a change between years,
a share, personnel cost, patient fees, a deviation from budget), picks the
table that holds the figures, and calls the pure calculator. It never computes
anything itself, and returns ``None`` when no calculator fits, so the caller
falls back to cited passages rather than inventing a figure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

import calculators as calc
from assistant.params import MAX_CHARS, Parameters, extract_parameters, results_by_year
from calculators import Calculation, CalculationError
from index.analysis import stems
from ingest.models import Cell, Passage, Table
from ingest.numbers import parse_number
from ingest.text import years_in

RESTORATION = re.compile(r"underskott|återställ", re.IGNORECASE)
PERSONNEL = re.compile(r"medarbetare|anställd|årslön|månadslön|po-pålägg|personalkostnad", re.IGNORECASE)
FEES = re.compile(r"vårdbesök|receptförnyelse|patientavgift|betalar jag|besök", re.IGNORECASE)
SHARE = re.compile(r"\bandel\b|hur många procent", re.IGNORECASE)
DEVIATION = re.compile(
    r"(dyrare|billigare|mer|mindre|högre|lägre) än (budget|budgeterat)|avvik\w* (från|mot) budget", re.IGNORECASE
)
CHANGE = re.compile(r"\b(ök|minsk|förändr|skillnad|stig|sjunk)\w*", re.IGNORECASE)
WHEN_RESTORED = re.compile(r"vilket år|när (är|blir)", re.IGNORECASE)
REMAINING = re.compile(r"återstår|kvar|\båterställt\b|täcka", re.IGNORECASE)
NEEDED = re.compile(r"(krävs|behövs|måste)\b.*\b(per år|årligen|varje år)|(per år|årligen).*(krävs|behövs)", re.IGNORECASE)
SENSITIVITY = re.compile(r"\bom\b.*kostnader\w* (ökar|minskar|stiger|sjunker)", re.IGNORECASE)
TAX = re.compile(r"skatteöre|\böre\b|skattesats|utdebitering", re.IGNORECASE)
# The tax rate is stated in the plans' text ("bygger på en utdebitering på 11,70 kronor"), not in a table.
TAX_RATE = re.compile(r"utdebitering på (\d{1,2},\d{2}) kr", re.IGNORECASE)


def calculate(question: str, tables: Sequence[Table], passages: Sequence[Passage] = ()) -> Calculation | None:
    """Answer a numeric question with a calculator, or ``None`` if none applies.

    ``passages`` supply figures the documents state in running text (the tax rate).
    Raises CalculationError (with a Swedish message) when a calculator applies
    but the figures it needs are missing or the input is unusable.
    """
    question = question[:MAX_CHARS]  # as the engine cuts it; NEEDED and SENSITIVITY are quadratic on long input
    parameters = extract_parameters(question)
    if TAX.search(question):
        return _tax(parameters, tables, passages)
    for matches, handler in HANDLERS:
        if matches(question):
            result = handler(question, parameters, tables)
            if result is not None:
                return result
    return None


def _tax(parameters: Parameters, tables: Sequence[Table], passages: Sequence[Passage]) -> Calculation | None:
    """What one öre (or the asked number of öre) of the tax rate yields, from the newest plan."""
    rate = _stated_tax_rate(passages)
    table = _table_with_rows(tables, ("Skatteintäkter",), parameters.years[0] if parameters.years else None)
    if rate is None or table is None:
        return None
    income = calc.figure(table, "Skatteintäkter", parameters.years[0] if parameters.years else _first_plan_year(table))
    ore = parameters.counts.get("öre")
    if ore:
        return calc.tax_change_effect(income, rate, ore)
    return calc.tax_per_ore(income, rate)


def _stated_tax_rate(passages: Sequence[Passage]) -> Cell | None:
    """The tax rate as the newest document states it, as a cell pointing at its passage."""
    found = [(passage, match) for passage in passages if (match := TAX_RATE.search(passage.text))]
    if not found:
        return None
    passage, match = max(found, key=lambda item: max(years_in(item[0].doc_title) or (0,)))
    return Cell(
        table_id=f"{passage.doc_id}#text",
        row_label="Utdebitering (skattesats)",
        col_label=passage.doc_title,
        raw=match.group(1),
        value=parse_number(match.group(1)),
        page=passage.page,
        source_line=passage.source_lines[0],
    )


def _first_plan_year(table: Table) -> int:
    """The first year the table only plans (after its last Utfall or Prognos year)."""
    known = [cell.year for cell in table.cells if cell.kind in ("Utfall", "Prognos") and cell.year]
    planned = [cell.year for cell in table.cells if cell.kind in ("Budget", "Plan") and cell.year]
    later = [year for year in planned if year > max(known, default=0)]
    return min(later or planned or calc.years(table))


def _sensitivity(question: str, parameters: Parameters, tables: Sequence[Table]) -> Calculation | None:
    if not parameters.percents:
        return None
    year = parameters.years[0] if parameters.years else None
    table = _table_with_rows(tables, ("Verksamhetens kostnader", "Årets resultat"), year)
    if table is None:
        return None
    percent = parameters.percents[0]
    if re.search(r"minskar|sjunker", question, re.IGNORECASE):
        percent = -abs(percent)
    return calc.cost_sensitivity(table, year or _first_plan_year(table), percent)


def _restoration(question: str, parameters: Parameters, tables: Sequence[Table]) -> Calculation | None:
    table = _table_with_rows(tables, ("IB", "UB", "Årets resultat"))
    if table is None:
        return None
    results = {year: Decimal(value) for year, value in results_by_year(question).items()}
    if parameters.years and not set(parameters.years) & set(calc.years(table)):
        return None  # a deficit in other years (the regions' 2023 deficit) is a question for the text
    if NEEDED.search(question) and parameters.years:
        return calc.even_surplus_needed(table, max(parameters.years), results=results or None)
    if WHEN_RESTORED.search(question):
        return calc.restoration_year(table, results or None)
    if REMAINING.search(question) and (results or "efter" in question.lower()):
        return calc.remaining_deficit(table, results or None)
    asked = [year for year in parameters.years if year not in results]
    if asked:
        return calc.accumulated_deficit(table, max(asked), results or None)
    return calc.remaining_deficit(table, results or None)


def _personnel(question: str, parameters: Parameters, tables: Sequence[Table]) -> Calculation | None:
    salary = parameters.annual_salary or parameters.monthly_salary
    table = _table_with_rows(tables, ("Summa PO-pålägg",))
    if salary is None or table is None:
        return None
    year = max(parameters.years) if parameters.years else max(calc.years(table))
    period = "month" if parameters.monthly_salary is not None else "year"
    return calc.personnel_cost(table, salary, year, period=period)


def _fees(question: str, parameters: Parameters, tables: Sequence[Table]) -> Calculation | None:
    fee_tables = [table for table in tables if table.unit == "kr" and _fee_rows(table)]
    ceiling = _ceiling_cell(tables)
    if not fee_tables or ceiling is None or not parameters.counts:
        return None
    visits: dict[str, int] = {}
    for noun, count in parameters.counts.items():
        row = _best_fee_row(fee_tables, noun, question)
        if row is not None:
            visits[row] = visits.get(row, 0) + count
    if not visits:
        return None
    return calc.patient_fees(visits, fee_tables, ceiling)


def _share(question: str, parameters: Parameters, tables: Sequence[Table]) -> Calculation | None:
    if not parameters.years:
        return None
    year = max(parameters.years)
    words = set(stems(question))
    if {"årets", "resultat"} <= {w for w in words} or "skatteintäk" in " ".join(words):
        table = _table_with_rows(tables, ("Årets resultat", "Skatteintäkter", "Generella statsbidrag"), year)
        if table is not None:
            return calc.result_ratio(table, year)
    return None


def _deviation(question: str, parameters: Parameters, tables: Sequence[Table]) -> Calculation | None:
    candidates = [table for table in tables if _has_columns(table, ("Ack utfall", "Ack budget"))]
    match = _best_row(candidates, question)
    if match is None:
        return None
    table, row = match
    return calc.change(table, row, "Ack budget", "Ack utfall")


def _change(question: str, parameters: Parameters, tables: Sequence[Table]) -> Calculation | None:
    years = parameters.years
    if len(years) < 2:
        return None
    start, end = min(years), max(years)
    candidates = [table for table in tables if {start, end} <= set(calc.years(table))]
    match = _best_row(candidates, question)
    if match is None:
        return None
    table, row = match
    return calc.change(table, row, start, end)


HANDLERS = (
    (RESTORATION.search, _restoration),
    (PERSONNEL.search, _personnel),
    (FEES.search, _fees),
    (SENSITIVITY.search, _sensitivity),
    (SHARE.search, _share),
    (DEVIATION.search, _deviation),
    (CHANGE.search, _change),
)


def table_with_rows(tables: Sequence[Table], rows: Sequence[str], year: int | None = None) -> Table | None:
    """The newest document's table holding all ``rows`` (and ``year``, if given); the app finds its tables so too."""
    return _table_with_rows(tables, rows, year)


def _table_with_rows(tables: Sequence[Table], rows: Sequence[str], year: int | None = None) -> Table | None:
    """The newest document's table holding all ``rows`` (and ``year``, if given)."""
    found = [table for table in tables if all(_has_row(table, row) for row in rows)]
    if year is not None:
        found = [table for table in found if year in calc.years(table)]
    return max(found, key=_recency, default=None)


def _has_row(table: Table, label: str) -> bool:
    try:
        calc.find_row(table, label)
    except CalculationError:
        return False
    return True


def _has_columns(table: Table, labels: Sequence[str]) -> bool:
    columns = {column.lower() for column in table.columns}
    return all(label.lower() in columns for label in labels)


def _recency(table: Table) -> tuple[int, int]:
    """Newer documents first; within one, the table with more columns (the fuller statement)."""
    return (table.document_year, len(table.columns))


def _best_row(tables: Sequence[Table], question: str) -> tuple[Table, str] | None:
    """The table row whose label shares most stems with the question (newest document on ties)."""
    wanted = set(stems(question))
    best: tuple[tuple[float, tuple[int, int]], Table, str] | None = None
    for table in tables:
        for row in table.rows:
            label = set(stems(row))
            if not label:
                continue
            overlap = len(wanted & label) / len(label)
            if overlap < 0.5:
                continue
            key = (overlap, _recency(table))
            if best is None or key > best[0]:
                best = (key, table, row)
    return None if best is None else (best[1], best[2])


def _fee_rows(table: Table) -> bool:
    return any("besök" in row.lower() or "avgift" in row.lower() for row in table.rows)


def _best_fee_row(tables: Sequence[Table], noun: str, question: str) -> str | None:
    """The fee row a counted noun refers to: rows naming it, the one sharing most words with the question."""
    noun_stem = stems(noun)[0] if stems(noun) else noun
    wanted = set(stems(question))
    rows = [row for table in tables for row in table.rows if noun_stem in row.lower()]
    if not rows:
        return None
    return max(rows, key=lambda row: (len(wanted & set(stems(row))) / max(1, len(stems(row))), -len(row)))


def _ceiling_cell(tables: Sequence[Table]):
    for table in sorted(tables, key=_recency, reverse=True):
        for cell in table.cells:
            label = cell.row_label.lower()
            if "högkostnadsskydd" in label and ("öppenvård" in label or "12" in label) and cell.value is not None:
                return cell
    return None
