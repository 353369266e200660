"""A cited PDF source shown as its page, behind a toggle in the source's expander (drawing only; ui.pdf_page decides)."""

from __future__ import annotations

import streamlit as st

from assistant import Assistant, Citation
from assistant.compose import page_label
from ui.accessibility import alert_text
from ui.chat import escape_markdown
from ui.pdf_page import PageUnavailable, indexed_pdf, is_pdf, page_views


def show_pdf_page(assistant: Assistant, citation: Citation, key: str) -> None:
    """For a PDF source: a toggle that shows the cited page(s) with the passage highlighted, and the PDF to download."""
    passage = assistant.retriever.by_id(citation.passage_id)
    if not is_pdf(citation.document) or passage is None:
        return
    where = page_label(passage.pages) or "sidan"
    if not st.toggle(f"Visa {where} i PDF:en med det citerade markerat", key=key):
        return
    meta = assistant.retriever.data.documents.get(citation.document, {})
    try:
        path = indexed_pdf(assistant.settings.documents_dir, citation.document, meta.get("content_hash"))
        views = page_views(path, passage, citation.title)
    except PageUnavailable as error:
        st.warning(alert_text("warning", f"Sidan kan inte visas: {error}"))
        return
    for view in views:
        picture, text = st.columns([2, 1])
        picture.image(view.png, caption=view.caption, alt=view.alt)
        marked = "  \n".join(escape_markdown(line) for line in view.lines) or "Inga rader är markerade på sidan."
        text.markdown(f"**Markerat på sida {view.number}:**\n\n{marked}")
    st.download_button(
        f"Ladda ner PDF:en ({citation.document})",
        path.read_bytes(),
        file_name=citation.document,
        mime="application/pdf",
        key=f"{key}-pdf",
    )
