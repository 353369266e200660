"""Read a documents folder into parsed Documents, reporting each unreadable file by name."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ingest.assignments import extract_assignments
from ingest.clean import blank_line_breaks, clean_pages
from ingest.errors import EmptyDocument, IngestError
from ingest.loaders import SUPPORTED_SUFFIXES, load_pages
from ingest.manifest import MANIFEST_NAME, document_meta, read_manifest
from ingest.models import Document
from ingest.sections import split_sections
from ingest.tables import extract_tables

log = logging.getLogger(__name__)

# Bump when parsing changes what a document yields (sections, tables, assignments):
# the index manifest records it, and a different value re-ingests every document.
INGEST_VERSION = 4


@dataclass(frozen=True)
class CorpusResult:
    """The documents that were read and, per skipped file, why it was skipped."""

    documents: tuple[Document, ...]
    errors: tuple[IngestError, ...]


def document_files(documents_dir: Path) -> list[Path]:
    """Every candidate file in the folder (not the manifest, not hidden files), sorted by name.

    A symbolic link that leads out of the folder is left out (and logged): ingest never reads outside it.
    """
    if not documents_dir.is_dir():
        return []
    inside = documents_dir.resolve()
    files: list[Path] = []
    for path in sorted(documents_dir.iterdir()):
        if not path.is_file() or path.name.startswith(".") or path.name == MANIFEST_NAME:
            continue
        if path.is_symlink() and not path.resolve().is_relative_to(inside):
            log.warning("%s är en symbolisk länk ut ur dokumentmappen och läses inte", path.name)
            continue
        files.append(path)
    return files


def file_hash(path: Path) -> str:
    """sha256 of a file's bytes: the key for incremental re-ingest."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def parse_document(path: Path, manifest_entry: dict[str, str] | None = None) -> Document:
    """Load, clean and structure one file. Raises an IngestError subclass on bad input."""
    pages = load_pages(path)
    lines = clean_pages(pages)
    if not lines:
        raise EmptyDocument(path.name, "filen innehåller ingen läsbar text")
    meta = document_meta(path.name, manifest_entry, lines)
    sections = split_sections(lines, blank_line_breaks(pages), meta.title)
    page_count = len(pages) if pages[0].number is not None else None
    tables = extract_tables(lines, sections, meta)
    registry = extract_assignments(lines, sections, meta)
    return Document(meta, file_hash(path), tuple(sections), page_count, tables, registry)


def build_corpus(
    documents_dir: Path,
    only: Iterable[str] | None = None,
    on_file: Callable[[Path], None] | None = None,
) -> CorpusResult:
    """Parse the documents in ``documents_dir``; files that fail are reported, not fatal.

    Args:
        documents_dir: the folder to read.
        only: file names to parse (the changed ones); ``None`` parses all.
        on_file: called before each file, for progress display.
    """
    manifest = read_manifest(documents_dir)
    wanted = None if only is None else set(only)
    documents: list[Document] = []
    errors: list[IngestError] = []
    for path in document_files(documents_dir):
        if wanted is not None and path.name not in wanted:
            continue
        if on_file:
            on_file(path)
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            errors.append(_unsupported(path))
            continue
        try:
            documents.append(parse_document(path, manifest.get(path.name)))
        except IngestError as error:
            errors.append(error)
    return CorpusResult(tuple(documents), tuple(errors))


def _unsupported(path: Path) -> IngestError:
    try:
        load_pages(path)
    except IngestError as error:
        return error
    raise AssertionError("load_pages accepted an unsupported suffix")  # pragma: no cover
