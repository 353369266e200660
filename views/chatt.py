"""Chatt: questions and answers with sources, calculation steps and a Markdown download per answer."""

from __future__ import annotations

from functools import partial

import streamlit as st

from assistant import Answer, PlanError
from assistant.compose import citation_heading
from assistant.session import Session, ask_in_session
from ui.accessibility import alert_text
from ui.chat import (
    answer_lead,
    answer_markdown,
    calculation_steps,
    combined_filter,
    document_choices,
    document_years,
    documents_in_years,
    download_name,
    highlight_matches,
    selected_documents,
    source_cells,
    year_choices,
)
from views.common import require_assistant
from views.pdf_page import show_pdf_page

EXAMPLES = (
    "Vilket lånetak gäller för 2027?",
    "Vem ska tillhandahålla en säker vård där vårdskador förebyggs?",
    "Vad innebär god ekonomisk hushållning enligt styrmodellen?",
)


def show_answer(answer: Answer, number: int) -> None:
    """An answer with its numbered sources (a PDF's also as its page), its calculation and a download, each one click away."""
    if answer.abstained:
        st.info(alert_text("info", answer.text))
    else:
        # A calculation's steps are shown once, in the expander below, not also in the answer text.
        st.markdown(answer_lead(answer))
    for index, citation in enumerate(answer.citations, start=1):
        page_key = f"page-{number}-{index}"  # a source showing its PDF page stays open when the page reruns
        with st.expander(citation_heading(index, citation), expanded=bool(st.session_state.get(page_key))):
            # The passage with the question's words in bold; escaped, so the document's text is never read as Markdown.
            st.markdown(highlight_matches(citation.text, answer.question))
            show_pdf_page(assistant, citation, key=page_key)
    if answer.calculation:
        with st.expander("Så här är det beräknat"):
            st.markdown("\n".join(calculation_steps(answer.calculation)))
            cells = source_cells(answer.calculation)
            if len(cells):  # no empty table when the calculation used no table cells
                st.caption("Tabellceller som användes")
                st.table(cells, hide_index=True)
    st.download_button(
        "Ladda ner svaret (Markdown)",
        answer_markdown(answer),
        file_name=download_name(answer, number),
        mime="text/markdown",
        key=f"download-{number}",
    )


st.title("Planeringsassistenten", anchor=False)
st.caption("Frågor om Region Jämtland Härjedalens regionplaner, budget och uppföljning – varje svar med källa.")
st.session_state.setdefault("messages", [])
st.session_state.setdefault("conversation", Session())
assistant = require_assistant()

choices = document_choices(assistant.retriever.data.documents)
years = document_years(assistant.retriever.data.passages, assistant.retriever.data.documents)
with st.sidebar:
    chosen = st.multiselect("Sök bara i dokument", list(choices), placeholder="Alla dokument", key="document_filter")
    chosen_years = st.multiselect("Sök bara i dokument om åren", year_choices(years), placeholder="Alla år", key="year_filter")
documents = combined_filter(selected_documents(chosen, choices), documents_in_years(chosen_years, years))
if documents is not None and not documents:
    st.sidebar.warning(alert_text("warning", "Inget av de valda dokumenten handlar om de valda åren."))

if not st.session_state.messages:
    st.markdown("**Exempel på frågor:**\n" + "\n".join(f"- {example}" for example in EXAMPLES))
answers = 0
for message in st.session_state.messages:
    with st.chat_message(message["role"]):
        if message["role"] == "user":
            st.markdown(message["content"])
        else:
            answers += 1
            show_answer(message["answer"], answers)

if (prompt := st.chat_input("Ställ en fråga om planeringsdokumenten")) and documents is not None and not documents:
    st.warning(alert_text("warning", "Filtren lämnar inga dokument att söka i; ändra dokument- eller årsfiltret i sidopanelen."))
elif prompt:
    with st.chat_message("user"):
        st.markdown(prompt)
    try:
        # Follow-ups ("Och 2028?") are resolved from the earlier turns of this browser session.
        ask = partial(assistant.answer, documents=documents)
        answer = ask_in_session(ask, prompt, st.session_state.conversation, assistant.resolve)
    except PlanError as error:
        st.error(alert_text("error", f"Frågan kunde inte besvaras: {error}"))
    else:
        st.session_state.messages += [{"role": "user", "content": prompt}, {"role": "assistant", "answer": answer}]
        with st.chat_message("assistant"):
            show_answer(answer, answers + 1)
