"""Ingest: documents on disk → cleaned, structured Documents with provenance."""

from ingest.corpus import CorpusResult, build_corpus, document_files, file_hash, parse_document
from ingest.errors import (
    EmptyDocument,
    EncryptedPdf,
    IngestError,
    NoTextLayer,
    PlanError,
    TooLarge,
    UnreadablePdf,
    UnsupportedFormat,
)
from ingest.models import Cell, Document, DocumentMeta, Line, Page, Paragraph, Passage, Section, Table
from ingest.numbers import format_number, parse_number, split_numbers
from ingest.tables import extract_tables
from ingest.text import normalise_for_match, years_in

__all__ = [
    "Cell",
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
    "Table",
    "TooLarge",
    "UnreadablePdf",
    "UnsupportedFormat",
    "build_corpus",
    "document_files",
    "extract_tables",
    "file_hash",
    "format_number",
    "normalise_for_match",
    "parse_document",
    "parse_number",
    "split_numbers",
    "years_in",
]
