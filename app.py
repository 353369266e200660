"""Planeringsassistenten in Streamlit: navigation between the pages in views/; every decision lives elsewhere."""

from __future__ import annotations

import streamlit as st

st.set_page_config(page_title="Planeringsassistenten", page_icon="📘", layout="wide")
page = st.navigation(
    [
        st.Page("views/chatt.py", title="Chatt", icon="💬", default=True),
        st.Page("views/kalkyler.py", title="Kalkyler", icon="🧮"),
        st.Page("views/uppdrag.py", title="Uppdrag", icon="📋"),
        st.Page("views/styrmodellen.py", title="Styrmodellen", icon="🧭"),
        st.Page("views/dokument.py", title="Dokument", icon="📄"),
    ]
)
page.run()
