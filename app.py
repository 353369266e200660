"""Planeringsassistenten in Streamlit: draws the chat; every decision lives in assistant/."""

from __future__ import annotations

import streamlit as st

from assistant import Answer, Assistant, PlanError, Settings
from assistant.compose import citation_heading
from assistant.session import Session, ask_in_session

EXAMPLES = (
    "Vilket lånetak gäller för 2027?",
    "Vem ska tillhandahålla en säker vård där vårdskador förebyggs?",
    "Vad innebär god ekonomisk hushållning enligt styrmodellen?",
)


@st.cache_resource(show_spinner="Läser in indexet …")
def load_assistant(settings: Settings) -> Assistant:
    """Load the index and model once per process and settings."""
    return Assistant.load(settings)


def show_answer(answer: Answer) -> None:
    """An answer with its numbered sources, each passage one click away."""
    if answer.abstained:
        st.info(answer.text)
    else:
        st.markdown(answer.text)
    for number, citation in enumerate(answer.citations, start=1):
        with st.expander(citation_heading(number, citation)):
            st.text(citation.text)


def show_history() -> None:
    for message in st.session_state.messages:
        with st.chat_message(message["role"]):
            if message["role"] == "user":
                st.markdown(message["content"])
            else:
                show_answer(message["answer"])


def main() -> None:
    st.set_page_config(page_title="Planeringsassistenten", page_icon="📘")
    st.title("Planeringsassistenten")
    st.caption("Frågor om Region Jämtland Härjedalens regionplaner, budget och uppföljning – varje svar med källa.")
    st.session_state.setdefault("messages", [])
    st.session_state.setdefault("conversation", Session())
    try:
        assistant = load_assistant(Settings.from_env())
    except PlanError as error:
        st.error(f"Assistenten kunde inte starta: {error}")
        return
    if not st.session_state.messages:
        st.markdown("**Exempel på frågor:**\n" + "\n".join(f"- {example}" for example in EXAMPLES))
    show_history()
    if prompt := st.chat_input("Ställ en fråga om planeringsdokumenten"):
        # Follow-ups ("Och 2028?") are resolved from the earlier turns of this browser session.
        answer = ask_in_session(assistant.answer, prompt, st.session_state.conversation)
        st.session_state.messages += [{"role": "user", "content": prompt}, {"role": "assistant", "answer": answer}]
        with st.chat_message("user"):
            st.markdown(prompt)
        with st.chat_message("assistant"):
            show_answer(answer)


main()
