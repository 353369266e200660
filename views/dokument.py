"""Dokument: the indexed documents and the index's status."""

from __future__ import annotations

import streamlit as st

from ui.documents import documents_frame, index_status
from views.common import require_assistant

st.title("Dokument")
assistant = require_assistant()
documents = assistant.retriever.data.documents
st.caption(f"{len(documents)} indexerade dokument.")
st.dataframe(documents_frame(documents), hide_index=True)
st.subheader("Indexets status")
st.table({"Uppgift": list(status := index_status(assistant.retriever.data.manifest)), "Värde": list(status.values())})
