"""Owner questions → the assignment registry: who owns an uppdrag, in which plan, with what status.

"Vem ska …", "Vilken nämnd ska …", "Vilka uppdrag har kollektivtrafiknämnden?",
"Vilken status har uppdraget …". The answer names the owner boards in full, the
målområde, the year and the document, and the latest reported status, citing the
uppdrag's own passage first. Free-text retrieval alone mixes years and misses joint owners.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from index.analysis import same_word, stems
from ingest.assignments import (
    ALL_BOARDS,
    Assignment,
    Board,
    FollowUp,
    Record,
    assignments_frame,
    board_mentions,
    expand_owners,
)

OWNER_QUESTION = re.compile(
    r"\b(vem|vilka|vilken (nämnd|styrelse)|vilka (nämnder|uppdrag))\b|ansvar|äger|uppdrag|status|hur går det",
    re.IGNORECASE,
)
LIST_QUESTION = re.compile(r"\bvilka uppdrag\b|\blista\b|\balla uppdrag\b", re.IGNORECASE)
# Words of the question that say what is asked, not which uppdrag: left out of the match.
QUESTION_WORDS = frozenset(stems("vem vilka vilken nämnd nämnder styrelse ska uppdrag uppdraget ansvarar ansvar äger "
                                 "har status går det hur t1 tertialrapport tertial 2026 2025 arbeta"))  # fmt: skip
# Share of the uppdrag-describing words of the question that must be found in the uppdrag text.
MIN_MATCH = 0.6
# An uppdrag is recognised by at least this many of its words, not by one shared word.
MIN_WORDS = 2
# Shortest stem that matches a longer inflection of itself (same_word's min_length for uppdrag words).
MATCH_PREFIX = 4


@dataclass(frozen=True)
class OwnerAnswer:
    """What the registry says: the uppdrag found, their latest follow-ups, and the answer text."""

    assignments: tuple[Assignment, ...]
    follow_ups: tuple[FollowUp, ...]
    text: str


def answer_owner_question(question: str, registry: Sequence[Record]) -> OwnerAnswer | None:
    """The registry's answer, or None when the question is not about an uppdrag it holds."""
    if not OWNER_QUESTION.search(question):
        return None
    assignments = [record for record in registry if isinstance(record, Assignment)]
    boards = [record for record in registry if isinstance(record, Board)]
    if LIST_QUESTION.search(question):
        listed = _board_assignments(question, assignments, boards)
        if listed:
            return _listing(listed, boards, registry)
    best = _best_assignment(question, assignments)
    follow_ups = _follow_ups(question, registry, best)
    if best is None and not follow_ups:
        return None
    if best is None:
        return OwnerAnswer((), follow_ups, _status_text(follow_ups[0], 1))
    text = _owner_text(best, boards) + (" " + _status_text(follow_ups[0], 2) if follow_ups else "")
    return OwnerAnswer((best,), follow_ups[:1], text)


@lru_cache(maxsize=1 << 16)
def _content(text: str) -> frozenset[str]:
    """The uppdrag-describing stems of ``text``; cached, as every question scores every registry text."""
    return frozenset(stem for stem in stems(text) if stem not in QUESTION_WORDS and not stem.isdigit())


@lru_cache(maxsize=1 << 16)
def _prefixes(text: str) -> frozenset[str]:
    """The first MATCH_PREFIX letters of each content stem: any word ``same_word`` matches shares one."""
    return frozenset(word[:MATCH_PREFIX] for word in _content(text))


def _score(question_stems: set[str], text: str) -> float:
    """Share of the question's uppdrag words found in ``text`` (prefix match covers inflection)."""
    if not question_stems:
        return 0.0
    prefixes = _prefixes(text)
    if sum(1 for stem in question_stems if stem[:MATCH_PREFIX] in prefixes) < MIN_WORDS:
        return 0.0  # too few words can match: skip the word-by-word comparison
    have = _content(text)
    found = sum(1 for stem in question_stems if any(same_word(stem, word, min_length=MATCH_PREFIX) for word in have))
    return found / len(question_stems) if found >= MIN_WORDS else 0.0


