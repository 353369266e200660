"""The Kalkyler page's pure helpers over the parsed tables: restoration (Tabell 3), PO-pålägg, fees, Resultatbudget."""

from __future__ import annotations

from decimal import Decimal

import pytest

import calculators as calc
from ui.calculators import (
    COLUMN,
    PLAN,
    RESULT,
    SCENARIO,
    budget_rows,
    budget_series,
    budget_table,
    ceiling_cell,
    fee_source_text,
    fee_tables,
    fee_visit_types,
    kronor,
    personnel_table,
    planned_results,
    restoration_comparison,
    restoration_table,
    restored_text,
    scenario_results,
)


@pytest.fixture(scope="module")
def tables(seed_assistant):
    return seed_assistant.tables


@pytest.fixture(scope="module")
def tabell_3(tables):
    return restoration_table(tables)


def test_finds_tabell_3_of_the_newest_plan(tabell_3):
    assert tabell_3.doc_id == "regionplan-och-budget-2026-2028.txt"
    assert calc.table_name(tabell_3) == "Tabell 3"


def test_planned_results_per_year(tabell_3):
    frame = planned_results(tabell_3)
    # Regionplan och budget 2026–2028, tabell 3: årets resultat 2026–2030
    assert frame.values.tolist() == [[2026, 0.0], [2027, 260.0], [2028, 263.0], [2029, 268.0], [2030, 269.0]]


def test_unchanged_editor_means_no_scenario(tabell_3):
    assert scenario_results(tabell_3, planned_results(tabell_3)) == {}


def test_edited_years_become_results(tabell_3):
    edited = planned_results(tabell_3)
    edited.loc[edited["År"] == 2027, RESULT] = 100.0
    edited.loc[edited["År"] == 2029, RESULT] = float("nan")  # an emptied cell keeps the plan's figure
    assert scenario_results(tabell_3, edited) == {2027: Decimal("100")}


def test_comparison_and_restored_year(tabell_3):
    plan = calc.restoration_plan(tabell_3)
    scenario = calc.restoration_plan(tabell_3, results={2027: Decimal("100")})
    frame = restoration_comparison(plan, scenario)
    # Regionplan och budget 2026–2028, tabell 3: UB -1 005, -745, -482, -214, 55; with 100 in 2027 each UB from 2027 is 160 lower
    assert frame[PLAN].tolist() == [-1005.0, -745.0, -482.0, -214.0, 55.0]
    assert frame[SCENARIO].tolist() == [-1005.0, -905.0, -642.0, -374.0, -105.0]
    assert frame.index.tolist() == [2026, 2027, 2028, 2029, 2030]
    assert restored_text(plan, scenario) == (
        "Enligt planen: Underskottet är återställt 2030 (UB 55 mkr).\n\n"
        "Med dina resultat: Underskottet är inte återställt: efter 2030 återstår 105 mkr."
    )


def test_restored_text_without_scenario(tabell_3):
    plan = calc.restoration_plan(tabell_3)
    assert restored_text(plan, plan) == "Enligt planen: Underskottet är återställt 2030 (UB 55 mkr)."


def test_personnel_table_has_po_rates(tables):
    table = personnel_table(tables)
    # Regionplan och budget 2026–2028: Summa PO-pålägg 2026 is 45,82 %
    assert calc.personnel_cost(table, 40000, 2026, period="month").steps[-1] == (
        "Lönekostnad inklusive PO-pålägg 2026: 480 000 × 1,4582 = 699 936 kr."
    )


def test_fee_tables_visit_types_and_ceiling(tables):
    fees = fee_tables(tables)
    # Regionplan med budget 2020–2022, Bilaga 4: Tabell 13 (enhetstaxa 300 kr) and Tabell 14 (undantag)
    assert [calc.table_name(table) for table in fees] == ["Tabell 13", "Tabell 14"]
    types = fee_visit_types(fees)
    assert types["Vårdbesök oavsett vårdgivarkategori"] == Decimal("300")
    assert types["Receptförnyelse per telefon/elektroniskt"] == Decimal("150")
    ceiling = ceiling_cell(tables, fees[0].doc_id)
    assert ceiling.value == Decimal("1150")
    assert fee_source_text(fees) == "Avgifterna är från Regionplan med budget 2020–2022 (Tabell 13, Tabell 14)."
    visits = {"Vårdbesök oavsett vårdgivarkategori": 3, "Receptförnyelse per telefon/elektroniskt": 1}
    assert calc.patient_fees(visits, fees, ceiling).steps[-1] == "Att betala: 1 050 kr."
    assert kronor(ceiling.value) == "1 150 kr"


def test_budget_lines_per_year(tables):
    table = budget_table(tables)
    # Regionplan och budget 2026–2028, Tabell 4. Resultatbudget (mkr)
    assert (table.doc_id, calc.table_name(table), table.unit) == ("regionplan-och-budget-2026-2028.txt", "Tabell 4", "mkr")
    rows = budget_rows(table)
    assert rows[0] == "Verksamhetens intäkter" and rows[-1] == "Årets resultat"
    series = budget_series(table, "Årets resultat")
    assert series.index.tolist() == ["2024", "2025", "2026", "2027", "2028", "2029", "2030"]
    assert series["Årets resultat"].tolist() == [-493.7, -329.9, 0.0, 260.1, 262.9, 268.0, 269.3]
    assert series[COLUMN].tolist()[:3] == ["Utfall 2024", "Prognos 2025", "Budget 2026"]
