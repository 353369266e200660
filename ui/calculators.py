"""The Kalkyler page's data: the restoration plan as an editable frame, plan against scenario, personnel cost."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import pandas as pd

import calculators as calc
from assistant.calculate import table_with_rows
from calculators import Calculation
from ingest.models import Table

RESTORATION_ROWS = ("IB", "UB", "Årets resultat")
"""Rows that identify the restoration table (Tabell 3 of Regionplan och budget 2026–2028), as assistant/calculate.py."""
PERSONNEL_ROWS = ("Summa PO-pålägg",)
"""Row that identifies the PO-pålägg table used by the personnel cost calculator."""
YEAR = "År"
RESULT = "Årets resultat"
PLAN = "Plan"
SCENARIO = "Scenario"


def restoration_table(tables: Sequence[Table]) -> Table | None:
    """The newest document's restoration table, found as the assistant finds it for a question."""
    return table_with_rows(tables, RESTORATION_ROWS)


def personnel_table(tables: Sequence[Table]) -> Table | None:
    """The newest document's PO-pålägg table."""
    return table_with_rows(tables, PERSONNEL_ROWS)


def planned_results(table: Table) -> pd.DataFrame:
    """One row per plan year with the plan's result (the table's unit): the data editor's starting values."""
    schedule = calc.restoration_plan(table).value
    return pd.DataFrame({YEAR: [year.year for year in schedule.years], RESULT: [float(year.result) for year in schedule.years]})


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
