"""Ingest: documents on disk → cleaned, structured Documents with provenance."""

from ingest.corpus import CorpusResult, build_corpus, document_files, file_hash, parse_document
from ingest.errors import (
    EmptyDocument,
    EncryptedPdf,
    IngestError,
    NoTextLayer,
    PlanError,
    UnreadablePdf,
    UnsupportedFormat,
)
from ingest.models import Document, DocumentMeta, Line, Page, Paragraph, Passage, Section
from ingest.text import normalise_for_match, years_in

__all__ = [
    "CorpusResult",
    "Document",
    "DocumentMeta",
    "EmptyDocument",
    "EncryptedPdf",
    "IngestError",
    "Line",
    "NoTextLayer",
    "Page",
    "Paragraph",
    "Passage",
    "PlanError",
    "Section",
    "UnreadablePdf",
    "UnsupportedFormat",
    "build_corpus",
    "document_files",
    "file_hash",
    "normalise_for_match",
    "parse_document",
    "years_in",
]
