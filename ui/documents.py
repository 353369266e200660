"""The Dokument page's data: the indexed documents and the index's status, from the index manifest."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import pandas as pd

DOCUMENT_COLUMNS = {
    "title": "Titel",
    "kind": "Typ",
    "period": "Period",
    "passages": "Textavsnitt",
    "tables": "Tabeller",
    "assignments": "Uppdrag",
}
"""Manifest fields shown per document: field → Swedish heading."""


def documents_frame(documents: Mapping[str, Mapping]) -> pd.DataFrame:
    """One row per indexed document (the manifest's ``documents``), sorted by title."""
    rows = [{key: meta.get(key) for key in DOCUMENT_COLUMNS} for meta in documents.values()]
    for row, doc_id in zip(rows, documents, strict=True):
        row["title"] = row["title"] or doc_id
    frame = pd.DataFrame(rows, columns=list(DOCUMENT_COLUMNS)).sort_values("title", kind="stable").reset_index(drop=True)
    return frame.rename(columns=DOCUMENT_COLUMNS)


def index_status(manifest: Mapping) -> dict[str, str]:
    """The index's status in Swedish: model, format and chunking version, when it was built, documents and errors."""
    model = manifest.get("model") or {}
    chunking = manifest.get("chunking") or {}
    written = manifest.get("written")
    status = {
        "Modell": str(model.get("name", "okänd")) if isinstance(model, Mapping) else str(model),
        "Indexformat": f"version {manifest.get('format_version', 'okänd')}",
        "Uppdelning": f"version {chunking.get('version', 'okänd')} ({chunking.get('chunk_size', '?')} tecken per avsnitt)",
        "Byggt": datetime.fromtimestamp(written).strftime("%Y-%m-%d %H:%M") if isinstance(written, int | float) else "okänt",
        "Dokument": str(len(manifest.get("documents") or {})),
    }
    errors = manifest.get("errors") or []
    status["Fel vid inläsning"] = str(len(errors)) if errors else "inga"
    return status
