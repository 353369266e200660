"""Kalkyler: the restoration plan with your own results, personnel cost, patient fees and budget lines per year."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import streamlit as st

import calculators as calc
from calculators import CalculationError
from ui.accessibility import alert_text
from ui.calculators import (
    PLAN,
    RESULT,
    SCENARIO,
    YEAR,
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
from ui.charts import chart_description, figures_table, line_chart_spec
from views.common import require_assistant


def scenario_ui(frame: pd.DataFrame, unit: str) -> pd.DataFrame:
    """One labelled number field per plan year for årets resultat; the frame with the entered figures.

    Plain number fields instead of a data grid: each has a Swedish label, works with the keyboard and
    is read by screen readers (the grid is drawn on a canvas).
    """
    st.markdown(f"Ändra årets resultat ({unit}) för ett år för att pröva ett scenario mot planen.")
    fields = st.columns(len(frame))
    entered = [
        field.number_input(f"{RESULT} {year} ({unit})", value=float(value), step=1.0, format="%.0f", key=f"result_{year}")
        for field, year, value in zip(fields, frame[YEAR], frame[RESULT], strict=True)
    ]
    return frame.assign(**{RESULT: entered})


st.title("Kalkyler", anchor=False)
assistant = require_assistant()

st.header("Återställande av underskottet", anchor=False)
table = restoration_table(assistant.tables)
if table is None:
    st.error(
        alert_text(
            "error", "Tabellen för återställande av underskott (IB, årets resultat, UB) finns inte i de indexerade dokumenten."
        )
    )
else:
    st.caption(f"Källa: {table.doc_title}, {calc.table_name(table)} ({table.unit}).")
    # Starting values: the plan's, or a scenario kept in the session (the tests set one).
    frame = planned_results(table, st.session_state.get("scenario_results"))
    edited = scenario_ui(frame, table.unit)
    try:
        plan = calc.restoration_plan(table)
        scenario = calc.restoration_plan(table, results=scenario_results(table, edited))
    except CalculationError as error:
        st.error(alert_text("error", f"Planen kunde inte beräknas: {error}"))
    else:
        st.markdown(restored_text(plan, scenario))
        comparison = restoration_comparison(plan, scenario)
        # Years as text, so the axis reads "2027" and not "2,027"; the table beside holds the same figures.
        by_year = comparison.set_axis(comparison.index.astype(str), axis=0).rename_axis(YEAR).reset_index()
        unit = f"Ej återställt, UB ({table.unit})"
        chart, numbers = st.columns([3, 2])
        with chart:
            description = chart_description(by_year, [PLAN, SCENARIO], "ej återställt underskott", table.unit)
            st.vega_lite_chart(by_year, line_chart_spec([PLAN, SCENARIO], YEAR, YEAR, unit), alt=description)
        with numbers:
            st.table(figures_table(by_year, [PLAN, SCENARIO], table.unit), hide_index=True)
        with st.expander("Så här är det beräknat"):
            st.markdown("\n".join(f"{number}. {step}" for number, step in enumerate(scenario.steps, start=1)))

st.header("Personalkostnad", anchor=False)
po_table = personnel_table(assistant.tables)
if po_table is None:
    st.error(alert_text("error", "Tabellen med PO-pålägg finns inte i de indexerade dokumenten."))
else:
    years = sorted(calc.years(po_table))
    with st.form("personnel"):
        salary = st.number_input("Lön (kr)", min_value=1, value=40000, step=500)
        period = st.radio("Lönen är en", ["månadslön", "årslön"], horizontal=True)
        year = st.selectbox("År", years, index=len(years) - 1)
        headcount = st.number_input("Antal medarbetare", min_value=1, value=1, step=1)
        st.form_submit_button("Beräkna")
    try:
        per = "month" if period == "månadslön" else "year"
        cost = calc.personnel_cost(po_table, Decimal(int(salary)), int(year), period=per, headcount=int(headcount))
    except CalculationError as error:
        st.error(alert_text("error", f"Personalkostnaden kunde inte beräknas: {error}"))
    else:
        st.markdown(f"**{cost.steps[-1]}**")
        st.markdown("\n".join(f"{number}. {step}" for number, step in enumerate(cost.steps, start=1)))

st.header("Patientavgifter", anchor=False)
fees_from = fee_tables(assistant.tables)
ceiling = ceiling_cell(assistant.tables, fees_from[0].doc_id) if fees_from else None
if not fees_from or ceiling is None:
    st.error(alert_text("error", "Avgiftstabellerna eller högkostnadsskyddet finns inte i de indexerade dokumenten."))
else:
    st.caption(fee_source_text(fees_from))
    visit_types = fee_visit_types(fees_from)
    with st.form("patient_fees"):
        st.markdown(f"Antal besök under en 12-månadersperiod. Högkostnadsskyddet är {kronor(ceiling.value)}.")
        counts = {
            row: st.number_input(f"{row} ({kronor(fee)})", min_value=0, value=0, step=1, key=f"fee_{number}")
            for number, (row, fee) in enumerate(visit_types.items())
        }
        st.form_submit_button("Beräkna avgift")
    visits = {row: int(count) for row, count in counts.items() if count}
    if not visits:
        st.info(alert_text("info", "Ange antal besök för att räkna ut vad patienten betalar."))
    else:
        try:
            fees = calc.patient_fees(visits, fees_from, ceiling)
        except CalculationError as error:
            st.error(alert_text("error", f"Avgiften kunde inte beräknas: {error}"))
        else:
            st.markdown(f"**{fees.steps[-1]}**")
            st.markdown("\n".join(f"{number}. {step}" for number, step in enumerate(fees.steps, start=1)))

st.header("Resultatbudget över åren", anchor=False)
budget = budget_table(assistant.tables)
if budget is None:
    st.error(alert_text("error", "Resultatbudgeten finns inte i de indexerade dokumenten."))
else:
    st.caption(f"Källa: {budget.doc_title}, {calc.table_name(budget)} ({budget.unit}).")
    rows = budget_rows(budget)
    default = rows.index(RESULT) if RESULT in rows else 0
    row = st.selectbox("Budgetrad", rows, index=default, key="budget_row")
    series = budget_series(budget, row).reset_index()
    chart, numbers = st.columns([3, 2])
    with chart:
        description = chart_description(series, [row], row, budget.unit)
        st.vega_lite_chart(series, line_chart_spec([row], YEAR, YEAR, f"{row} ({budget.unit})"), alt=description)
    with numbers:
        # The same figures as text, with the column each year's figure comes from.
        st.table(figures_table(series, [row], budget.unit), hide_index=True)
