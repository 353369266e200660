"""Score the assistant on a question file: hit@k, answer accuracy, abstention, latency."""

from __future__ import annotations

import json
import re
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from assistant.errors import SettingsError
from assistant.models import Answer
from assistant.session import Session, ask_in_session
from ingest.text import normalise_for_match

RETRIEVAL_CATEGORIES = ("fact", "owner", "multi")
KS = (1, 3, 5)
# The part of an answer a reader takes in first: a figure here that is not the one asked misleads.
LEAD_CHARS = 250
# A figure: a number that is not a year ("2026") and not a citation marker ("[2]").
_CITATION_MARK = re.compile(r"\[\d+\]")
_FIGURE = re.compile(r"(?<![\w,.])\d+(?:[ \u00a0]\d{3})*(?:[,.]\d+)?(?![\w])")
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True)
class EvalQuestion:
    """One question with the evidence its citations must contain and the answer strings."""

    id: str
    category: str
    question: str
    evidence: tuple[str, ...]
    answers: tuple[str, ...]
    conversation: str | None = None  # the conversation record's id, for the turns of one
    turn: int | None = None  # the turn's number in its conversation (1 = the opening question)

    @property
    def follow_up(self) -> bool:
        """A conversation turn after the first: it leans on the turns before it."""
        return self.turn is not None and self.turn > 1


@dataclass(frozen=True)
class EvalResult:
    """How one question fared."""

    question: EvalQuestion
    hits: dict[int, bool]
    answered: bool
    abstained: bool
    latency_ms: float
    resolved: str | None = None  # the self-contained question a follow-up became, when it was rewritten
    wrong_figure: bool = False  # the answer's lead states a figure, but not the one asked (any figure, if unanswerable)


@dataclass
class EvalReport:
    """Results per question with per-category aggregates."""

    results: list[EvalResult] = field(default_factory=list)

    def rows(self) -> list[dict]:
        """One summary row per category, then the fact+owner+multi total and the overall total."""
        categories = sorted({result.question.category for result in self.results})
        groups = [(category, [r for r in self.results if r.question.category == category]) for category in categories]
        retrieval = [r for r in self.results if r.question.category in RETRIEVAL_CATEGORIES]
        if retrieval:
            groups.append(("fact+owner+multi", retrieval))
        follow_ups = [r for r in self.results if r.question.follow_up]
        if follow_ups:
            groups.append(("följdfrågor", follow_ups))
        groups.append(("alla", self.results))
        return [_summary(name, results) for name, results in groups if results]

    def row(self, name: str) -> dict | None:
        return next((row for row in self.rows() if row["category"] == name), None)

    def table(self) -> str:
        """A Markdown table of ``rows()``."""
        header = "| kategori | n | hit@1 | hit@3 | hit@5 | svar | avstår rätt | falska avstående | fel siffra | p50 ms | p95 ms |"
        lines = [header, "|" + "---|" * 11]
        for row in self.rows():
            cells = [row["category"], str(row["n"])]
            cells += [_fmt(row[key]) for key in ("hit@1", "hit@3", "hit@5", "answer", "abstain")]
            cells += [str(row["false_abstentions"]), str(row["wrong_figures"])]
            cells += [f"{row['p50_ms']:.1f}", f"{row['p95_ms']:.1f}"]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)

    def failures(self, k: int = 3) -> list[EvalResult]:
        """Questions whose evidence missed the top k, whose answer or abstention was wrong, or that led with a wrong figure."""
        return [r for r in self.results if not r.hits.get(k, True) or not r.answered or r.wrong_figure]


def load_questions(path: Path) -> list[EvalQuestion]:
    """Questions from a JSONL file; conversation records ("turns") become one question per turn."""
    questions: list[EvalQuestion] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise SettingsError(f"{path.name}, rad {number}: ogiltig JSON ({error.msg})") from error
        questions.extend(_questions_of(record, number))
    return questions


def _questions_of(record: dict, number: int) -> Iterable[EvalQuestion]:
    base = str(record.get("id", number))
    if "turns" in record:
        for turn_number, turn in enumerate(record["turns"], start=1):
            yield _question(turn, f"{base}.{turn_number}", "conversation", base, turn_number)
    else:
        yield _question(record, base, record.get("cat", "fact"))


