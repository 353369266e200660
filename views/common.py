"""What every page shares: the assistant, loaded once per process, or a Swedish error instead of it."""

from __future__ import annotations

import streamlit as st

from assistant import Assistant, PlanError, Settings
from ui.accessibility import alert_text


@st.cache_resource(show_spinner="Läser in indexet …")
def load_assistant(settings: Settings) -> Assistant:
    """Load the index and model once per process and settings."""
    return Assistant.load(settings)


def require_assistant() -> Assistant:
    """The loaded assistant; otherwise a Swedish error on the page, and the page stops there."""
    try:
        return load_assistant(Settings.from_env())
    except PlanError as error:
        st.error(alert_text("error", f"Assistenten kunde inte starta: {error}"))
        st.stop()
        raise  # st.stop() raises; this keeps type checkers content
