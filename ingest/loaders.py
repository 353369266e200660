"""Loaders: a file on disk → pages of raw text, or a named, Swedish-worded IngestError."""

from __future__ import annotations

import logging
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from ingest.errors import EmptyDocument, EncryptedPdf, NoTextLayer, UnreadablePdf, UnsupportedFormat
from ingest.models import Page

SUPPORTED_SUFFIXES = (".pdf", ".txt", ".md")

# Encodings tried in order for plain text; cp1252 is the Windows superset of
# Latin-1 that Swedish office files are written in when they are not UTF-8.
TEXT_ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")

logging.getLogger("pypdf").setLevel(logging.ERROR)


def load_pages(path: Path) -> list[Page]:
    """Read ``path`` into pages; PDFs keep 1-based page numbers, text files have one page."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        pages = _load_pdf(path)
    elif suffix in (".txt", ".md"):
        pages = [Page(None, _read_text(path))]
    else:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        raise UnsupportedFormat(path.name, f"filtypen '{suffix or '(ingen)'}' stöds inte (stöds: {supported})")
    if not any(page.text.strip() for page in pages):
        if suffix == ".pdf":
            raise NoTextLayer(path.name, "PDF-filen saknar textlager (inskannad bild?) – kör OCR först")
        raise EmptyDocument(path.name, "filen är tom")
    return pages


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in TEXT_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise EmptyDocument(path.name, "texten kunde inte avkodas")  # latin-1 decodes any bytes; unreachable


def _load_pdf(path: Path) -> list[Page]:
    if path.stat().st_size == 0:
        raise EmptyDocument(path.name, "filen är tom")
    try:
        reader = PdfReader(path)
        encrypted = reader.is_encrypted
        pages = [] if encrypted else [page.extract_text() or "" for page in reader.pages]
    except PdfReadError as error:
        raise UnreadablePdf(path.name, f"PDF-filen kunde inte läsas ({error}) – är den skadad?") from error
    except Exception as error:  # pypdf raises many types on damaged files
        raise UnreadablePdf(path.name, f"PDF-filen kunde inte läsas ({error.__class__.__name__}) – är den skadad?") from error
    if encrypted:
        raise EncryptedPdf(path.name, "PDF-filen är lösenordsskyddad – spara en version utan lösenord")
    return [Page(number, text) for number, text in enumerate(pages, start=1)]