def _question(
    record: dict, identifier: str, category: str, conversation: str | None = None, turn: int | None = None
) -> EvalQuestion:
    evidence, answers = tuple(record.get("evidence", ())), tuple(record.get("answer", ()))
    return EvalQuestion(identifier, category, record["q"], evidence, answers, conversation, turn)


def evaluate(ask: Callable[[str], Answer], questions: list[EvalQuestion]) -> EvalReport:
    """Ask every question and score it. ``ask`` is the assistant's answer function."""
    report = EvalReport()
    for question in questions:
        answer = ask(question.question)
        report.results.append(score(question, answer))
    return report


def evaluate_in_sessions(
    ask: Callable[[str], Answer], questions: list[EvalQuestion], resolve: Callable | None = None
) -> EvalReport:
    """Like ``evaluate``, but the turns of each conversation share one Session, so follow-ups are resolved.

    Args:
        ask: The assistant's answer function.
        questions: Questions as ``load_questions`` returns them; those without a conversation are asked alone.
        resolve: The assistant's follow-up completion; default that of ``ask``'s assistant.

    Returns:
        The report; each result's ``resolved`` holds the rewritten question when a follow-up was rewritten.
    """
    resolve = resolve or ask.__self__.resolve  # type: ignore[attr-defined]
    report = EvalReport()
    sessions: dict[str, Session] = {}
    for question in questions:
        session = sessions.setdefault(question.conversation, Session()) if question.conversation else Session()
        answer = ask_in_session(ask, question.question, session, resolve)
        resolved = session.turns[-1].resolved
        result = score(question, answer)
        report.results.append(replace(result, resolved=resolved) if resolved != answer.question else result)
    return report


def score(question: EvalQuestion, answer: Answer) -> EvalResult:
    """Score one answer against its question's evidence and answer strings."""
    texts = [normalise_for_match(citation.text) for citation in answer.citations]
    hits = {k: all(any(normalise_for_match(e) in text for text in texts[:k]) for e in question.evidence) for k in KS}
    if question.category == "abstain":
        answered = answer.abstained
    else:
        folded = normalise_for_match(answer.text)
        answered = not answer.abstained and all(
            any(normalise_for_match(option) in folded for option in expected.split("|")) for expected in question.answers
        )
    wrong = wrong_figure(question, answer.text)
    return EvalResult(question, hits, answered, answer.abstained, answer.latency_ms, wrong_figure=wrong)


def lead_figures(text: str) -> list[str]:
    """The figures the first LEAD_CHARS characters of an answer state: numbers that are not years or [n] marks."""
    lead = _CITATION_MARK.sub(" ", text[:LEAD_CHARS])
    return [match.group(0) for match in _FIGURE.finditer(lead) if not _YEAR.fullmatch(match.group(0))]


def wrong_figure(question: EvalQuestion, text: str) -> bool:
    """Whether the answer leads with a figure that is not the one asked.

    For an unanswerable question any figure in the lead is wrong. For a question whose
    expected answers hold figures, the lead is wrong when it states figures but none of
    the expected ones; questions answered in words only are not judged here.
    """
    figures = lead_figures(text)
    if question.category == "abstain":
        return bool(figures)
    expected = [option for answer in question.answers for option in answer.split("|") if re.search(r"\d", option)]
    if not expected or not figures:
        return False
    lead = normalise_for_match(text[:LEAD_CHARS])
    return not any(normalise_for_match(option) in lead for option in expected)


def _summary(name: str, results: list[EvalResult]) -> dict:
    with_evidence = [r for r in results if r.question.evidence]
    abstain = [r for r in results if r.question.category == "abstain"]
    answerable = [r for r in results if r.question.category != "abstain"]
    latencies = sorted(r.latency_ms for r in results)
    row = {"category": name, "n": len(results)}
    for k in KS:
        row[f"hit@{k}"] = _share(r.hits[k] for r in with_evidence) if with_evidence else None
    row["answer"] = _share(r.answered for r in answerable) if answerable else None
    row["abstain"] = _share(r.answered for r in abstain) if abstain else None
    row["false_abstentions"] = sum(1 for r in answerable if r.abstained)
    row["wrong_figures"] = sum(1 for r in results if r.wrong_figure)
    row["p50_ms"] = statistics.median(latencies)
    row["p95_ms"] = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))]
    return row


def _share(flags: Iterable[bool]) -> float:
    values = list(flags)
    return sum(values) / len(values)


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"
