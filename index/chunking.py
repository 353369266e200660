"""Section-aware chunking: small passages that never cross a section, cut at paragraphs.

Small units keep citations precise; the retriever returns each hit with its
neighbours, so an answer still gets the surrounding text (measured: better
than both small and large fixed chunks on the dev set).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ingest.models import Document, Passage, Section
from ingest.sections import is_numeric_row
from ingest.text import years_in

if TYPE_CHECKING:  # imported where text is split: a question never loads it (0.3 s, 30 MB)
    from langchain_text_splitters import RecursiveCharacterTextSplitter

YEAR = re.compile(r"(19|20)\d\d")

# Bump when chunking changes in a way that changes passages: forces re-chunking.
CHUNKER_VERSION = 6
SEPARATORS = ["\n\n", "\n", ". ", "; ", ", ", " ", ""]


@dataclass(frozen=True)
class ChunkingConfig:
    """How documents are cut into passages; stored in the index manifest."""

    chunk_size: int = 600  # characters; chosen by bench/sweep.py on the dev set (README)
    chunk_overlap: int = 0  # neighbours are returned at query time instead

    def to_dict(self) -> dict:
        return {"chunk_size": self.chunk_size, "chunk_overlap": self.chunk_overlap, "version": CHUNKER_VERSION}


def chunk_document(document: Document, config: ChunkingConfig) -> list[Passage]:
    """Passages of one document in reading order, each within one section."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(
        chunk_size=config.chunk_size,
        chunk_overlap=config.chunk_overlap,
        separators=SEPARATORS,
        add_start_index=True,
        strip_whitespace=True,
        keep_separator="end",
    )
    passages: list[Passage] = []
    for section in document.sections:
        layout = _Layout.of(section)
        for text, start in _split_section(section, splitter):
            passages.append(_passage(document, section, text, layout.place(start, start + len(text)), len(passages)))
    return passages


def _split_section(section: Section, splitter: RecursiveCharacterTextSplitter):
    """Yield (chunk text, its offset in the section's text) for one section."""
    if not section.paragraphs:
        return
    text = "\n\n".join(paragraph.text for paragraph in section.paragraphs)
    for chunk in splitter.create_documents([text]):
        yield chunk.page_content, chunk.metadata["start_index"]


@dataclass(frozen=True)
class _Place:
    """Where a chunk is: the page it starts on, where it moves to other pages, its first and last source line."""

    page: int | None
    breaks: tuple[tuple[int, int], ...]
    source_lines: tuple[int, int]


@dataclass(frozen=True)
class _Layout:
    """A section's text ("\n\n" between paragraphs) mapped to pages and source lines by character offset."""

    pages: tuple[tuple[int, int | None], ...]  # (offset, page) where each run of text on one page starts
    lines: tuple[tuple[int, int, int], ...]  # (offset, first source line, last source line) per line

    @classmethod
    def of(cls, section: Section) -> _Layout:
        pages: list[tuple[int, int | None]] = []
        lines: list[tuple[int, int, int]] = []
        offset = 0
        for paragraph in section.paragraphs:
            pages.append((offset, paragraph.page))
            pages += [(offset + at, page) for at, page in paragraph.breaks]
            starts = paragraph.lines or ((0, paragraph.first_line, paragraph.last_line),)
            lines += [(offset + at, first, last) for at, first, last in starts]
            offset += len(paragraph.text) + 2
        return cls(tuple(pages), tuple(lines))

    def place(self, start: int, end: int) -> _Place:
        """The place of the text from ``start`` to ``end`` (exclusive)."""
        page = self.pages[bisect_right(self.pages, start, key=lambda item: item[0]) - 1][1]
        breaks, current = [], page
        for offset, on in self.pages:
            if start < offset < end and on is not None and on != current:
                breaks.append((offset - start, on))
                current = on
        first = self.lines[bisect_right(self.lines, start, key=lambda item: item[0]) - 1][1]
        last = self.lines[bisect_right(self.lines, max(start, end - 1), key=lambda item: item[0]) - 1][2]
        return _Place(page, tuple(breaks), (first, last))


def _passage(document: Document, section: Section, text: str, place: _Place, order: int) -> Passage:
    meta = document.meta
    return Passage(
        doc_id=meta.doc_id,
        doc_title=meta.title,
        section_path=section.path,
        page=place.page,
        text=text,
        order=order,
        source_lines=place.source_lines,
        year_span=years_in(text) or meta.years,
        index_text=index_text(meta.title, section, text),
        page_breaks=place.breaks,
    )


def index_text(title: str, section: Section, text: str) -> str:
    """The text search engines see: title, section path, table column headers, then the passage."""
    parts = [title, " > ".join(section.path)]
    header = table_header(section)
    if header and header not in text:
        parts.append(header)
    parts.append(text)
    return "\n".join(parts)


def table_header(section: Section) -> str | None:
    """In a table section, the text before its first row of figures (caption and column headers)."""
    if not section.is_table:
        return None
    header: list[str] = []
    for paragraph in section.paragraphs:
        if is_numeric_row(paragraph.text) and not _only_years(paragraph.text):
            break
        header.append(paragraph.text)
    return " ".join(header)[:300] or None


def _only_years(text: str) -> bool:
    """A column-header row: its figures are all years ("Utfall Budget 2025 2026")."""
    figures = [token for token in text.split() if any(ch.isdigit() for ch in token)]
    return all(YEAR.fullmatch(token.strip("*")) for token in figures)
