"""Styrmodellen: for new staff, the plan's målområden, goals, nyckeltal, uppdrag and boards, each with its source."""

from __future__ import annotations

import streamlit as st

from ui.accessibility import alert_text
from ui.steering import board_text, boards, core_passages, owners_text, passage_text, source_label, steering_model
from views.common import require_assistant

st.title("Styrmodellen", anchor=False)
assistant = require_assistant()


def source(record) -> None:
    """The record's source under it: document, section and lines, with the passage text inside."""
    with st.expander(source_label(record)):
        text = passage_text(assistant.retriever, record)
        st.text(text if text is not None else "Stycket finns inte i indexet.")


areas = steering_model(assistant.registry)
if not areas:
    st.info(alert_text("info", "De indexerade dokumenten innehåller inga målområden."))
    st.stop()
plan = areas[0].area.doc_title
st.markdown(
    f"Så styrs regionen enligt **{plan}**: varje målområde har ett övergripande mål, långsiktiga nyckeltal att följa "
    "och uppdrag till nämnder och styrelse. Under varje påstående finns källan med textstycket ur dokumentet."
)
st.header("Styrkedjan och budgetens tre nivåer", anchor=False)
for label, text in core_passages(assistant.retriever):
    with st.expander(label):
        st.text(text)
st.caption(f"{len(areas)} målområden.")

for item in areas:
    st.header(f"Målområde: {item.area.name}", anchor=False)
    st.markdown(f"**Övergripande mål:** {item.area.goal}")
    source(item.area)
    if item.key_figures:
        st.subheader("Långsiktiga nyckeltal", anchor=False)
        for figure in item.key_figures:
            st.markdown(f"- {figure.text}")
            source(figure)
    if item.assignments:
        st.subheader(f"Uppdrag ({len(item.assignments)})", anchor=False)
        for assignment in item.assignments:
            year = f" ({assignment.year})" if assignment.year else ""
            st.markdown(f"- **{owners_text(assignment)}**{year}: {assignment.text}")
            source(assignment)

st.header("Nämnder och styrelse", anchor=False)
for board in boards(assistant.registry):
    st.markdown(f"- {board_text(board)}")
    source(board)
