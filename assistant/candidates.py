"""Candidate answers: what a route proposes, the evidence it rests on, and what of the question it used.

Every route (tables, calculators, the registry, sentences) returns Candidates. A
candidate's ``usage`` lists the parts of the Query it accounts for: the years of the
cells or sentence it used, the amounts and percentages it computed with, the documents
and boards its evidence names, the words it matched. ``assistant.accept`` compares that
with the Query; only a candidate that explains the question may answer it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from calculators import Calculation


@dataclass(frozen=True)
class Evidence:
    """A place an answer rests on: a document's source line (a table cell's or a sentence's line)."""

    doc_id: str
    source_line: int | None
    text: str = ""  # the row label or sentence, for matching the place among passages


@dataclass(frozen=True)
class Usage:
    """What of the Query a candidate accounts for."""

    years: frozenset[int] = frozenset()
    amounts: frozenset[int] = frozenset()  # positions in Query.amounts
    percents: frozenset[int] = frozenset()  # positions in Query.percents
    counts: frozenset[int] = frozenset()  # positions in Query.counts
    numbers: frozenset[int] = frozenset()  # positions in Query.numbers
    documents: frozenset[str] = frozenset()
    boards: frozenset[str] = frozenset()
    organisations: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()  # stems matched in the evidence
    excluded: frozenset[str] = frozenset()  # excluded stems the evidence is about (makes it wrong)
    kinds: frozenset[str] = frozenset()  # column kinds of the cells used (Budget, Utfall, …)


@dataclass(frozen=True)
class Line:
    """One line of an answer and the evidence it cites (index into the candidate's evidence)."""

    text: str
    evidence: int = 0


@dataclass(frozen=True)
class Candidate:
    """A proposed answer to one part of a question.

    ``route`` names who proposed it; ``part`` is the index of the Query part it answers;
    ``figure`` says whether it states a figure (so acceptance is strict); ``score`` orders
    accepted candidates for the same part (higher first).
    """

    route: str
    part: int
    lines: tuple[Line, ...]
    evidence: tuple[Evidence, ...]
    usage: Usage
    score: float
    figure: bool = True
    calculation: Calculation | None = field(default=None, compare=False)
    intent: str = "search"
    unit: str | None = None  # the unit of the figure (a table's unit), when the route knows it

    def __repr__(self) -> str:
        text = self.lines[0].text[:80] if self.lines else ""
        return f"Candidate({self.route!r}, part={self.part}, score={self.score:.2f}, {text!r})"
