"""The data model that flows from ingest through index to the assistant.

Records are frozen dataclasses: once a passage has an id, later stages must not
change what the id was computed from, or citations would point at other text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from sys import intern


@dataclass(frozen=True)
class DocumentMeta:
    """What the manifest (or the text itself) says about one document.

    ``doc_id`` is the file name, the stable key users see in citations.
    Fields the document does not state are ``None``.
    """

    doc_id: str
    title: str
    kind: str | None = None
    organ: str | None = None
    period: str | None = None
    date: str | None = None
    diarienummer: str | None = None

    @property
    def years(self) -> tuple[int, ...]:
        """The years the period names, e.g. (2026, 2027, 2028) for "2026–2028"."""
        from ingest.text import years_in

        return years_in(self.period or "")


@dataclass(frozen=True)
class Page:
    """One page of extracted text; ``number`` is 1-based, ``None`` for plain text files."""

    number: int | None
    text: str


PageBreaks = tuple[tuple[int, int], ...]
"""Where a text moves to another page: (character offset, page) pairs, the text from the offset on being on that page."""


@dataclass(frozen=True)
class Line:
    """A cleaned logical line with the page it came from and its 1-based source line.

    A word broken over two lines is joined into the first; ``last_line`` is then the
    source line its text ends on and ``breaks`` where the text moves to the next page,
    when the break was also a page break. Neither takes part in equality.
    """

    text: str
    page: int | None
    source_line: int
    last_line: int | None = field(default=None, compare=False)
    breaks: PageBreaks = field(default=(), compare=False)

    @property
    def end_line(self) -> int:
        """The last source line this line's text comes from."""
        return self.last_line or self.source_line


@dataclass(frozen=True)
class Section:
    """A run of paragraphs under one heading.

    ``path`` runs from the outermost heading to this one, e.g.
    ("Målområde för Kollektivtrafik", "Uppdrag till regionstyrelsen och nämnderna 2026:").
    ``paragraphs`` keep their first line's page so chunks can cite it.
    """

    path: tuple[str, ...]
    paragraphs: tuple[Paragraph, ...]

    @property
    def title(self) -> str:
        return self.path[-1] if self.path else ""

    @property
    def is_table(self) -> bool:
        """A section whose heading is a table caption ("Tabell 3. …")."""
        return self.title.lower().startswith("tabell")

    def __repr__(self) -> str:
        return f"Section({' > '.join(self.path)!r}, {len(self.paragraphs)} paragraphs)"


@dataclass(frozen=True)
class Paragraph:
    """A paragraph, list item or table row block, with its page and source lines.

    ``breaks`` says where the text moves to another page and ``lines`` where each of its
    lines starts: (offset, first source line, last source line). With them a passage cut
    from the middle of a paragraph knows its own pages and lines.
    """

    text: str
    page: int | None
    first_line: int
    last_line: int
    breaks: PageBreaks = field(default=(), compare=False)
    lines: tuple[tuple[int, int, int], ...] = field(default=(), compare=False)

    @classmethod
    def from_lines(cls, lines: list[Line] | tuple[Line, ...]) -> Paragraph:
        """The paragraph of consecutive lines, joined by spaces, with their pages and line offsets."""
        parts: list[str] = []
        breaks: list[tuple[int, int]] = []
        starts: list[tuple[int, int, int]] = []
        offset, page = 0, lines[0].page
        for line in lines:
            if line.page != page and line.page is not None:
                breaks.append((offset, line.page))
            breaks += [(offset + at, on) for at, on in line.breaks]
            page = breaks[-1][1] if breaks else page
            starts.append((offset, line.source_line, line.end_line))
            parts.append(line.text)
            offset += len(line.text) + 1
        text = " ".join(parts)
        return cls(text, lines[0].page, lines[0].source_line, lines[-1].end_line, tuple(breaks), tuple(starts))


