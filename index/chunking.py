"""Section-aware chunking: small passages that never cross a section, cut at paragraphs.

Small units keep citations precise; the retriever returns each hit with its
neighbours, so an answer still gets the surrounding text (measured: better
than both small and large fixed chunks on the dev set).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ingest.models import Document, Paragraph, Passage, Section
from ingest.sections import is_numeric_row
from ingest.text import years_in

if TYPE_CHECKING:  # imported where text is split: a question never loads it (0.3 s, 30 MB)
    from langchain_text_splitters import RecursiveCharacterTextSplitter

YEAR = re.compile(r"(19|20)\d\d")

# Bump when chunking changes in a way that changes passages: forces re-chunking.
CHUNKER_VERSION = 5
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
        for text, paragraph, last in _split_section(section, splitter):
            passages.append(_passage(document, section, text, paragraph, last, len(passages)))
    return passages


def _split_section(section: Section, splitter: RecursiveCharacterTextSplitter):
    """Yield (chunk text, first paragraph, last paragraph) for one section."""
    paragraphs = section.paragraphs
    if not paragraphs:
        return
    text = "\n\n".join(paragraph.text for paragraph in paragraphs)
    starts, offset = [], 0
    for paragraph in paragraphs:
        starts.append(offset)
        offset += len(paragraph.text) + 2
    for chunk in splitter.create_documents([text]):
        start = chunk.metadata["start_index"]
        end = start + len(chunk.page_content)
        first = _paragraph_at(paragraphs, starts, start)
        last = _paragraph_at(paragraphs, starts, max(start, end - 1))
        yield chunk.page_content, first, last


def _paragraph_at(paragraphs: tuple[Paragraph, ...], starts: list[int], offset: int) -> Paragraph:
    index = 0
    for position, start in enumerate(starts):
        if start <= offset:
            index = position
    return paragraphs[index]


def _passage(document: Document, section: Section, text: str, first: Paragraph, last: Paragraph, order: int) -> Passage:
    meta = document.meta
    return Passage(
        doc_id=meta.doc_id,
        doc_title=meta.title,
        section_path=section.path,
        page=first.page,
        text=text,
        order=order,
        source_lines=(first.first_line, last.last_line),
        year_span=years_in(text) or meta.years,
        index_text=index_text(meta.title, section, text),
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
