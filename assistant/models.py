"""The assistant's answer model, serialised as the `ask --jsonl` contract."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Citation:
    """A cited passage: where it is (document, section, page) and the text shown.

    ``page`` is the page the cited passage starts on; ``pages`` every page the shown text
    (the passage with its neighbours) is on, at most three, empty for a text file.
    """

    passage_id: str
    document: str
    title: str
    section: str | None
    page: int | None
    text: str
    score: float
    pages: tuple[int, ...] = ()

    def to_dict(self) -> dict:
        return {
            "document": self.document,
            "title": self.title,
            "section": self.section,
            "page": self.page,
            "pages": list(self.pages),
            "text": self.text,
            "score": round(self.score, 6),
            "passage_id": self.passage_id,
        }


@dataclass(frozen=True)
class Answer:
    """An answer in Swedish with its ranked citations; ``abstained`` when the documents do not support one."""

    question: str
    text: str
    citations: tuple[Citation, ...] = ()
    abstained: bool = False
    intent: str = "search"
    latency_ms: float = 0.0
    calculation: dict | None = field(default=None)

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "intent": self.intent,
            "latency_ms": round(self.latency_ms, 2),
            "citations": [citation.to_dict() for citation in self.citations],
            "calculation": self.calculation,
        }

    def __repr__(self) -> str:
        text = self.text if len(self.text) <= 100 else self.text[:97] + "..."
        return f"Answer({text!r}, {len(self.citations)} citations, abstained={self.abstained})"
