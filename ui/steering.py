"""The Styrmodellen page's data: målområden with goal, nyckeltal and uppdrag, and the boards, each with its source."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from index.search import Retriever
from ingest.assignments import Assignment, Board, GoalArea, KeyFigure
from ingest.text import years_in

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


# The steering model's own text: where it names the styrmodell and styrkedja, and the three budget levels.
CORE_SECTIONS = re.compile(r"^Nivå [1-3]\b", re.IGNORECASE)
CORE_TEXT = re.compile(r"\bstyrkedja|\bStyrmodellen (beskriver|innebär)", re.IGNORECASE)


def core_passages(retriever: Retriever) -> list[tuple[str, str]]:
    """The passages that explain the styrmodell and the budget levels, as (source label, text), in reading order.

    Found by their section headings in the newest plan, so the explanation is the document's own words.
    """
    newest = max(
        (p.doc_title for p in retriever.passages if "regionplan" in p.doc_title.lower()),
        default=None,
        key=lambda title: max(years_in(title) or (0,)),
    )
    found = []
    for passage in retriever.passages:
        section = passage.section_path[-1] if passage.section_path else ""
        if passage.doc_title == newest and (CORE_SECTIONS.match(section) or CORE_TEXT.search(passage.text)):
            found.append((f"Källa: {passage.doc_title}, {' > '.join(passage.section_path)}", passage.text))
    return found
