"""The product's error tree, rooted here because ingest is the first stage.

    PlanError
    ├── IngestError            a document could not be read
    │   ├── UnsupportedFormat
    │   ├── EmptyDocument
    │   ├── UnreadablePdf
    │   ├── EncryptedPdf
    │   ├── NoTextLayer
    │   ├── UnreadableFile     no permission, an I/O error, or bytes that are not text
    │   └── TooLarge           over the size or page limit (ingest.loaders)
    ├── IndexNotBuilt          (index.errors) no usable index on disk
    ├── ModelError             (index.errors) the embedding model is missing or altered
    └── SettingsError          (assistant.errors) a PA_* setting has a bad value

Every message is Swedish and says what happened, where, and what to do next.
An entry of the documents folder that is no document (a subfolder, a link out of the
folder) is not an error either: it is a ``SkippedEntry`` in the ingest report.
Abstaining is not an error: it is an ``Answer`` with ``abstained=True``.
"""

from __future__ import annotations


class PlanError(Exception):
    """Base class of every error the product raises on purpose."""


class IngestError(PlanError):
    """A document could not be read; the others are still ingested."""

    def __init__(self, document: str, reason: str) -> None:
        super().__init__(f"{document}: {reason}")
        self.document = document
        self.reason = reason


class UnsupportedFormat(IngestError):
    """The file's extension is not one the loaders read."""


class EmptyDocument(IngestError):
    """The file holds no text."""


class UnreadablePdf(IngestError):
    """PDFium could not parse the file as a PDF."""


class EncryptedPdf(IngestError):
    """The PDF is password protected."""


class NoTextLayer(IngestError):
    """The PDF has pages but no extractable text (a scan without OCR)."""


class UnreadableFile(IngestError):
    """The file could not be read: no permission, an I/O error, or (for text) binary bytes."""


class TooLarge(IngestError):
    """The file is larger, or the PDF has more pages, than ingest reads."""
