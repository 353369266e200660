"""The Styrmodellen page's data: målområden with goal, nyckeltal and uppdrag, and the boards, each with its source."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from ingest.assignments import Assignment, Board, GoalArea, KeyFigure
from ingest.headings import is_contact, is_name_list
from ingest.models import Passage

Record = GoalArea | KeyFigure | Assignment | Board
LOOKAHEAD = 10
"""Lines after a record searched for its passage when none holds the record's own lines."""


class PassageLookup(Protocol):
    """What ``passage_text`` needs of ``index.Retriever``."""

    def position_of_line(self, doc_id: str, source_line: int | None) -> int | None: ...

    def context(self, position: int) -> str: ...


@dataclass(frozen=True)
class SteeringArea:
    """One målområde with its övergripande mål, long-term nyckeltal and uppdrag, in the document's order."""

    area: GoalArea
    key_figures: tuple[KeyFigure, ...]
    assignments: tuple[Assignment, ...]


def steering_document(registry: Sequence[object]) -> str | None:
    """The plan whose steering model is shown: the newest document (by the years in its title) with målområden."""
    areas = [record for record in registry if isinstance(record, GoalArea)]
    if not areas:
        return None
    return max(areas, key=lambda area: (_title_year(area.doc_title), area.doc_id)).doc_id


def steering_model(registry: Sequence[object], doc_id: str | None = None) -> list[SteeringArea]:
    """The målområden of ``doc_id`` (default ``steering_document``) in the order the plan presents them."""
    doc_id = doc_id or steering_document(registry)
    records = [record for record in registry if getattr(record, "doc_id", None) == doc_id]
    areas = sorted((r for r in records if isinstance(r, GoalArea)), key=lambda area: area.source_lines)
    return [
        SteeringArea(
            area,
            tuple(sorted((r for r in records if isinstance(r, KeyFigure) and r.goal_area == area.name), key=_order)),
            tuple(sorted((r for r in records if isinstance(r, Assignment) and r.goal_area == area.name), key=_order)),
        )
        for area in areas
    ]


def boards(registry: Sequence[object], doc_id: str | None = None) -> list[Board]:
    """The boards (fullmäktige, styrelse, nämnder) the plan names, in its order."""
    doc_id = doc_id or steering_document(registry)
    return sorted((r for r in registry if isinstance(r, Board) and r.doc_id == doc_id), key=_order)


def owners_text(assignment: Assignment) -> str:
    """The uppdrag's owners as Swedish text: "Regionstyrelsen och hälso- och sjukvårdsnämnden"."""
    owners = list(assignment.owners)
    if not owners:
        return "Ingen ägare angiven"
    if len(owners) == 1:
        return owners[0]
    return ", ".join(owners[:-1]) + " och " + owners[-1]


def board_text(board: Board) -> str:
    """The board as a list item: "Hälso- och sjukvårdsnämnden (HSN), nämnd"."""
    abbreviation = f" ({board.abbreviation})" if board.abbreviation else ""
    return f"{board.name}{abbreviation}, {board.kind}"


def source_label(record: Record) -> str:
    """The record's source as an expander label: document title, section, source lines."""
    first, last = record.source_lines
    lines = f"rad {first}" if first == last else f"rad {first}–{last}"
    section = " › ".join(record.section_path)
    page = f", s. {record.page}" if record.page else ""
    return f"Källa: {record.doc_title}" + (f", {section}" if section else "") + f"{page}, {lines}"


def list_source_label(records: Sequence[Record]) -> str:
    """The source of a list of records in one section: its first record's section, lines first to last.

    Written for the caption under a list: "Källa: Regionplan och budget 2026–2028, Målområde för Kultur › Uppdrag …, rad 894–896".
    """
    first, last = records[0].source_lines[0], records[-1].source_lines[1]
    section = " › ".join(records[0].section_path)
    lines = f"rad {first}" if first == last else f"rad {first}–{last}"
    return f"Källa: {records[0].doc_title}" + (f", {section}" if section else "") + f", {lines}"


