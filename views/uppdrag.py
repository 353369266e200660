"""Uppdrag: the plan's uppdrag per board with their reported status, filterable and exportable as CSV."""

from __future__ import annotations

import streamlit as st

from ui.accessibility import alert_text
from ui.assignments import NO_STATUS, NO_STATUS_CAPTION, assignment_filters, assignment_sources, assignment_table, to_csv
from views.common import require_assistant

ALL = "Alla"

st.title("Uppdrag", anchor=False)
assistant = require_assistant()
options = assignment_filters(assistant.registry)
if not any(options.values()):
    st.info(alert_text("info", "De indexerade dokumenten innehåller inga uppdrag."))
    st.stop()
board, year, status = st.columns(3)
chosen_board = board.selectbox("Nämnd/styrelse", [ALL, *options["board"]], key="filter_board")
chosen_year = year.selectbox("År", [ALL, *options["year"]], key="filter_year")
chosen_status = status.selectbox("Status", [ALL, *options["status"]], key="filter_status")
chosen = {
    "board": None if chosen_board == ALL else chosen_board,
    "year": None if chosen_year == ALL else int(chosen_year),
    "status": None if chosen_status == ALL else chosen_status,
}
table = assignment_table(assistant.registry, **chosen)
st.caption(f"{len(table)} rader: ett uppdrag per ägande nämnd, med den status nämnden rapporterat.")
if (table["Status"] == NO_STATUS).any():
    st.caption(NO_STATUS_CAPTION)
# The data grid keeps 57 long rows compact; alt names it for screen readers, which read its cells as a grid.
st.dataframe(
    table,
    hide_index=True,
    column_config={name: st.column_config.TextColumn(width="large") for name in ("Uppdrag", "Kommentar")},
    alt=f"Uppdragstabell: {len(table)} rader med nämnd, år, status, målområde, uppdrag och kommentar.",
)
st.download_button("Ladda ner som CSV", to_csv(table), file_name="uppdrag.csv", mime="text/csv", key="download_csv")

sources = assignment_sources(assistant.registry, assistant.retriever, **chosen)
if sources:
    picked = st.selectbox(
        "Visa källtexten för ett uppdrag", list(sources), index=None, key="source_pick", placeholder="Välj ett uppdrag …"
    )
    if picked:
        for heading, text in sources[picked]:
            with st.expander(heading, expanded=True):
                st.text(text)
