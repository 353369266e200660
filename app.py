"""Planeringsassistenten in Streamlit: navigation between the pages in views/; every decision lives elsewhere."""

from __future__ import annotations

import streamlit as st

from ui.accessibility import STYLESHEET, page_language_html

st.set_page_config(page_title="Planeringsassistenten", page_icon="📘", layout="wide")
st.html(STYLESHEET)  # contrast, visible focus and reflow fixes (ui/accessibility.css)
st.html(page_language_html(), unsafe_allow_javascript=True)  # <html lang="sv">: Streamlit serves lang="en"
page = st.navigation(
    [
        st.Page("views/chatt.py", title="Chatt", icon=":material/chat:", default=True),
        st.Page("views/kalkyler.py", title="Kalkyler", icon=":material/calculate:"),
        st.Page("views/uppdrag.py", title="Uppdrag", icon=":material/assignment:"),
        st.Page("views/styrmodellen.py", title="Styrmodellen", icon=":material/account_tree:"),
        st.Page("views/dokument.py", title="Dokument", icon=":material/description:"),
        st.Page("views/tillganglighet.py", title="Tillgänglighet", icon=":material/accessibility_new:"),
    ]
)
page.run()
