"""A conversation: the turns so far, follow-ups resolved against them, saved as JSON between CLI calls.

>>> session = Session()
>>> question = "Hur stort var underskottet för Sveriges regioner 2023?"
>>> session.record(question, question, Answer(question, "Minus 12 miljarder 2023. [1]"))
Turn('Hur stort var underskottet för Sveriges regioner 2023?', intent='search', years=(2023,))
>>> resolve_follow_up("Och 2024?", session, seed_resolve)
'Hur stort var underskottet för Sveriges regioner 2024?'
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from assistant.errors import SessionError
from assistant.models import Answer
from ingest.text import years_in

# (question, previous resolved question, uppdrag text) → the completed question, or None when it stands alone.
Resolver = Callable[[str, str, "str | None"], "str | None"]

FORMAT_VERSION = 1
# Only the last turns are kept: a follow-up leans on the previous one, an uppdrag a few turns back at most.
MAX_TURNS = 20
MAX_NAME_CHARS = 64
# An answer's text names the years it is about when it names only a few; more is a list, not a period.
MAX_ANSWER_YEARS = 3
_QUOTED = re.compile(r"”([^”]+)”")


@dataclass(frozen=True)
class Turn:
    """One question and what the answer was about, enough to resolve the next follow-up.

    Frozen: a turn is history; the session appends, never edits.
    """

    question: str  # as asked
    resolved: str  # the self-contained question the assistant answered
    intent: str = "search"  # the answer's intent: search, calculation, assignment, …
    years: tuple[int, ...] = ()  # the years the turn was about
    calculation: dict | None = None  # the calculator's name and inputs, when the answer was calculated
    assignment: str | None = None  # the uppdrag's text, when the answer was about one uppdrag

    def __repr__(self) -> str:
        question = self.question if len(self.question) <= 100 else self.question[:97] + "..."
        return f"Turn({question!r}, intent={self.intent!r}, years={self.years})"


@dataclass
class Session:
    """The turns of one conversation, oldest first."""

    turns: list[Turn] = field(default_factory=list)

    @property
    def last(self) -> Turn | None:
        return self.turns[-1] if self.turns else None

    def last_assignment(self) -> str | None:
        """The text of the uppdrag the conversation last talked about, if any."""
        return next((turn.assignment for turn in reversed(self.turns) if turn.assignment), None)

    def record(self, question: str, resolved: str, answer: Answer) -> Turn:
        """Append the turn ``answer`` completes and return it."""
        turn = Turn(
            question=" ".join(question.split()),
            resolved=resolved,
            intent=answer.intent,
            years=years_in(resolved) or _answer_years(answer),
            calculation=_calculation_inputs(answer),
            assignment=_assignment_text(answer),
        )
        self.turns = [*self.turns, turn][-MAX_TURNS:]
        return turn

    def to_dict(self) -> dict:
        return {"version": FORMAT_VERSION, "turns": [asdict(turn) for turn in self.turns]}

    @classmethod
    def from_dict(cls, data: dict) -> Session:
        """The session ``to_dict`` wrote; raises SessionError for anything else."""
        try:
            turns = [_turn_from_dict(turn) for turn in data["turns"]]
        except (KeyError, TypeError, ValueError) as error:
            raise SessionError(f"Samtalet kunde inte läsas: {error!r}") from error
        return cls(turns[-MAX_TURNS:])


def resolve_follow_up(question: str, session: Session, resolve: Resolver) -> str:
    """``question`` rewritten into a self-contained question using the session's previous turn.

    Both are read into Queries (``read``, the assistant's one reader) and the follow-up completes the
    previous one (``assistant.follow_up``): "Och 2024?", "Och hårdvaran?", "pengarna då", "det uppdraget",
    "om resultatet i stället blir 150". A question that stands on its own is returned unchanged.

    Args:
        question: The question as asked.
        session: The conversation so far.
        resolve: The assistant's follow-up completion (``Assistant.resolve``).

    Returns:
        The question to answer.
    """
    previous = session.last
    if previous is None:
        return question
    return resolve(question, previous.resolved, session.last_assignment()) or question


def ask_in_session(ask: Callable[[str], Answer], question: str, session: Session, resolve: Resolver) -> Answer:
    """Resolve ``question`` in ``session``, answer it with ``ask`` and record the turn.

    Args:
        ask: The assistant's answer function.
        question: The question as asked.
        session: The conversation, extended by this turn.
        resolve: The assistant's follow-up completion (``Assistant.resolve``).

    Returns:
        The answer, whose ``question`` is the question as asked (``session.last.resolved`` is what was answered).
    """
    asked = " ".join(question.split())
    resolved = resolve_follow_up(asked, session, resolve)
    answer = ask(resolved)
    session.record(asked, resolved, answer)
    return replace(answer, question=asked)


def session_path(directory: Path, name: str) -> Path:
    """Where session ``name`` is saved: ``directory/NAME.json``, NAME reduced to [A-Za-z0-9_-].

    Args:
        directory: The sessions folder.
        name: The session's name as given; "../etc" becomes "etc", "möte 1" becomes "mote_1".

    Returns:
        A path inside ``directory``.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    safe = re.sub(r"[^A-Za-z0-9_-]+", "_", ascii_name).strip("_-")[:MAX_NAME_CHARS]
    if not safe:
        raise SessionError(f"Samtalsnamnet '{name}' saknar bokstäver och siffror; välj t.ex. --session mitt-samtal")
    return directory / f"{safe}.json"


def load_session(path: Path) -> Session:
    """The session saved at ``path``, or a new one if there is none yet."""
    if not path.exists():
        return Session()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SessionError(f"Samtalet {path} kunde inte läsas ({error}); ta bort filen för att börja om") from error
    if not isinstance(data, dict):
        raise SessionError(f"Samtalet {path} har fel format; ta bort filen för att börja om")
    return Session.from_dict(data)


def save_session(session: Session, path: Path) -> None:
    """Write ``session`` to ``path`` as JSON, atomically: a temporary file in the same folder, then os.replace."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(session.to_dict(), file, ensure_ascii=False, indent=2)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _turn_from_dict(data: dict) -> Turn:
    calculation = data.get("calculation")
    return Turn(
        question=str(data["question"]),
        resolved=str(data["resolved"]),
        intent=str(data.get("intent", "search")),
        years=tuple(int(year) for year in data.get("years", ())),
        calculation=dict(calculation) if calculation else None,
        assignment=str(data["assignment"]) if data.get("assignment") else None,
    )


def _answer_years(answer: Answer) -> tuple[int, ...]:
    years = years_in(answer.text)
    return years if len(years) <= MAX_ANSWER_YEARS else ()


def _calculation_inputs(answer: Answer) -> dict | None:
    if not answer.calculation:
        return None
    return {"calculator": answer.calculation.get("calculator"), "inputs": answer.calculation.get("inputs")}


def _assignment_text(answer: Answer) -> str | None:
    """The quoted uppdrag of an owner answer ("… äger uppdraget (…): ”text” [1]"); a listing names none."""
    if answer.intent != "assignment":
        return None
    quoted = _QUOTED.findall(answer.text)
    return quoted[0] if len(quoted) == 1 else None
