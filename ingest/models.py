"""The data model that flows from ingest through index to the assistant.

Records are frozen dataclasses: once a passage has an id, later stages must not
change what the id was computed from, or citations would point at other text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


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


@dataclass(frozen=True)
class Line:
    """A cleaned logical line with the page it came from and its 1-based source line."""

    text: str
    page: int | None
    source_line: int


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
    """A paragraph, list item or table row block, with its page and source lines."""

    text: str
    page: int | None
    first_line: int
    last_line: int


@dataclass(frozen=True)
class Document:
    """A parsed document: metadata, content hash and its sections in reading order."""

    meta: DocumentMeta
    content_hash: str
    sections: tuple[Section, ...]
    page_count: int | None = None

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

    def __post_init__(self) -> None:
        if not self.id:
            key = f"{self.doc_id}\x1f{self.page}\x1f{self.source_lines}\x1f{self.text}"
            object.__setattr__(self, "id", hashlib.sha256(key.encode()).hexdigest()[:16])

    @property
    def section(self) -> str | None:
        return self.section_path[-1] if self.section_path else None

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
        }

    @classmethod
    def from_dict(cls, data: dict) -> Passage:
        return cls(
            doc_id=data["doc_id"],
            doc_title=data["doc_title"],
            section_path=tuple(data["section_path"]),
            page=data["page"],
            text=data["text"],
            order=data["order"],
            source_lines=tuple(data["source_lines"]),
            year_span=tuple(data["year_span"]),
            index_text=data.get("index_text", ""),
            id=data["id"],
        )

    def __repr__(self) -> str:
        text = self.text if len(self.text) <= 100 else self.text[:97] + "..."
        return f"Passage(id={self.id!r}, doc={self.doc_id!r}, page={self.page}, text={text!r})"