def passage_text(retriever: PassageLookup, record: Record) -> str | None:
    """The indexed passage holding the record's lines, with its neighbours; None if it is not indexed.

    The first of the record's lines that a passage holds: a heading line ("Målområde för …") is
    part of the passages' section path, not of their text. A goal printed as a heading has no
    passage of its own; then the passage that follows it within ``LOOKAHEAD`` lines.
    """
    first, last = record.source_lines
    for line in range(first, last + LOOKAHEAD + 1):
        position = retriever.position_of_line(record.doc_id, line)
        if position is not None:
            return retriever.context(position)
    return None


def _order(record: Record) -> tuple[int, int]:
    return record.source_lines


def _title_year(title: str) -> int:
    years = [int(year) for year in re.findall(r"\b(?:19|20)\d{2}\b", title)]
    return max(years) if years else 0


# --- The steering model in the plan's own words -------------------------------------------

MODEL_SECTION = re.compile(r"^(vår |regionens )?styrmodell(en)?$", re.IGNORECASE)
"""The section that explains the steering model and the styrkedja ("Styrmodell")."""
LEVEL_SECTION = re.compile(r"^Nivå\s+\d+\b", re.IGNORECASE)
"""The sections of the budget's levels ("Nivå 1 Regionfullmäktige")."""
LEVELS_SENTENCE = re.compile(r"\bnivåer\b", re.IGNORECASE)
FIGURE_CAPTION = re.compile(r"\s*\b(Figur|Bild|Diagram)\s+\d+\.\s[^.]*\.")
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])")
MIN_STATEMENT_WORDS = 4


@dataclass(frozen=True)
class Statement:
    """A statement of the plan shown as text, in the plan's own words, with its source as a citation line.

    ``lead`` is the bold name it is shown under ("Nivå 1 Regionfullmäktige"), if any.
    """

    text: str
    source: str
    lead: str | None = None


def model_statements(passages: Sequence[Passage], doc_id: str | None) -> list[Statement]:
    """The plan's explanation of its steering model and styrkedja: the styrmodell section's paragraphs, in order."""
    return [
        Statement(text, citation_line(passage))
        for passage in _in_order(passages, doc_id)
        if MODEL_SECTION.match(passage.section or "")
        for text in statements_of(passage.text)
    ]


def budget_levels(passages: Sequence[Passage], doc_id: str | None) -> list[Statement]:
    """The budget's levels: the sentence that introduces them, then each level with its text, in the plan's order."""
    ordered = _in_order(passages, doc_id)
    first = next((index for index, passage in enumerate(ordered) if LEVEL_SECTION.match(passage.section or "")), None)
    if first is None:
        return []
    before = [passage for passage in ordered[:first] if passage.section_path == ordered[first - 1].section_path]
    found = [
        Statement(sentence, citation_line(passage))
        for passage in before
        for sentence in SENTENCE.split(passage.text.replace("\n\n", " "))
        if LEVELS_SENTENCE.search(sentence)
    ]
    shown: str | None = None  # the level whose name was last shown as a lead
    for passage in ordered[first:]:
        if not LEVEL_SECTION.match(passage.section or ""):
            break
        for text in statements_of(passage.text):
            found.append(Statement(text, citation_line(passage), passage.section if passage.section != shown else None))
            shown = passage.section
    return found


def statements_of(text: str) -> list[str]:
    """A passage's paragraphs as statements: figure captions cut out, and no names, contact lines or fragments."""
    paragraphs = (FIGURE_CAPTION.sub("", paragraph).strip() for paragraph in text.split("\n\n"))
    return [paragraph for paragraph in paragraphs if paragraph and not is_noise(paragraph)]


def is_noise(text: str) -> bool:
    """A line that states nothing: a list of names or parties, a signature, a contact line, a few words."""
    return is_name_list(text) or is_contact(text) or len(text.split()) < MIN_STATEMENT_WORDS


def citation_line(passage: Passage) -> str:
    """The small line under a statement: "Källa: Regionplan och budget 2026–2028, Styrmodell, rad 73–75"."""
    first, last = passage.source_lines
    lines = f"rad {first}" if first == last else f"rad {first}–{last}"
    section = " › ".join(passage.section_path)
    page = f", s. {passage.page}" if passage.page else ""
    return f"Källa: {passage.doc_title}" + (f", {section}" if section else "") + f"{page}, {lines}"


def _in_order(passages: Sequence[Passage], doc_id: str | None) -> list[Passage]:
    return sorted((passage for passage in passages if passage.doc_id == doc_id), key=lambda passage: passage.order)
