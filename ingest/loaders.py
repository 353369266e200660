"""Loaders: a file on disk → pages of raw text, or a named, Swedish-worded IngestError."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pypdfium2 as pdfium

from ingest.errors import (
    EmptyDocument,
    EncryptedPdf,
    NoTextLayer,
    TooLarge,
    UnreadableFile,
    UnreadablePdf,
    UnsupportedFormat,
)
from ingest.models import Page
from ingest.pdf import PDFIUM_LOCK, page_text

SUPPORTED_SUFFIXES = (".pdf", ".txt", ".md")

# Encodings tried in order for plain text; cp1252 is the Windows superset of
# Latin-1 that Swedish office files are written in when they are not UTF-8.
TEXT_ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")

MAX_FILE_BYTES = 100 * 1024 * 1024
"""The largest file ingest reads: 100 MB (the Dokument page takes uploads up to 25 MB)."""
MAX_PDF_PAGES = 1000
"""The most pages a PDF may have; the plans have about 100 (PDFium reads a hundred in about 0.1 s)."""
# PDFium's error code for a document that needs a password (FPDF_ERR_PASSWORD).
PASSWORD_ERROR = 4

NOT_A_FILE = "ingen vanlig fil (till exempel en namngiven pipe eller en enhet) – bara filer läses"
"""Why an entry that is neither a file nor a folder is not read."""
BINARY_TEXT = "texten kunde inte avkodas (filen innehåller nolltecken: binär fil eller UTF-16?) – spara den som UTF-8"
"""Why a .txt or .md file with NUL bytes is refused: latin-1 would turn any bytes into noise, never fail."""


def load_pages(path: Path, max_bytes: int = MAX_FILE_BYTES, max_pages: int = MAX_PDF_PAGES) -> list[Page]:
    """Read ``path`` into pages; PDFs keep 1-based page numbers, text files have one page.

    A file over ``max_bytes``, or a PDF of more than ``max_pages`` pages, raises TooLarge unread.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        raise UnsupportedFormat(path.name, f"filtypen '{suffix or '(ingen)'}' stöds inte (stöds: {supported})")
    size = _probe(path)
    if size > max_bytes:
        megabytes, limit = size / (1024 * 1024), max_bytes / (1024 * 1024)
        raise TooLarge(path.name, f"filen är {megabytes:.0f} MB; högst {limit:.0f} MB läses – dela upp dokumentet")
    pages = _load_pdf(path, max_pages) if suffix == ".pdf" else [Page(None, _read_text(path))]
    if not any(page.text.strip() for page in pages):
        if suffix == ".pdf":
            raise NoTextLayer(path.name, "PDF-filen saknar textlager (inskannad bild?) – kör OCR först")
        raise EmptyDocument(path.name, "filen är tom")
    return pages


def unreadable_reason(error: OSError) -> str:
    """Why the operating system would not let ingest read a file, in Swedish, with the next step."""
    if isinstance(error, PermissionError):
        return "filen kunde inte läsas (behörighet saknas) – ge tjänsten läsrätt till filen"
    if isinstance(error, FileNotFoundError):
        return "filen försvann medan den lästes – indexera om"
    return f"filen kunde inte läsas ({error.strerror or error.__class__.__name__})"


def _probe(path: Path) -> int:
    """The file's size, after opening it once: a file the process may not read fails here, with a reason.

    Only a regular file is opened: opening a named pipe would wait for a writer for ever.
    """
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise UnreadableFile(path.name, NOT_A_FILE)
        with path.open("rb") as file:
            return os.fstat(file.fileno()).st_size
    except OSError as error:
        raise UnreadableFile(path.name, unreadable_reason(error)) from error


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(path.name, unreadable_reason(error)) from error
    # No text file the loaders read holds NUL; latin-1 would "decode" a binary or UTF-16 file into noise.
    if b"\x00" in data:
        raise UnreadableFile(path.name, BINARY_TEXT)
    for encoding in TEXT_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise EmptyDocument(path.name, "texten kunde inte avkodas")  # latin-1 decodes any bytes; unreachable


def _load_pdf(path: Path, max_pages: int) -> list[Page]:
    if path.stat().st_size == 0:
        raise EmptyDocument(path.name, "filen är tom")
    with PDFIUM_LOCK:
        return _read_pdf(path, max_pages)


def _read_pdf(path: Path, max_pages: int) -> list[Page]:
    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        if getattr(error, "err_code", None) == PASSWORD_ERROR:
            raise EncryptedPdf(path.name, "PDF-filen är lösenordsskyddad – spara en version utan lösenord") from error
        reason = str(error).removeprefix("Failed to load document ").strip("(). ") or error.__class__.__name__
        raise UnreadablePdf(path.name, f"PDF-filen kunde inte läsas ({reason}) – är den skadad?") from error
    try:
        count = len(document)
        if count > max_pages:
            raise TooLarge(path.name, f"PDF-filen har {count} sidor; högst {max_pages} läses – dela upp dokumentet")
        return [Page(number, _text(document, number)) for number in range(1, count + 1)]
    except pdfium.PdfiumError as error:
        raise UnreadablePdf(path.name, f"PDF-filen kunde inte läsas ({error}) – är den skadad?") from error
    finally:
        document.close()


def _text(document: pdfium.PdfDocument, number: int) -> str:
    page = document[number - 1]
    try:
        return page_text(page)
    finally:
        page.close()
