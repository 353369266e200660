"""Tillgänglighet: the accessibility statement, rendered from the latest committed axe summary."""

from __future__ import annotations

import streamlit as st

from ui.accessibility import SUMMARY_PATH, alert_text, load_summary, statement_sections

HEADINGS = {1: st.title, 2: st.header, 3: st.subheader}

try:
    summary = load_summary(SUMMARY_PATH)
except (OSError, ValueError) as error:
    st.title("Tillgänglighetsredogörelse", anchor=False)
    st.error(alert_text("error", f"Granskningens resultat kunde inte läsas ({SUMMARY_PATH.name}): {error}"))
else:
    for section in statement_sections(summary):
        # anchor=False: no English "Link to heading" link beside each heading.
        HEADINGS[section.level](section.heading, anchor=False)
        if section.body:
            st.markdown(section.body)
