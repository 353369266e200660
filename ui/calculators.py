"""The Kalkyler page's data: restoration plan against scenario, personnel cost, patient fees, budget lines per year."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal

import pandas as pd

import calculators as calc
from calculators import Calculation, CalculationError
from ingest.models import Cell, Table

RESTORATION_ROWS = ("IB", "UB", "Årets resultat")
"""Rows that identify the restoration table (Tabell 3 of Regionplan och budget 2026–2028), as assistant/calculations.py."""
PERSONNEL_ROWS = ("Summa PO-pålägg",)
"""Row that identifies the PO-pålägg table used by the personnel cost calculator."""
YEAR = "År"
RESULT = "Årets resultat"
PLAN = "Plan"
SCENARIO = "Scenario"


def restoration_table(tables: Sequence[Table]) -> Table | None:
    """The newest document's restoration table, found as the assistant finds it for a question."""
    return calc.table_with_rows(tables, RESTORATION_ROWS)


def personnel_table(tables: Sequence[Table]) -> Table | None:
    """The newest document's PO-pålägg table."""
    return calc.table_with_rows(tables, PERSONNEL_ROWS)


def planned_results(table: Table, start: Mapping[int, object] | None = None) -> pd.DataFrame:
    """One row per plan year with the plan's result (the table's unit): the scenario fields' starting values.

    ``start`` (year → result) replaces the plan's figure for its years: a scenario kept in the session.
    """
    schedule = calc.restoration_plan(table).value
    results = [float((start or {}).get(year.year, year.result)) for year in schedule.years]
    return pd.DataFrame({YEAR: [year.year for year in schedule.years], RESULT: results})


def scenario_results(table: Table, edited: pd.DataFrame) -> dict[int, Decimal]:
    """The edited results that differ from the plan, by year: the ``results`` of ``restoration_plan``.

    Empty or unreadable cells keep the plan's figure.
    """
    planned = {year.year: year.result for year in calc.restoration_plan(table).value.years}
    changed: dict[int, Decimal] = {}
    for year, value in zip(edited[YEAR], edited[RESULT], strict=True):
        if pd.isna(value) or pd.isna(year) or int(year) not in planned:
            continue
        amount = Decimal(str(value)).normalize()
        if amount != planned[int(year)]:
            changed[int(year)] = amount
    return changed


def restoration_comparison(plan: Calculation, scenario: Calculation) -> pd.DataFrame:
    """Accumulated unrestored deficit (UB) per year, plan against scenario, indexed by year: chart and table."""
    rows = {year.year: {PLAN: float(year.closing)} for year in plan.value.years}
    for year in scenario.value.years:
        rows.setdefault(year.year, {})[SCENARIO] = float(year.closing)
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=[PLAN, SCENARIO])
    frame.index.name = YEAR
    return frame


def restored_text(plan: Calculation, scenario: Calculation) -> str:
    """The year the deficit is restored, in Swedish, for the plan and, if it differs, the scenario."""
    plan_text = f"Enligt planen: {plan.steps[-1]}"
    if not scenario.inputs.get("results"):
        return plan_text
    return f"{plan_text}\n\nMed dina resultat: {scenario.steps[-1]}"


FEE_ROW = "vårdbesök"
"""A fee table (Tabell 13 and 14 of Bilaga 4, Regionplan med budget 2020–2022) has a row naming vårdbesök."""
CEILING_ROW = "högkostnadsskydd"
BUDGET_ROWS = ("Verksamhetens nettokostnader", "Skatteintäkter", "Årets resultat")
"""Rows that identify the Resultatbudget (Tabell 4 of Regionplan och budget 2026–2028)."""
BUDGET_CAPTION = "Resultatbudget"
COLUMN = "Kolumn"


def fee_tables(tables: Sequence[Table]) -> list[Table]:
    """The newest document's patient fee tables (in kr, with a vårdbesök row), in document order."""
    found = [t for t in tables if t.unit == "kr" and any(FEE_ROW in row.lower() for row in t.rows)]
    if not found:
        return []
    newest = max(found, key=lambda table: _document_years(table))
    return [table for table in found if table.doc_id == newest.doc_id]


def fee_visit_types(tables: Sequence[Table]) -> dict[str, Decimal]:
    """Visit type (row label as printed) → its fee in kr, for the rows with exactly one fee."""
    types: dict[str, Decimal] = {}
    for table in tables:
        for row in table.rows:
            fees = [cell.value for cell in table.row(row) if cell.value is not None]
            if len(fees) == 1:
                types[row] = fees[0]
    return types


def ceiling_cell(tables: Sequence[Table], doc_id: str | None = None) -> Cell | None:
    """The högkostnadsskydd öppenvård (12-månadersperiod) cell, from ``doc_id`` when given, as assistant/calculations.py."""
    for table in tables:
        if doc_id is not None and table.doc_id != doc_id:
            continue
        for cell in table.cells:
            label = cell.row_label.lower()
            if CEILING_ROW in label and ("öppenvård" in label or "12" in label) and cell.value is not None:
                return cell
    return None


def fee_source_text(tables: Sequence[Table]) -> str:
    """Where the fees come from: "Avgifterna är från Regionplan med budget 2020–2022 (Tabell 13, Tabell 14)"."""
    titles = list(dict.fromkeys(table.doc_title for table in tables))
    names = ", ".join(calc.table_name(table) for table in tables)
    return f"Avgifterna är från {' och '.join(titles)} ({names})."


def budget_table(tables: Sequence[Table]) -> Table | None:
    """The newest document's Resultatbudget (Tabell 4 of Regionplan och budget 2026–2028).

    A table captioned just "Resultatbudget" before the long-term one (Tabell 2, "Långsiktig Resultatbudget till år 2030").
    """
    named = [table for table in tables if table.caption.strip().rstrip(".").endswith(BUDGET_CAPTION)]
    return calc.table_with_rows(named, BUDGET_ROWS) or calc.table_with_rows(tables, BUDGET_ROWS)


def budget_rows(table: Table) -> list[str]:
    """The Resultatbudget's rows with a figure for every year, in the table's order."""
    rows = []
    for row in table.rows:
        try:
            calc.year_cells(table, row)
        except CalculationError:
            continue
        rows.append(row)
    return rows


def budget_series(table: Table, row: str) -> pd.DataFrame:
    """One budget line over the years, indexed by year as text ("2027", so a chart's axis reads it as a label).

    Columns: the table's column for the year ("Budget 2026", "Plan 2027") and the figure in the table's unit.
    """
    cells = calc.year_cells(table, row)
    frame = pd.DataFrame(
        {COLUMN: [cell.col_label for cell in cells.values()], row: [float(cell.value) for cell in cells.values()]},
        index=pd.Index([str(year) for year in cells], name=YEAR),
    )
    return frame


def _document_years(table: Table) -> tuple[int, str]:
    found = [int(year) for year in re.findall(r"\b(?:19|20)\d{2}\b", table.doc_title)]
    return (max(found) if found else 0, table.doc_id)


def kronor(value: Decimal) -> str:
    """Whole kronor as the documents print them: "1 150 kr"."""
    return f"{int(value.quantize(Decimal(1))):,} kr".replace(",", " ")
