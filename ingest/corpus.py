"""Read a documents folder into parsed Documents, naming each unreadable file and each skipped entry with why."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ingest.assignments import extract_assignments
from ingest.clean import blank_line_breaks, clean_pages
from ingest.errors import EmptyDocument, IngestError, UnreadableFile
from ingest.loaders import NOT_A_FILE, SUPPORTED_SUFFIXES, load_pages, unreadable_reason
from ingest.manifest import MANIFEST_NAME, document_meta, read_manifest
from ingest.models import Document
from ingest.sections import split_sections
from ingest.tables import extract_tables

# Bump when parsing changes what a document yields (sections, tables, assignments):
# the index manifest records it, and a different value re-ingests every document.
INGEST_VERSION = 6

# Why an entry of the documents folder is not read (Swedish; shown after its name in the report).
LINKED_FOLDER = "länkad mapp – bara filer direkt i dokumentmappen läses, inte undermappar"
SUBFOLDER = "undermapp – bara filer direkt i dokumentmappen läses, inte undermappar"
LINK_OUTSIDE = "symbolisk länk till en fil utanför dokumentmappen – bara filer i mappen läses; kopiera in filen i stället"
BROKEN_LINK = "trasig symbolisk länk – den pekar på något som inte finns"


@dataclass(frozen=True)
class SkippedEntry:
    """An entry of the documents folder that is no document ingest reads, and why (Swedish, for the user).

    Frozen: it records the folder as it was scanned; the report, the index manifest and the
    Dokument page show it unchanged. Hidden entries and the manifest are not documents and are
    not reported.
    """

    name: str
    reason: str

    def message(self) -> str:
        return f"{self.name}: {self.reason}"


@dataclass(frozen=True)
class FolderScan:
    """What the documents folder holds: the files to read (sorted by name) and every entry skipped, with why."""

    files: tuple[Path, ...]
    skipped: tuple[SkippedEntry, ...]


@dataclass(frozen=True)
class CorpusResult:
    """The documents that were read, per unreadable file why, and the folder's entries that are no documents."""

    documents: tuple[Document, ...]
    errors: tuple[IngestError, ...]
    skipped: tuple[SkippedEntry, ...] = ()


def scan_folder(documents_dir: Path) -> FolderScan:
    """Sort the folder's entries into files to read and skipped entries; not the manifest, not hidden entries.

    Policy: ingest reads only the folder's own files. A subfolder or a linked folder is skipped
    (not walked), and a symbolic link is followed only to a file inside the folder: ingest never
    reads outside it. A file of a type the loaders do not read stays a file here, and parsing
    reports it (UnsupportedFormat), as it does a file it may not open.
    """
    if not documents_dir.is_dir():
        return FolderScan((), ())
    inside = documents_dir.resolve()
    files: list[Path] = []
    skipped: list[SkippedEntry] = []
    for path in sorted(documents_dir.iterdir()):
        if path.name.startswith(".") or path.name == MANIFEST_NAME:
            continue
        reason = _skip_reason(path, inside)
        if reason is None:
            files.append(path)
        else:
            skipped.append(SkippedEntry(path.name, reason))
    return FolderScan(tuple(files), tuple(skipped))


def document_files(documents_dir: Path) -> list[Path]:
    """Every candidate file in the folder (not the manifest, not hidden files), sorted by name (see ``scan_folder``)."""
    return list(scan_folder(documents_dir).files)


def _skip_reason(path: Path, inside: Path) -> str | None:
    """Why ``path`` is not a file to read, or None when it is one."""
    linked = path.is_symlink()
    try:
        target = path.resolve(strict=True) if linked else path
    except (OSError, RuntimeError):  # a missing target, or a loop of links (RuntimeError before Python 3.13)
        return BROKEN_LINK
    if target.is_dir():
        return LINKED_FOLDER if linked else SUBFOLDER
    if linked and not target.is_relative_to(inside):
        return LINK_OUTSIDE
    if not target.is_file():
        return NOT_A_FILE
    return None


def file_hash(path: Path) -> str:
    """sha256 of a file's bytes: the key for incremental re-ingest. Raises UnreadableFile if it cannot be read."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as error:
        raise UnreadableFile(path.name, unreadable_reason(error)) from error


def hash_files(paths: Iterable[Path]) -> tuple[dict[str, str], tuple[IngestError, ...]]:
    """Each readable file's sha256 by name, and an UnreadableFile error for each file that cannot be read."""
    hashes: dict[str, str] = {}
    errors: list[IngestError] = []
    for path in paths:
        try:
            hashes[path.name] = file_hash(path)
        except IngestError as error:
            errors.append(error)
    return hashes, tuple(errors)


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
    """Parse the documents in ``documents_dir``; files that fail, and entries that are no files, are reported, not fatal.

    Args:
        documents_dir: the folder to read.
        only: file names to parse (the changed ones); ``None`` parses all.
        on_file: called before each file, for progress display.
    """
    manifest = read_manifest(documents_dir)
    wanted = None if only is None else set(only)
    documents: list[Document] = []
    errors: list[IngestError] = []
    scan = scan_folder(documents_dir)
    for path in scan.files:
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
    return CorpusResult(tuple(documents), tuple(errors), scan.skipped)


def _unsupported(path: Path) -> IngestError:
    try:
        load_pages(path)
    except IngestError as error:
        return error
    raise AssertionError("load_pages accepted an unsupported suffix")  # pragma: no cover
