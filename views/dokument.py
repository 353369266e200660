"""Dokument: the indexed documents, the index's status and what was not read; upload a document and re-index."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assistant import PlanError, Settings
from index import open_store
from ingest.loaders import SUPPORTED_SUFFIXES
from ui.accessibility import alert_text
from ui.chat import escape_markdown
from ui.documents import (
    MAX_UPLOAD_BYTES,
    UploadError,
    documents_frame,
    index_status,
    reindex_notice,
    save_upload,
    skipped_frame,
)
from views.common import load_assistant


def show_index(settings: Settings) -> None:
    """The indexed documents, the index's status and what it skipped, or why there is no index (upload still works)."""
    try:
        assistant = load_assistant(settings)
    except PlanError as error:
        st.error(alert_text("error", f"Assistenten kunde inte starta: {error}"))
        return
    documents = assistant.retriever.data.documents
    st.caption(f"{len(documents)} indexerade dokument.")
    st.table(documents_frame(documents), hide_index=True)
    st.header("Indexets status", anchor=False)
    st.table({"Uppgift": list(status := index_status(assistant.retriever.data.manifest)), "Värde": list(status.values())})
    show_skipped(skipped_frame(assistant.retriever.data.manifest))


def show_skipped(skipped: pd.DataFrame) -> None:
    """The files and folders the last ingest did not read, each with its reason; nothing when there are none."""
    if skipped.empty:
        return
    st.header("Hoppades över", anchor=False)
    st.caption("Filer och mappar i dokumentmappen som inte kom med i indexet vid senaste indexeringen, med skäl.")
    st.table(skipped.map(escape_markdown), hide_index=True)  # st.table renders cells as Markdown; names must show as typed


def upload(settings: Settings) -> None:
    """Save each newly uploaded file once (the uploader keeps its files across reruns)."""
    files = st.file_uploader(
        f"Ladda upp dokument (PDF, TXT eller MD, högst {MAX_UPLOAD_BYTES // (1024 * 1024)} MB)",
        type=[suffix.lstrip(".") for suffix in SUPPORTED_SUFFIXES],
        accept_multiple_files=True,
        key="upload",
    )
    saved: dict[str, str] = st.session_state.setdefault("saved_uploads", {})
    for file in files or ():
        if file.file_id not in saved:
            try:
                saved[file.file_id] = save_upload(file.name, file.getvalue(), settings.documents_dir, MAX_UPLOAD_BYTES).name
            except (UploadError, OSError) as error:
                saved[file.file_id] = ""
                st.error(alert_text("error", f"{file.name} sparades inte: {error}"))
                continue
        if saved[file.file_id]:
            st.success(alert_text("success", f"Sparad som {saved[file.file_id]}. Indexera om för att söka i den."))


def reindex(settings: Settings) -> None:
    """Bring the index up to date with the documents folder, with a progress bar and each file's error."""
    bar = st.progress(0.0, text="Indexerar …")

    def progress(message: str, done: int, total: int) -> None:
        # Each finished document's message says how long is left; a total of 0 is a notice (another ingest runs).
        bar.progress(min(done / total, 1.0) if total else 0.0, text=message)

    try:
        store = open_store(settings.index_dir, settings.database_url)  # the shared database when PA_DATABASE_URL is set
        report = store.build(settings.documents_dir, settings.model, settings.chunking, progress)
    except PlanError as error:
        st.error(alert_text("error", f"Indexet kunde inte byggas: {error}"))
        return
    bar.progress(1.0, text="Klart")
    st.session_state["index_notice"] = (bool(report.not_ingested()), reindex_notice(len(report.not_ingested())))
    load_assistant.clear()
    st.rerun()


st.title("Dokument", anchor=False)
try:
    settings = Settings.from_env()
except PlanError as error:
    st.error(alert_text("error", f"Assistenten kunde inte starta: {error}"))
    st.stop()
    raise  # st.stop() raises; this keeps type checkers content
show_index(settings)
st.header("Lägg till dokument", anchor=False)
upload(settings)
if notice := st.session_state.get("index_notice"):
    skipped_any, text = notice
    if skipped_any:
        st.warning(alert_text("warning", text))
    else:
        st.success(alert_text("success", text))
if st.button("Indexera om", type="primary"):
    reindex(settings)
