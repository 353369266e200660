"""Owner questions → the assignment registry: who owns an uppdrag, in which plan, with what status.

"Vem ska …", "Vilken nämnd ska …", "Vilka uppdrag har kollektivtrafiknämnden?",
"Vilken status har uppdraget …". The answer names the owner boards in full, the
målområde, the year and the document, and the latest reported status, citing the
uppdrag's own passage first. Free-text retrieval alone mixes years and misses joint owners.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.candidates import Candidate, Evidence, Line, Usage
from assistant.matching import Text, coverage
from assistant.query import Op, Query
from index.analysis import stems
from ingest.assignments import (
    ALL_BOARDS,
    Assignment,
    Board,
    FollowUp,
    Record,
    assignments_frame,
    expand_owners,
)

# Weighted share of the question's words an uppdrag's text must hold to be the one asked about.
MIN_MATCH = 0.6
# An uppdrag is recognised by at least this many of its words, not by one shared word.
MIN_WORDS = 2
# Words that say what is asked of the registry, not which uppdrag.
REGISTRY_STEMS = frozenset(stems("vem vilka vilken nämnd nämnder styrelse ska uppdrag uppdraget ansvarar ansvar äger ägare "
                                 "status går det hur arbeta del delar"))  # fmt: skip


@dataclass(frozen=True)
class OwnerAnswer:
    """What the registry says: the uppdrag found, their latest follow-ups, the answer text and the words it matched."""

    assignments: tuple[Assignment, ...]
    follow_ups: tuple[FollowUp, ...]
    lines: tuple[tuple[str, int], ...]  # (text, index of the record it cites among assignments + follow_ups)
    words: frozenset[str] = frozenset()
    boards: frozenset[str] = frozenset()

    @property
    def text(self) -> str:
        return "\n".join(f"{text} [{number + 1}]" for text, number in self.lines)


def candidates(query: Query, index: int, registry: Sequence[Record]) -> list[Candidate]:
    """Registry answers for part ``index``: who owns an uppdrag, its status, or a board's uppdrag.

    Class of questions: "Vem ska …?", "Vilken nämnd ska …?", "Vilka uppdrag har kollektivtrafiknämnden?",
    "Vilka uppdrag delar RS och RUN på?", "Vilken status har uppdraget …?", "Hur går det med uppdraget …?".
    """
    operations = query.parts[index].operations | query.operations
    if not operations & {Op.OWNER, Op.STATUS, Op.LIST}:
        return []
    part = query.parts[index]
    documents = frozenset(d for m in query.documents if not m.negated and part.start <= m.start < part.end for d in m.doc_ids)
    # Only a document the part itself names narrows the registry: "…, och hur går det enligt tertialrapport 1?" asks
    # the plan's owners and the report's status.
    records = [
        r for r in registry if not documents or getattr(r, "doc_id", None) in documents or isinstance(r, (FollowUp, Board))
    ]
    found = answer_owner_question(query, index, records)
    if found is None:
        return []
    places = [(record.doc_id, record.source_lines[0], record.text) for record in (*found.assignments, *found.follow_ups)]
    evidence = tuple(Evidence(doc_id, line, text) for doc_id, line, text in places)
    years = {a.year for a in found.assignments if a.year} | {y for f in found.follow_ups for y in f.year_span}
    usage = Usage(
        years=frozenset(years),
        documents=frozenset(doc for doc, _, _ in places),
        boards=found.boards,
        words=found.words | frozenset(w.stem for w in query.parts[index].words if w.stem in REGISTRY_STEMS),
    )
    lines = tuple(Line(text, number) for text, number in found.lines)
    return [Candidate("registry", index, lines, evidence, usage, 1.0, figure=False, intent="assignment")]


def answer_owner_question(query: Query, index: int, registry: Sequence[Record]) -> OwnerAnswer | None:
    """The registry's answer, or None when the question is not about an uppdrag it holds."""
    assignments = [record for record in registry if isinstance(record, Assignment)]
    boards = [record for record in registry if isinstance(record, Board)]
    operations = query.parts[index].operations | query.operations
    named = frozenset(board.name for board in query.boards if board.known)
    words = [w for w in query.parts[index].words if w.stem not in REGISTRY_STEMS]
    if Op.LIST in operations and named:
        listed = [a for a in assignments if named <= set(expand_owners(a, boards))]
        words_listed = [a for a in listed if not words or _share(words, a.text) >= MIN_MATCH]
        if words_listed or listed:
            return _listing(words_listed or listed, boards, registry, named)
    best, matched = _best_assignment(words, assignments)
    follow_ups = _follow_ups(words, registry, best)
    if best is None and not follow_ups:
        return None
    if best is None:
        lines = ((_status_text(follow_ups[0]), 0),)
        return OwnerAnswer((), follow_ups[:1], lines, _matched(words, follow_ups[0].text), named)
    owners = frozenset(expand_owners(best, boards))
    lines = ((_owner_text(best, boards), 0),) + (((_status_text(follow_ups[0]), 1),) if follow_ups else ())
    return OwnerAnswer((best,), follow_ups[:1], lines, matched, owners)