@dataclass(frozen=True)
class Document:
    """A parsed document: metadata, content hash and its sections in reading order."""

    meta: DocumentMeta
    content_hash: str
    sections: tuple[Section, ...]
    page_count: int | None = None
    tables: tuple[Table, ...] = ()
    registry: tuple = ()  # ingest.assignments records: boards, målområden, nyckeltal, uppdrag, follow-ups

    @property
    def doc_id(self) -> str:
        return self.meta.doc_id

    def __repr__(self) -> str:
        return f"Document({self.doc_id!r}, {len(self.sections)} sections)"


@dataclass(frozen=True)
class Passage:
    """The unit that is indexed, retrieved and cited.

    ``order`` is the passage's position in its document, so a hit can be returned
    with its neighbours; ``id`` is a content hash, stable across re-ingests.
    ``page`` is the page its text starts on and ``page_breaks`` where the text moves on to
    another page (a PDF passage over a page break): ``pages`` and ``page_at`` read them.
    ``index_text`` is what search engines see: the text with its document title,
    section path and, in a table, the column headers, which the text alone lacks.
    """

    doc_id: str
    doc_title: str
    section_path: tuple[str, ...]
    page: int | None
    text: str
    order: int
    source_lines: tuple[int, int]
    year_span: tuple[int, ...] = ()
    index_text: str = field(default="", compare=False)
    id: str = field(default="")
    page_breaks: PageBreaks = ()

    def __post_init__(self) -> None:
        if not self.id:
            key = f"{self.doc_id}\x1f{self.page}\x1f{self.source_lines}\x1f{self.text}"
            object.__setattr__(self, "id", hashlib.sha256(key.encode()).hexdigest()[:16])

    @property
    def section(self) -> str | None:
        return self.section_path[-1] if self.section_path else None

    @property
    def pages(self) -> tuple[int, ...]:
        """Every page the passage's text is on, in order; empty for a text file."""
        found = [page for page in (self.page, *(page for _, page in self.page_breaks)) if page is not None]
        return tuple(dict.fromkeys(found))

    def page_at(self, offset: int) -> int | None:
        """The page the character at ``offset`` in ``text`` is on (a sentence's page, say)."""
        page = self.page
        for start, on in self.page_breaks:
            if start <= offset:
                page = on
        return page

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "doc_title": self.doc_title,
            "section_path": list(self.section_path),
            "page": self.page,
            "text": self.text,
            "order": self.order,
            "source_lines": list(self.source_lines),
            "year_span": list(self.year_span),
            "index_text": self.index_text,
            "page_breaks": [list(pair) for pair in self.page_breaks],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Passage:
        return cls(
            doc_id=intern(data["doc_id"]),
            doc_title=intern(data["doc_title"]),
            section_path=tuple(intern(heading) for heading in data["section_path"]),
            page=data["page"],
            text=data["text"],
            order=data["order"],
            source_lines=tuple(data["source_lines"]),
            year_span=tuple(data["year_span"]),
            index_text=data.get("index_text", ""),
            id=data["id"],
            page_breaks=tuple((start, page) for start, page in data.get("page_breaks", ())),
        )

    def __repr__(self) -> str:
        text = self.text if len(self.text) <= 100 else self.text[:97] + "..."
        return f"Passage(id={self.id!r}, doc={self.doc_id!r}, page={self.page}, text={text!r})"


def _intern_optional(text: str | None) -> str | None:
    """``text`` interned (one copy per process of a label thousands of records repeat), or None."""
    return None if text is None else intern(text)


