"""Dokument: the indexed documents and the index's status; upload a document and re-index."""

from __future__ import annotations

import streamlit as st

from assistant import PlanError, Settings
from index import open_store
from ingest.loaders import SUPPORTED_SUFFIXES
from ui.accessibility import alert_text
from ui.documents import MAX_UPLOAD_BYTES, UploadError, documents_frame, index_status, save_upload
from views.common import load_assistant


def show_index(settings: Settings) -> None:
    """The indexed documents and the index's status, or why there is no index (upload and re-index still work)."""
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
        bar.progress(min(done / total, 1.0) if total else 1.0, text=message)

    try:
        store = open_store(settings.index_dir, settings.database_url)  # the shared database when PA_DATABASE_URL is set
        report = store.build(settings.documents_dir, settings.model, settings.chunking, progress)
    except PlanError as error:
        st.error(alert_text("error", f"Indexet kunde inte byggas: {error}"))
        return
    bar.progress(1.0, text="Klart")
    st.session_state["index_errors"] = [error.message() for error in report.errors]
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
for message in st.session_state.get("index_errors", ()):
    st.warning(alert_text("warning", f"Hoppade över {message}"))
if st.button("Indexera om", type="primary"):
    reindex(settings)