def _share(words, text: str) -> float:
    share, _ = coverage(words, Text.of(text))
    return share


def _matched(words, text: str) -> frozenset[str]:
    _, hits = coverage(words, Text.of(text))
    return hits


def _best_assignment(words, assignments: Sequence[Assignment]) -> tuple[Assignment | None, frozenset[str]]:
    """The uppdrag whose text holds most of the question's words (newest plan on ties), with the words it holds."""
    if len(words) < MIN_WORDS - 1:
        return None, frozenset()
    scored = []
    for assignment in assignments:
        share, hits = coverage(words, Text.of(assignment.text))
        if share >= MIN_MATCH and len(hits) >= min(MIN_WORDS, len(words)):
            scored.append((share, assignment.year_span, assignment, hits))
    if not scored:
        return None, frozenset()
    best = max(scored, key=lambda item: (item[0], item[1]))
    return best[2], best[3]


def _follow_ups(words, registry: Sequence[Record], assignment: Assignment | None) -> tuple[FollowUp, ...]:
    """Follow-ups of the uppdrag found, or, for an uppdrag only the report names, the best-matching row."""
    follow_ups = [record for record in registry if isinstance(record, FollowUp)]
    if assignment is not None:
        linked = [f for f in follow_ups if f.assignment_id == assignment.id]
        return tuple(sorted(linked, key=lambda f: f.year_span, reverse=True))
    if len(words) < MIN_WORDS:
        return ()
    scored = [(_share(words, f.text), f) for f in follow_ups]
    scored = [item for item in scored if item[0] >= MIN_MATCH]
    return (max(scored, key=lambda item: item[0])[1],) if scored else ()


def _owners(assignment: Assignment, boards: Sequence[Board]) -> str:
    owners = list(assignment.owners)
    if assignment.all_boards:
        expanded = [name for name in expand_owners(assignment, boards) if name not in owners]
        owners = [f"{ALL_BOARDS} ({', '.join(expanded)})" if owner == ALL_BOARDS and expanded else owner for owner in owners]
    return " och ".join([", ".join(owners[:-1]), owners[-1]]) if len(owners) > 1 else owners[0]


def _owner_text(assignment: Assignment, boards: Sequence[Board]) -> str:
    where = ", ".join(part for part in (assignment.goal_area, assignment.doc_title) if part)
    year = f"uppdrag {assignment.year}" if assignment.year else "uppdrag"
    return f"{_owners(assignment, boards)} äger uppdraget ({year}, {where}): ”{assignment.text}”"


def _status_text(follow_up: FollowUp) -> str:
    comment = f" Kommentar: {follow_up.comment}" if follow_up.comment else ""
    return f"Senast rapporterad status i {follow_up.doc_title}: {follow_up.status}.{comment}"


def _listing(
    assignments: list[Assignment], boards: Sequence[Board], registry: Sequence[Record], named: frozenset[str]
) -> OwnerAnswer:
    """A numbered list of the uppdrag the named boards own (together), each with its owners, målområde and status."""
    follow_ups = [r for r in registry if isinstance(r, FollowUp) and r.assignment_id]
    status = {f.assignment_id: f.status for f in follow_ups}
    who = " och ".join(sorted(named))
    heading = f"{len(assignments)} uppdrag i {assignments[0].doc_title} där {who} är ägare:"
    lines = [(heading, 0)] + [
        (
            f"{number}. {a.text} – {_owners(a, boards)}; {a.goal_area}, {a.year or ''}"
            + (f"; status: {status[a.id]}" if a.id in status else ""),
            number - 1,
        )
        for number, a in enumerate(assignments, start=1)
    ]
    return OwnerAnswer(tuple(assignments), (), tuple(lines), frozenset(), named)


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