@dataclass(frozen=True)
class Cell:
    """One figure of a parsed table, traceable to where it stands.

    ``value`` is exact (``Decimal``) so sums and differences are exact too; it is
    ``None`` for a cell that holds no figure ("-", "Ingen avgift"). ``raw`` is the
    text as the document prints it ("-7 267,6", "<16%", "348*").
    """

    table_id: str
    row_label: str
    col_label: str
    raw: str
    value: Decimal | None
    year: int | None = None
    kind: str | None = None  # Utfall, Budget, Prognos, Plan, … as the column header says
    page: int | None = None
    source_line: int | None = None

    def to_dict(self) -> dict:
        return {
            "table_id": self.table_id,
            "row_label": self.row_label,
            "col_label": self.col_label,
            "raw": self.raw,
            "value": None if self.value is None else str(self.value),
            "year": self.year,
            "kind": self.kind,
            "page": self.page,
            "source_line": self.source_line,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Cell:
        value = data.get("value")
        return cls(
            table_id=intern(data["table_id"]),
            row_label=intern(data["row_label"]),
            col_label=intern(data["col_label"]),
            raw=data["raw"],
            value=None if value is None else Decimal(value),
            year=data.get("year"),
            kind=_intern_optional(data.get("kind")),
            page=data.get("page"),
            source_line=data.get("source_line"),
        )


@dataclass(frozen=True)
class Table:
    """A parsed table: caption, provenance, unit, and its cells in row-major order.

    ``table_id`` is "<doc_id>#<caption number or slug>", stable across re-ingests.
    ``rows`` and ``columns`` keep the document's order; ``frame()`` gives the
    pandas view (rows = line items, columns = column labels, values Decimal).
    ``problems`` lists identity checks that failed (e.g. a sum that does not add
    up in the document itself), in Swedish, so nothing is trusted silently.
    """

    table_id: str
    doc_id: str
    doc_title: str
    caption: str
    section_path: tuple[str, ...]
    page: int | None
    source_lines: tuple[int, int]
    unit: str | None  # "mkr", "tkr", "%", "kr", …
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[Cell, ...]
    problems: tuple[str, ...] = ()

    def frame(self):
        """A pandas DataFrame of the values (Decimal or None), rows × columns in document order."""
        import pandas as pd

        frame = pd.DataFrame(index=list(self.rows), columns=list(self.columns), dtype=object)
        for cell in self.cells:
            frame.loc[cell.row_label, cell.col_label] = cell.value
        return frame

    def cell(self, row_label: str, col_label: str) -> Cell | None:
        """The cell at exactly this row and column label, if any."""
        for cell in self.cells:
            if cell.row_label == row_label and cell.col_label == col_label:
                return cell
        return None

    @property
    def pages(self) -> tuple[int, ...]:
        """Every page the table is printed on: a table split over a page break has both."""
        found = [page for page in (self.page, *(cell.page for cell in self.cells)) if page is not None]
        return tuple(sorted(set(found)))

    def row(self, row_label: str) -> tuple[Cell, ...]:
        """The cells of one row, in column order."""
        return tuple(cell for cell in self.cells if cell.row_label == row_label)

    def to_dict(self) -> dict:
        return {
            "table_id": self.table_id,
            "doc_id": self.doc_id,
            "doc_title": self.doc_title,
            "caption": self.caption,
            "section_path": list(self.section_path),
            "page": self.page,
            "source_lines": list(self.source_lines),
            "unit": self.unit,
            "rows": list(self.rows),
            "columns": list(self.columns),
            "cells": [cell.to_dict() for cell in self.cells],
            "problems": list(self.problems),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Table:
        return cls(
            table_id=intern(data["table_id"]),
            doc_id=intern(data["doc_id"]),
            doc_title=intern(data["doc_title"]),
            caption=data["caption"],
            section_path=tuple(intern(heading) for heading in data["section_path"]),
            page=data["page"],
            source_lines=tuple(data["source_lines"]),
            unit=_intern_optional(data["unit"]),
            rows=tuple(intern(label) for label in data["rows"]),
            columns=tuple(intern(label) for label in data["columns"]),
            cells=tuple(Cell.from_dict(cell) for cell in data["cells"]),
            problems=tuple(data.get("problems", ())),
        )

    @property
    def document_year(self) -> int:
        """The last year its document's title (or file name) names: newer plans rank first."""
        from ingest.text import years_in

        years = years_in(self.doc_title) or years_in(self.doc_id)
        return max(years) if years else 0

    def __repr__(self) -> str:
        return f"Table({self.table_id!r}, {len(self.rows)}×{len(self.columns)}, unit={self.unit!r})"
