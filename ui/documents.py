"""The Dokument page's data: the indexed documents, the index's status, what was not read, and saving an upload."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import pandas as pd

from index.build import FileError
from ingest.loaders import SUPPORTED_SUFFIXES
from ui.tables import swedish_table

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
    return swedish_table(frame.rename(columns=DOCUMENT_COLUMNS))


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
    errors, skipped = manifest.get("errors") or [], manifest.get("skipped") or []
    status["Fel vid inläsning"] = str(len(errors)) if errors else "inga"
    status["Överhoppade i mappen"] = str(len(skipped)) if skipped else "inga"
    return status


SKIPPED_COLUMNS = ("Namn", "Skäl")
"""Headings of the table of what the last ingest did not read."""


def skipped_frame(manifest: Mapping) -> pd.DataFrame:
    """What the last ingest did not read: one row per unreadable file or skipped entry, with its reason, by name.

    Unreadable files come from the manifest's ``errors`` (saying when the previous version is still
    used), entries that are no documents (a subfolder, a link out of the folder) from ``skipped``.
    """
    rows = [(str(e.get("document", "")), _explanation(e)) for e in manifest.get("errors") or []]
    rows += [(str(entry.get("name", "")), str(entry.get("reason", ""))) for entry in manifest.get("skipped") or []]
    return pd.DataFrame(sorted(rows), columns=list(SKIPPED_COLUMNS))


def _explanation(error: Mapping) -> str:
    """A stored FileError's reason, saying whether the previous version is still used."""
    return FileError(str(error.get("document", "")), str(error.get("reason", "")), bool(error.get("kept_previous"))).explanation()


def reindex_notice(not_ingested: int) -> str:
    """The message after "Indexera om", pointing to the table of what was not read when there is any."""
    if not not_ingested:
        return "Indexet är uppdaterat."
    if not_ingested == 1:
        return "Indexet är uppdaterat, men en fil eller mapp lästes inte; skälet står under ”Hoppades över” ovan."
    return f"Indexet är uppdaterat, men {not_ingested} filer eller mappar lästes inte; skälen står under ”Hoppades över” ovan."


MAX_UPLOAD_BYTES = 25 * 1024 * 1024
"""The largest document the Dokument page accepts: 25 MB."""

_UNSAFE = re.compile(r"[^A-Za-z0-9ÅÄÖåäöÉéÜü_.-]+")


class UploadError(ValueError):
    """An uploaded file that cannot be saved, with the reason in Swedish."""


def safe_upload_name(name: str) -> str:
    """A file name safe to save in the documents folder: the base name only, in NFC, with safe characters.

    Examples
    --------
    >>> safe_upload_name("../../Regionplan 2026–2028.PDF")
    'Regionplan-2026-2028.pdf'
    """
    base = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1].strip()
    base = _UNSAFE.sub("-", base).lstrip(".-")
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = re.sub(r"-{2,}", "-", stem).strip("-.")
    suffix = f".{suffix.lower()}" if dot else ""
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        raise UploadError(f"filtypen '{suffix or '(ingen)'}' stöds inte (stöds: {supported})")
    if not stem:
        raise UploadError("filnamnet är tomt")
    return stem + suffix


def save_upload(name: str, data: bytes, documents_dir: Path, max_bytes: int = MAX_UPLOAD_BYTES) -> Path:
    """Save an uploaded document in ``documents_dir`` under a safe name, atomically; the saved path.

    Raises UploadError for an unsupported type, an empty name or file, a file over ``max_bytes``,
    a symlink in the way, or a name that would land outside ``documents_dir``.
    """
    file_name = safe_upload_name(name)
    if not data:
        raise UploadError(f"{file_name} är tom")
    if len(data) > max_bytes:
        size, limit = len(data) / (1024 * 1024), max_bytes / (1024 * 1024)
        raise UploadError(f"{file_name} är {size:.1f} MB; största tillåtna storlek är {limit:.0f} MB")
    folder = Path(documents_dir).resolve()
    if not folder.is_dir():
        raise UploadError(f"dokumentmappen {folder} finns inte")
    target = folder / file_name
    if target.is_symlink():
        raise UploadError(f"{file_name} är en symbolisk länk och skrivs inte över")
    if target.resolve().parent != folder:
        raise UploadError(f"{file_name} hamnar utanför dokumentmappen")
    if target.exists() and not target.is_file():
        raise UploadError(f"{file_name} finns redan och är inte en fil")
    handle, temporary = tempfile.mkstemp(prefix=".upload-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
