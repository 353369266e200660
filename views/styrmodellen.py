"""Styrmodellen: for new staff, how the region is steered, in the plan's own words, each statement with its source."""

from __future__ import annotations

import streamlit as st

from ui.accessibility import alert_text
from ui.steering import (
    Statement,
    board_text,
    boards,
    budget_levels,
    list_source_label,
    model_statements,
    owners_text,
    passage_text,
    source_label,
    steering_document,
    steering_model,
)
from views.common import require_assistant

st.title("Styrmodellen", anchor=False)
assistant = require_assistant()


def statement(item: Statement) -> None:
    """A statement as text, its level's name in bold first if it has one, and its source in a small line under it."""
    st.markdown(f"**{item.lead}**  \n{item.text}" if item.lead else item.text)
    st.caption(item.source)


areas = steering_model(assistant.registry)
if not areas:
    st.info(alert_text("info", "De indexerade dokumenten innehåller inga målområden."))
    st.stop()
plan = areas[0].area.doc_title
document = steering_document(assistant.registry)
st.markdown(
    f"Så styrs regionen enligt **{plan}**. Texten nedan är planens egna ord i planens ordning, "
    "och under varje stycke står var i planen det står."
)

st.header("Styrkedjan och budgetens nivåer", anchor=False)
chain = model_statements(assistant.retriever.passages, document)
levels = budget_levels(assistant.retriever.passages, document)
if chain:
    st.subheader("Styrmodellen och styrkedjan", anchor=False)
    for item in chain:
        statement(item)
if levels:
    st.subheader("Budgetens nivåer", anchor=False)
    for item in levels:
        statement(item)
if not chain and not levels:
    st.info(alert_text("info", "Planen har inget avsnitt om styrmodellen eller budgetens nivåer."))

st.header("Målområden", anchor=False)
st.markdown(
    f"Planen har {len(areas)} målområden. Varje målområde har ett övergripande mål, långsiktiga nyckeltal att följa "
    "och uppdrag till nämnder och styrelse."
)
for item in areas:
    st.subheader(f"Målområde: {item.area.name}", anchor=False)
    st.markdown(f"**Övergripande mål:** {item.area.goal}")
    st.caption(source_label(item.area))
    if item.key_figures:
        st.markdown("**Långsiktiga nyckeltal**\n\n" + "\n".join(f"- {figure.text}" for figure in item.key_figures))
        st.caption(list_source_label(item.key_figures))
    if item.assignments:
        lines = [
            f"- **{owners_text(assignment)}**" + (f" ({assignment.year})" if assignment.year else "") + f": {assignment.text}"
            for assignment in item.assignments
        ]
        st.markdown(f"**Uppdrag ({len(item.assignments)})**\n\n" + "\n".join(lines))
        st.caption(list_source_label(item.assignments))
    text = passage_text(assistant.retriever, item.area)
    if text:
        with st.expander(f"Källtext: {' › '.join(item.area.section_path)}"):
            st.text(text)

st.header("Nämnder och styrelse", anchor=False)
listed = boards(assistant.registry)
if listed:
    st.markdown("\n".join(f"- {board_text(board)}" for board in listed))
    st.caption(source_label(listed[0]))
