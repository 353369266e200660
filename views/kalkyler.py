"""Kalkyler: the restoration plan with your own results, personnel cost, patient fees and budget lines per year."""

from __future__ import annotations

from decimal import Decimal

import streamlit as st

import calculators as calc
from calculators import CalculationError
from ui.calculators import (
    COLUMN,
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
from views.common import require_assistant

st.title("Kalkyler")
assistant = require_assistant()

st.header("Återställande av underskottet")
table = restoration_table(assistant.tables)
if table is None:
    st.error("Tabellen för återställande av underskott (IB, årets resultat, UB) finns inte i de indexerade dokumenten.")
else:
    st.caption(f"Källa: {table.doc_title}, {calc.table_name(table)} ({table.unit}).")
    st.markdown("Ändra årets resultat för ett år för att pröva ett scenario mot planen.")
    # Starting values: the plan's, or a scenario kept in the session (the tests set one).
    start = st.session_state.get("scenario_results")
    frame = planned_results(table)
    if start:
        frame[RESULT] = [float(start.get(year, value)) for year, value in zip(frame[YEAR], frame[RESULT], strict=True)]
    edited = st.data_editor(
        frame,
        hide_index=True,
        disabled=[YEAR],
        column_config={
            YEAR: st.column_config.NumberColumn(YEAR, format="%d"),
            RESULT: st.column_config.NumberColumn(f"{RESULT} ({table.unit})", format="%.0f", required=True),
        },
        key="restoration_editor",
    )
    try:
        plan = calc.restoration_plan(table)
        scenario = calc.restoration_plan(table, results=scenario_results(table, edited))
    except CalculationError as error:
        st.error(f"Planen kunde inte beräknas: {error}")
    else:
        st.markdown(restored_text(plan, scenario))
        comparison = restoration_comparison(plan, scenario)
        chart, numbers = st.columns([3, 2])
        with chart:
            # Years as text, so the axis reads "2027" and not "2,027".
            by_year = comparison.set_axis(comparison.index.astype(str), axis=0)
            st.line_chart(by_year, x_label=YEAR, y_label=f"Ej återställt, UB ({table.unit})", y=[PLAN, SCENARIO])
        with numbers:
            st.dataframe(comparison, column_config={YEAR: st.column_config.NumberColumn(YEAR, format="%d")})
        with st.expander("Så här är det beräknat"):
            st.markdown("\n".join(f"{number}. {step}" for number, step in enumerate(scenario.steps, start=1)))

st.header("Personalkostnad")
po_table = personnel_table(assistant.tables)
if po_table is None:
    st.error("Tabellen med PO-pålägg finns inte i de indexerade dokumenten.")
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
        st.error(f"Personalkostnaden kunde inte beräknas: {error}")
    else:
        st.markdown(f"**{cost.steps[-1]}**")
        st.markdown("\n".join(f"{number}. {step}" for number, step in enumerate(cost.steps, start=1)))

st.header("Patientavgifter")
fees_from = fee_tables(assistant.tables)
ceiling = ceiling_cell(assistant.tables, fees_from[0].doc_id) if fees_from else None
if not fees_from or ceiling is None:
    st.error("Avgiftstabellerna eller högkostnadsskyddet finns inte i de indexerade dokumenten.")
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
        st.info("Ange antal besök för att räkna ut vad patienten betalar.")
    else:
        try:
            fees = calc.patient_fees(visits, fees_from, ceiling)
        except CalculationError as error:
            st.error(f"Avgiften kunde inte beräknas: {error}")
        else:
            st.markdown(f"**{fees.steps[-1]}**")
            st.markdown("\n".join(f"{number}. {step}" for number, step in enumerate(fees.steps, start=1)))

st.header("Resultatbudget över åren")
budget = budget_table(assistant.tables)
if budget is None:
    st.error("Resultatbudgeten finns inte i de indexerade dokumenten.")
else:
    st.caption(f"Källa: {budget.doc_title}, {calc.table_name(budget)} ({budget.unit}).")
    rows = budget_rows(budget)
    default = rows.index(RESULT) if RESULT in rows else 0
    row = st.selectbox("Budgetrad", rows, index=default, key="budget_row")
    series = budget_series(budget, row)
    chart, numbers = st.columns([3, 2])
    with chart:
        st.line_chart(series, y=row, x_label=YEAR, y_label=f"{row} ({budget.unit})")
    with numbers:
        # The same figures as text, with the column each year's figure comes from.
        st.dataframe(series, column_config={COLUMN: st.column_config.TextColumn(COLUMN)})
