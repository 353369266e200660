"""Ingest: documents on disk → cleaned, structured Documents with provenance."""

from ingest.corpus import (
    CorpusResult,
    FolderScan,
    SkippedEntry,
    build_corpus,
    document_files,
    file_hash,
    hash_files,
    parse_document,
    scan_folder,
)
from ingest.errors import (
    EmptyDocument,
    EncryptedPdf,
    IngestError,
    NoTextLayer,
    PlanError,
    TooLarge,
    UnreadableFile,
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
    "FolderScan",
    "IngestError",
    "Line",
    "NoTextLayer",
    "Page",
    "Paragraph",
    "Passage",
    "PlanError",
    "Section",
    "SkippedEntry",
    "Table",
    "TooLarge",
    "UnreadableFile",
    "UnreadablePdf",
    "UnsupportedFormat",
    "build_corpus",
    "document_files",
    "extract_tables",
    "file_hash",
    "format_number",
    "hash_files",
    "normalise_for_match",
    "parse_document",
    "parse_number",
    "scan_folder",
    "split_numbers",
    "years_in",
]