def _best_assignment(question: str, assignments: Sequence[Assignment]) -> Assignment | None:
    wanted = _content(question)
    scored = [(_score(wanted, assignment.text), assignment.year_span, assignment) for assignment in assignments]
    scored = [item for item in scored if item[0] >= MIN_MATCH]
    if not scored:
        return None
    return max(scored, key=lambda item: (item[0], item[1]))[2]


def _follow_ups(question: str, registry: Sequence[Record], assignment: Assignment | None) -> tuple[FollowUp, ...]:
    """Follow-ups of the uppdrag found, or, for an uppdrag only the report names, the best-matching row."""
    follow_ups = [record for record in registry if isinstance(record, FollowUp)]
    if assignment is not None:
        linked = [f for f in follow_ups if f.assignment_id == assignment.id]
        return tuple(sorted(linked, key=lambda f: f.year_span, reverse=True))
    wanted = _content(question)
    scored = [(_score(wanted, f.text), f) for f in follow_ups]
    scored = [item for item in scored if item[0] >= MIN_MATCH]
    return (max(scored, key=lambda item: item[0])[1],) if scored else ()


def _board_assignments(question: str, assignments: Sequence[Assignment], boards: Sequence[Board]) -> list[Assignment]:
    named = {name for _, name in board_mentions(question)}
    if not named:
        return []
    return [a for a in assignments if named & set(expand_owners(a, boards))]


def _owners(assignment: Assignment, boards: Sequence[Board]) -> str:
    owners = list(assignment.owners)
    if assignment.all_boards:
        expanded = [name for name in expand_owners(assignment, boards) if name not in owners]
        owners = [f"{ALL_BOARDS} ({', '.join(expanded)})" if owner == ALL_BOARDS and expanded else owner for owner in owners]
    return " och ".join([", ".join(owners[:-1]), owners[-1]]) if len(owners) > 1 else owners[0]


def _owner_text(assignment: Assignment, boards: Sequence[Board]) -> str:
    where = ", ".join(part for part in (assignment.goal_area, assignment.doc_title) if part)
    year = f"uppdrag {assignment.year}" if assignment.year else "uppdrag"
    return f"{_owners(assignment, boards)} äger uppdraget ({year}, {where}): ”{assignment.text}” [1]"


def _status_text(follow_up: FollowUp, number: int) -> str:
    comment = f" Kommentar: {follow_up.comment}" if follow_up.comment else ""
    return f"Senast rapporterad status i {follow_up.doc_title}: {follow_up.status}.{comment} [{number}]"


def _listing(assignments: list[Assignment], boards: Sequence[Board], registry: Sequence[Record]) -> OwnerAnswer:
    follow_ups = [r for r in registry if isinstance(r, FollowUp) and r.assignment_id]
    status = {f.assignment_id: f.status for f in follow_ups}
    lines = [
        f"{number}. {a.text} – {_owners(a, boards)}; {a.goal_area}, {a.year or ''}"
        + (f"; status: {status[a.id]}" if a.id in status else "")
        + f" [{number}]"
        for number, a in enumerate(assignments, start=1)
    ]
    heading = f"{len(assignments)} uppdrag i {assignments[0].doc_title}:"
    return OwnerAnswer(tuple(assignments), (), heading + "\n" + "\n".join(lines))


def board_view(registry: Sequence[Record], board: str | None = None, year: int | None = None, status: str | None = None):
    """The board-centred registry table (one row per uppdrag and owner), filtered; for the app and CSV export."""
    frame = assignments_frame(registry)
    if board:
        frame = frame[frame["board"].str.contains(board, case=False, regex=False)]
    if year is not None:
        frame = frame[frame["year"] == year]
    if status:
        frame = frame[frame["status"].fillna("").str.contains(status, case=False, regex=False)]
    return frame.reset_index(drop=True)
