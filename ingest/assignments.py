"""The assignment registry: uppdrag, their owners, målområden, nyckeltal and follow-up, read at ingest.

Regionfullmäktige steers through målområden. Each has an övergripande mål, long-term
nyckeltal and, per year, uppdrag to regionstyrelsen and the nämnder ("Uppdrag till
regionstyrelsen och nämnderna 2026:", a bullet list of "<owners> ska …"). A board's
tertial report follows the uppdrag up in "Status Uppdrag Kommentar" tables.

``extract_assignments`` reads one document's cleaned lines into frozen records that
carry their provenance; ``match_follow_ups`` then links each follow-up to the plan's
uppdrag across documents. Records round-trip through JSON (``to_dict`` and
``record_from_dict``) so the index stores them as JSON lines, never pickles.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from typing import TYPE_CHECKING, ClassVar

from ingest.models import DocumentMeta, Line, Section
from ingest.sections import MAX_HEADING_CHARS, MAX_HEADING_WORDS

if TYPE_CHECKING:
    import pandas as pd

# The boards of a region, as the plans name them: canonical name, kind, abbreviation
# and a pattern for the forms the text uses ("hälso- och sjukvårdsnämnd", "-nämnden",
# "-nämndens"). Abbreviations are those the documents themselves use (RS, HSN, RUN in
# diarienummer and "(RS, RUN)" tags); None where the documents state none.
KNOWN_BOARDS: tuple[tuple[str, str, str | None, str], ...] = (
    ("Regionfullmäktige", "fullmäktige", None, r"regionfullmäktiges?"),
    ("Regionstyrelsen", "styrelse", "RS", r"regionstyrelse(?:ns|n|s)?"),
    ("Hälso- och sjukvårdsnämnden", "nämnd", "HSN", r"hälso-\s*och\s+sjukvårdsnämnd(?:ens|en|s)?"),
    ("Regionala utvecklingsnämnden", "nämnd", "RUN", r"regionala?\s+utvecklingsnämnd(?:ens|en|s)?"),
    ("Kollektivtrafiknämnden", "nämnd", None, r"kollektivtrafiknämnd(?:ens|en|s)?"),
    ("Patientnämnden", "nämnd", None, r"patientnämnd(?:ens|en|s)?"),
)
# "Regionstyrelsen och samtliga nämnder ska …": every nämnd of the plan, kept as one owner.
ALL_BOARDS = "samtliga nämnder"
_ALL_BOARDS = re.compile(r"\b(?:(?:samtliga|alla)\s+nämnder(?:na)?|nämnderna)\b", re.IGNORECASE)
_BOARD_PATTERNS = tuple((name, re.compile(rf"(?<![\w-]){pattern}(?!\w)", re.IGNORECASE)) for name, _, _, pattern in KNOWN_BOARDS)
_BOARD_KIND = {name: kind for name, kind, _, _ in KNOWN_BOARDS}
_BY_ABBREVIATION = {abbreviation: name for name, _, abbreviation, _ in KNOWN_BOARDS if abbreviation}

_GOAL_AREA_HEADING = re.compile(r"^Målområde för\s+(?P<name>\w.{0,60}?)\s*$")
_ASSIGNMENT_HEADING = re.compile(r"^Uppdrag till\b.*?(?P<year>(?:19|20)\d\d)\s*:?\s*$", re.IGNORECASE)
_KEY_FIGURE_HEADING = re.compile(r"^Långsiktiga nyckeltal\b", re.IGNORECASE)
_CAPTION = re.compile(r"^(Tabell|Figur|Diagram)\s+\d", re.IGNORECASE)
_BULLET = re.compile(r"^[•▪●◦·*–-]\s*")
_SUBJECT = re.compile(r"^(?P<subject>.{1,120}?)\s+sk(?:a|all)\b,?\s*(?P<task>.*)$", re.DOTALL)
_SUBJECT_SEPARATOR = re.compile(r",\s*|\s+(?:och|samt)\s+")
_TOGETHER_WITH = re.compile(r"^tillsammans med\s+", re.IGNORECASE)
_STATUS_HEADER = re.compile(r"^Status\s+Uppdrag\s+Kommentar$", re.IGNORECASE)
# Statuses as follow-up templates print them; a status cell is short and starts with one of these.
_STATUS = re.compile(
    r"^(Pågående|Avslutad|Avslutat|Klar|Genomförd|Genomfört|Ej\s+\w+|Inte\s+\w+|Försenad|Pausad|Vilande|Delvis)\b",
    re.IGNORECASE,
)
_OWNER_TAG = re.compile(r"\(\s*(?P<tags>[A-ZÅÄÖ]{2,5}(?:\s*[,+/&]\s*[A-ZÅÄÖ]{2,5})*)\s*\)\s*\.?\s*$")
_NON_WORD = re.compile(r"[^\w]+")
_SENTENCE_END = (".", "!", "?")
MAX_SUBJECT_WORDS = 10
MAX_STATUS_CHARS = 40
MAX_GOAL_LINES = 3
# A follow-up is linked to the plan uppdrag it reports on when their task texts are at
# least this similar (difflib ratio of the folded texts). In the shipped tertial report
# true matches score ≥ 0.93 and the board's own uppdrag, not in the plan, ≤ 0.44.
MATCH_THRESHOLD = 0.6
# Uppdrag sharing less than this share of the shorter one's words are never compared: on the shipped
# documents every such pair scores below 0.5, every pair scoring 0.5 or more shares at least 0.71, and
# the character comparison of every pair made matching grow with the square of the corpus.
MIN_SHARED_WORDS = 0.3
# Tie-breakers between near-equal candidates: the follow-up's målområde heading, then
# its owner tags or reporting board. Small, so they never outweigh the text itself.
SAME_AREA_BONUS = 0.05
SAME_OWNER_BONUS = 0.02


class _JsonRecord:
    """JSON round-trip for the frozen records: tuples become lists, ``type`` names the class."""

    record_type: ClassVar[str] = ""

    def to_dict(self) -> dict:
        """A JSON-safe dict with a ``type`` key; ``record_from_dict`` reads it back."""
        data: dict = {"type": self.record_type}
        for item in fields(self):  # type: ignore[arg-type]
            value = getattr(self, item.name)
            data[item.name] = list(value) if isinstance(value, tuple) else value
        return data

    @classmethod
    def from_dict(cls, data: dict):
        """The record ``to_dict`` wrote; keys it does not know are ignored."""
        names = {item.name for item in fields(cls)}  # type: ignore[arg-type]
        return cls(**{key: tuple(value) if isinstance(value, list) else value for key, value in data.items() if key in names})


def _record_id(*parts: object) -> str:
    key = "\x1f".join(str(part) for part in parts)
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


@dataclass(frozen=True)
class Board(_JsonRecord):
    """A political body (regionfullmäktige, regionstyrelsen or a nämnd) as a plan names it.

    ``kind`` is "fullmäktige", "styrelse" or "nämnd"; ``abbreviation`` is the one the
    documents use ("RS", "HSN"), or None. The provenance points at the plan's list of
    boards: the section naming the most of them (its budget frames per board), else
    the board's first mention. Frozen, like every record here: the id is a hash of it.
    """

    record_type: ClassVar[str] = "board"
    name: str
    kind: str
    abbreviation: str | None
    doc_id: str
    doc_title: str
    section_path: tuple[str, ...]
    page: int | None
    source_lines: tuple[int, int]
    id: str = field(default="")

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", _record_id("board", self.doc_id, self.name))

    def __repr__(self) -> str:
        return f"Board({self.name!r}, kind={self.kind!r}, doc={self.doc_id!r}, lines={self.source_lines})"


@dataclass(frozen=True)
class GoalArea(_JsonRecord):
    """A målområde and its övergripande mål, e.g. "Tandvård" / "God och tillgänglig tandvård i hela Jämtland Härjedalen".

    ``name`` is the heading without "Målområde för", first letter capitalised;
    ``source_lines`` run from the heading to the last line of the goal.
    """

    record_type: ClassVar[str] = "goal_area"
    name: str
    goal: str
    doc_id: str
    doc_title: str
    section_path: tuple[str, ...]
    page: int | None
    source_lines: tuple[int, int]
    id: str = field(default="")

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", _record_id("goal_area", self.doc_id, self.name))

    def __repr__(self) -> str:
        return f"GoalArea({self.name!r}, goal={_short(self.goal)!r}, doc={self.doc_id!r})"


@dataclass(frozen=True)
class KeyFigure(_JsonRecord):
    """One long-term nyckeltal of a målområde ("Långsiktiga nyckeltal att följa över tid …"), text as printed."""

    record_type: ClassVar[str] = "key_figure"
    text: str
    goal_area: str | None
    doc_id: str
    doc_title: str
    section_path: tuple[str, ...]
    page: int | None
    source_lines: tuple[int, int]
    id: str = field(default="")

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", _record_id("key_figure", self.doc_id, self.goal_area, self.text))

    def __repr__(self) -> str:
        return f"KeyFigure({_short(self.text)!r}, goal_area={self.goal_area!r})"


@dataclass(frozen=True)
class Assignment(_JsonRecord):
    """One uppdrag of a plan: "Regionstyrelsen och hälso- och sjukvårdsnämnden ska …".

    ``owners`` are canonical board names in the order the sentence names them; a board
    the sentence adds with "tillsammans med" is an owner too. ``all_boards`` is True
    when an owner is "samtliga nämnder", which ``expand_owners`` turns into the plan's
    nämnder. ``year`` comes from the heading ("Uppdrag till … 2026:"), ``year_span``
    from the plan's period. The id hashes document, målområde and text, so it is the
    same on every re-ingest of an unchanged uppdrag.
    """

    record_type: ClassVar[str] = "assignment"
    text: str
    owners: tuple[str, ...]
    all_boards: bool
    goal_area: str | None
    year: int | None
    doc_id: str
    doc_title: str
    section_path: tuple[str, ...]
    page: int | None
    source_lines: tuple[int, int]
    year_span: tuple[int, ...] = ()
    id: str = field(default="")

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", _record_id("assignment", self.doc_id, self.goal_area, self.text))

    def __repr__(self) -> str:
        return f"Assignment(id={self.id!r}, {self.goal_area!r} {self.year}, owners={self.owners}, text={_short(self.text)!r})"


@dataclass(frozen=True)
class FollowUp(_JsonRecord):
    """One row of a report's "Status Uppdrag Kommentar" table.

    ``status`` is printed text joined over its lines ("Pågående enligt plan"); ``text``
    the uppdrag as the report words it, owner tag included ("…(RS)"); ``owner_tags``
    the tag's abbreviations. ``heading`` is the report's målområde heading above the
    table ("Tandvård - God och tillgänglig …"), ``organ`` the reporting board.
    ``match_follow_ups`` fills ``assignment_id`` (None: no plan uppdrag is similar
    enough), ``score`` (similarity to the best plan uppdrag, also when unmatched) and
    ``goal_area``.
    """

    record_type: ClassVar[str] = "follow_up"
    status: str
    text: str
    comment: str
    owner_tags: tuple[str, ...]
    heading: str | None
    organ: str | None
    table: int
    doc_id: str
    doc_title: str
    section_path: tuple[str, ...]
    page: int | None
    source_lines: tuple[int, int]
    year_span: tuple[int, ...] = ()
    assignment_id: str | None = None
    score: float | None = None
    goal_area: str | None = None
    id: str = field(default="")

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", _record_id("follow_up", self.doc_id, self.table, self.text))

    @property
    def matched(self) -> bool:
        """Whether a plan uppdrag was found for this row."""
        return self.assignment_id is not None

    def __repr__(self) -> str:
        return f"FollowUp({self.status!r}, text={_short(self.text)!r}, assignment={self.assignment_id!r}, score={self.score})"


Record = Board | GoalArea | KeyFigure | Assignment | FollowUp
RECORD_TYPES: dict[str, type[Record]] = {cls.record_type: cls for cls in (Board, GoalArea, KeyFigure, Assignment, FollowUp)}


def record_from_dict(data: dict) -> Record:
    """The record a ``to_dict`` call wrote, of the class its ``type`` names.

    Raises:
        ValueError: for an unknown or missing ``type``.
    """
    kind = data.get("type")
    if kind not in RECORD_TYPES:
        raise ValueError(f"Okänd posttyp {kind!r} – giltiga: {', '.join(RECORD_TYPES)}")
    return RECORD_TYPES[kind].from_dict(data)


# --- Owners -------------------------------------------------------------------------


def board_mentions(text: str) -> list[tuple[int, str]]:
    """Known boards and "samtliga nämnder" named in ``text``, as (position, canonical name), in order.

    >>> board_mentions("Regionstyrelsen och hälso- och sjukvårdsnämnd ska")
    [(0, 'Regionstyrelsen'), (20, 'Hälso- och sjukvårdsnämnden')]
    """
    found = [(match.start(), name) for name, pattern in _BOARD_PATTERNS for match in pattern.finditer(text)]
    found += [(match.start(), ALL_BOARDS) for match in _ALL_BOARDS.finditer(text)]
    return sorted(found)


def parse_owners(text: str) -> tuple[tuple[str, ...], str]:
    """The owners of an uppdrag sentence and its task (the words after "ska").

    Owners are the boards named before "ska", plus one added right after it with
    "tillsammans med". A subject that names no known board is kept as printed; a
    sentence without a short subject before "ska" has no owners.

    >>> parse_owners("Regionala utvecklingsnämnden ska tillsammans med regionstyrelsen fortsätta utveckla arbetet.")
    (('Regionala utvecklingsnämnden', 'Regionstyrelsen'), 'fortsätta utveckla arbetet.')
    """
    match = _SUBJECT.match(_BULLET.sub("", text.strip()))
    if not match or len(match["subject"].split()) > MAX_SUBJECT_WORDS:
        return (), text.strip()
    subject, task = match["subject"], match["task"]
    owners = _subject_owners(subject)
    together = _TOGETHER_WITH.match(task)
    if together:
        rest = task[together.end() :]
        named = [(position, name) for position, name in board_mentions(rest) if position == 0]
        if named:
            owners.append(named[0][1])
            task = _strip_board(rest)
    return tuple(dict.fromkeys(owners)), task.strip()


def _subject_owners(subject: str) -> list[str]:
    """The owners a subject names, split at "och", "samt" and commas outside board names.

    Known boards get their canonical name; another part is kept as printed, so a board
    missing from ``KNOWN_BOARDS`` ("Tandvårdsnämnden") is not lost.
    """
    spans = [(match.start(), match.end()) for _, pattern in _BOARD_PATTERNS for match in pattern.finditer(subject)]
    cuts = [(0, 0)]
    for separator in _SUBJECT_SEPARATOR.finditer(subject):
        if not any(start < separator.start() < end for start, end in spans):
            cuts.append((separator.start(), separator.end()))
    ends = [start for start, _ in cuts[1:]] + [len(subject)]
    parts = [subject[cut[1] : end].strip() for cut, end in zip(cuts, ends, strict=True)]
    owners = []
    for part in filter(None, parts):
        named = [name for _, name in board_mentions(part)]
        owners += named or [_capitalise(part)]
    return owners


def _strip_board(text: str) -> str:
    """``text`` without the board name it starts with."""
    for _, pattern in _BOARD_PATTERNS:
        match = pattern.match(text)
        if match:
            return text[match.end() :].lstrip(" ,")
    return text


def parse_owner_tags(text: str) -> tuple[str, ...]:
    """The abbreviations of a trailing owner tag: "…försvar. (RS, RUN)" → ("RS", "RUN").

    Only known board abbreviations make a tag; "(EPBD)" at the end of a sentence is an acronym.

    >>> parse_owner_tags("Fortsätta utveckla arbetet med kultur och hälsa. (RS+RUN)")
    ('RS', 'RUN')
    """
    match = _OWNER_TAG.search(text)
    tags = tuple(re.split(r"\s*[,+/&]\s*", match["tags"])) if match else ()
    return tags if all(tag in _BY_ABBREVIATION for tag in tags) else ()


def expand_owners(assignment: Assignment, boards: Iterable[Board]) -> tuple[str, ...]:
    """The owners with "samtliga nämnder" replaced by the nämnder of the plan's list of boards."""
    if not assignment.all_boards:
        return assignment.owners
    nämnder = [board.name for board in boards if board.doc_id == assignment.doc_id and board.kind == "nämnd"]
    expanded = [name for owner in assignment.owners for name in (nämnder if owner == ALL_BOARDS else [owner])]
    return tuple(dict.fromkeys(expanded))


# --- Extraction ---------------------------------------------------------------------


def extract_assignments(lines: Sequence[Line], sections: Sequence[Section], meta: DocumentMeta) -> tuple[Record, ...]:
    """The registry records of one parsed document.

    From a plan: its målområden with their övergripande mål, their long-term nyckeltal,
    their uppdrag with owners and year, and (when it has any of these) its list of
    boards. From a report: the rows of its "Status Uppdrag Kommentar" tables, not yet
    linked to the plan (see ``match_follow_ups``). Other documents give nothing.

    Args:
        lines: the document's cleaned lines (``clean_pages``).
        sections: its sections (``split_sections``); paragraph spans tell headings apart
            and give each board's section path.
        meta: the document's metadata, for ids, titles and year spans.

    Returns:
        The Boards; then GoalArea, KeyFigure and Assignment records in document order;
        then the FollowUps.
    """
    lines = list(lines)
    plan = _plan_records(lines, _heading_lines(lines, sections), meta)
    boards = _boards(lines, sections, meta) if plan else []
    return (*boards, *plan, *_follow_ups(lines, meta))


def _heading_lines(lines: list[Line], sections: Sequence[Section]) -> set[int]:
    """Source lines that no paragraph covers: the headings ``split_sections`` found."""
    spans = sorted((paragraph.first_line, paragraph.last_line) for section in sections for paragraph in section.paragraphs)
    starts = [start for start, _ in spans]
    headings: set[int] = set()
    for line in lines:
        index = bisect_left(starts, line.source_line + 1) - 1
        if index < 0 or spans[index][1] < line.source_line:
            headings.add(line.source_line)
    return headings


def _plan_records(lines: list[Line], headings: set[int], meta: DocumentMeta) -> list[Record]:
    """Goal areas, key figures and assignments, walking the lines once."""
    records: list[Record] = []
    seen_areas: set[str] = set()
    area: tuple[str, str] | None = None  # (name, heading)
    index = 0
    while index < len(lines):
        text = lines[index].text
        heading = _GOAL_AREA_HEADING.match(text)
        if heading and not text.endswith(_SENTENCE_END):
            area = (_capitalise(heading["name"]), text)
            index, goal = _goal_area(lines, index, area, meta)
            if goal and goal.name.casefold() not in seen_areas:
                seen_areas.add(goal.name.casefold())
                records.append(goal)
            continue
        if _ASSIGNMENT_HEADING.match(text) or _KEY_FIGURE_HEADING.match(text):
            items, index = _list_items(lines, index + 1, headings)
            records += [_list_record(item, text, area, meta) for item in items]
            continue
        index += 1
    return records


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _goal_area(lines: list[Line], index: int, area: tuple[str, str], meta: DocumentMeta) -> tuple[int, GoalArea | None]:
    """The övergripande mål: the short lines right after a "Målområde för …" heading.

    Returns the index after them and the GoalArea, or None when the heading is not
    followed by a goal (e.g. an appendix table caption).
    """
    goal: list[Line] = []
    following = index + 1
    while following < len(lines) and len(goal) < MAX_GOAL_LINES and _is_goal_line(lines[following].text):
        goal.append(lines[following])
        following += 1
    if not goal:
        return following, None
    record = GoalArea(
        name=area[0],
        goal=" ".join(line.text for line in goal),
        doc_id=meta.doc_id,
        doc_title=meta.title,
        section_path=(area[1],),
        page=lines[index].page,
        source_lines=(lines[index].source_line, goal[-1].source_line),
    )
    return following, record


def _is_goal_line(text: str) -> bool:
    """A title-like line, as short as a heading: not running text, a list item, a caption or another heading."""
    if len(text) > MAX_HEADING_CHARS or len(text.split()) > MAX_HEADING_WORDS or text.endswith((*_SENTENCE_END, ":", ";", ",")):
        return False
    if _BULLET.match(text) or _CAPTION.match(text) or not text[:1].isalpha():
        return False
    return not _starts_part(text)


def _list_items(lines: list[Line], start: int, headings: set[int]) -> tuple[list[list[Line]], int]:
    """The bullet items from ``start``, each with its wrapped lines; and the index after the list."""
    items: list[list[Line]] = []
    index = start
    while index < len(lines):
        line = lines[index]
        if _starts_part(line.text):
            break
        if _BULLET.match(line.text):
            items.append([line])
        elif not (items and _continues(items[-1], line, headings)):
            break
        else:
            items[-1].append(line)
        index += 1
    return items, index


def _starts_part(text: str) -> bool:
    return bool(_GOAL_AREA_HEADING.match(text) or _ASSIGNMENT_HEADING.match(text) or _KEY_FIGURE_HEADING.match(text))


def _continues(item: list[Line], line: Line, headings: set[int]) -> bool:
    """Whether ``line`` is a wrapped part of the list item, not the text after the list.

    It is, unless it is a heading, or the item has finished a sentence and the line
    starts a new one. (Line width cannot tell a wrap from a new paragraph here:
    re-joined hyphenations make some lines twice as long as the page is wide.)
    """
    if line.source_line in headings:
        return False
    return not item[-1].text.endswith(_SENTENCE_END) or line.text[:1].islower()


def _list_record(item: list[Line], heading: str, area: tuple[str, str] | None, meta: DocumentMeta) -> Record:
    """An Assignment or a KeyFigure from a bullet item under ``heading``."""
    text = _BULLET.sub("", " ".join(line.text for line in item)).strip()
    path = (area[1], heading.rstrip(" :")) if area else (heading.rstrip(" :"),)
    common = {
        "doc_id": meta.doc_id,
        "doc_title": meta.title,
        "section_path": path,
        "page": item[0].page,
        "source_lines": (item[0].source_line, item[-1].source_line),
    }
    goal_area = area[0] if area else None
    year = _ASSIGNMENT_HEADING.match(heading)
    if not year:
        return KeyFigure(text=text, goal_area=goal_area, **common)
    owners, _ = parse_owners(text)
    return Assignment(
        text=text,
        owners=owners,
        all_boards=ALL_BOARDS in owners,
        goal_area=goal_area,
        year=int(year["year"]),
        year_span=meta.years,
        **common,
    )


def _boards(lines: list[Line], sections: Sequence[Section], meta: DocumentMeta) -> list[Board]:
    """The boards the document names, located in its list of boards (the section naming most of them)."""
    path_at = _section_lookup(sections)
    mentions: dict[str, list[Line]] = {}
    for line in lines:
        for _, name in board_mentions(line.text):
            if name != ALL_BOARDS:
                mentions.setdefault(name, []).append(line)
    named: dict[tuple[str, ...], set[str]] = {}
    for name, found in mentions.items():
        for line in found:
            named.setdefault(path_at(line.source_line), set()).add(name)
    listing = max(named, key=lambda path: len(named[path]), default=None)
    boards = []
    for name, kind, abbreviation, _ in KNOWN_BOARDS:
        in_list = [line for line in mentions.get(name, []) if path_at(line.source_line) == listing]
        # An entry of the list ("Kollektivtrafiknämnden 310,0 …") rather than a caption naming the board.
        entries = [line for line in in_list if (0, name) in board_mentions(line.text)]
        line = next(iter(entries or in_list or mentions.get(name, [])), None)
        if line is not None:
            path, span = path_at(line.source_line), (line.source_line, line.source_line)
            boards.append(Board(name, kind, abbreviation, meta.doc_id, meta.title, path, line.page, span))
    return boards


def _section_lookup(sections: Sequence[Section]) -> Callable[[int], tuple[str, ...]]:
    """A function from a source line to the path of the section holding it (a heading: the section it opens)."""
    spans = sorted(
        (paragraph.first_line, paragraph.last_line, section.path) for section in sections for paragraph in section.paragraphs
    )
    ends = [last for _, last, _ in spans]

    def path_at(source_line: int) -> tuple[str, ...]:
        index = bisect_left(ends, source_line)
        return spans[index][2] if index < len(spans) else ()

    return path_at


# --- Follow-up tables ---------------------------------------------------------------


@dataclass
class _Row:
    """A follow-up row being assembled, cell by cell (blocks of lines)."""

    status: list[Line]
    text: list[Line] = field(default_factory=list)
    comment: list[Line] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Whether every cell has text (later blocks can then only be page-break continuations)."""
        return bool(self.text and self.comment)


def _blocks(lines: Sequence[Line]) -> list[list[Line]]:
    """Runs of consecutive source lines: the cells of a table whose cells blank lines separate.

    A table header line is a block of its own, as it interrupts a row at a page break.
    """
    blocks: list[list[Line]] = []
    for line in lines:
        header = bool(_STATUS_HEADER.match(line.text))
        joins = blocks and not header and not _is_header(blocks[-1]) and _adjacent(blocks[-1][-1], line)
        if joins:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def _adjacent(line: Line, following: Line) -> bool:
    """Whether two lines are printed one after the other: no blank line between, nor a page break.

    Across a PDF's page break only its running footer and header stand between (``ingest.clean``).
    """
    return following.source_line == line.end_line + 1 or (line.page is not None and following.page != line.page)


def _is_header(block: list[Line]) -> bool:
    """Whether a block is the table's column header line ("Status Uppdrag Kommentar")."""
    return len(block) == 1 and bool(_STATUS_HEADER.match(block[0].text))


def _is_status(block: list[Line]) -> bool:
    """Whether a block is a status cell: short, starting with a known status word."""
    text = _joined(block)
    return len(block) <= 3 and len(text) <= MAX_STATUS_CHARS and bool(_STATUS.match(text))


def _joined(block: list[Line]) -> str:
    return " ".join(line.text for line in block)


def _follow_ups(lines: Sequence[Line], meta: DocumentMeta) -> list[FollowUp]:
    """Every row of the document's "Status Uppdrag Kommentar" tables."""
    blocks = _blocks(lines)
    records: list[FollowUp] = []
    index, table = 0, 0
    while index < len(blocks):
        if not _is_header(blocks[index]):
            index += 1
            continue
        table += 1
        heading = _heading_before(blocks, index)
        rows, index = _table_rows(blocks, index + 1)
        records += [_follow_up(row, heading, table, meta) for row in rows if row.text]
    return records


def _heading_before(blocks: list[list[Line]], index: int) -> str | None:
    """The report's målområde heading above a table: "<Målområde> - <mål>", followed by a "Kommentar" box."""
    for position in range(index - 1, 0, -1):
        text = _joined(blocks[position - 1])
        if _joined(blocks[position]).casefold() == "kommentar" and " - " in text:
            return text
        if _is_header(blocks[position]):
            return None
    return None


def _table_rows(blocks: list[list[Line]], index: int) -> tuple[list[_Row], int]:
    """The rows of a table starting at ``index``, and the index of the first block after the table.

    A row is a status block, an uppdrag block and a comment block. At a page break the
    header is repeated and the row's unfinished cells continue below it: two blocks
    continue uppdrag and comment, one block whichever cell it fits (``_continue_row``).
    """
    rows: list[_Row] = []
    after_break = False
    while index < len(blocks):
        block = blocks[index]
        if _is_header(block):
            after_break = bool(rows)
        elif _is_status(block):
            rows.append(_Row(status=block))
            after_break = False
        elif rows and not rows[-1].complete:
            row = rows[-1]
            (row.comment if row.text else row.text).extend(block)
        elif rows and after_break:
            index = _continue_row(rows[-1], blocks, index)
            after_break = False
            continue
        else:
            break
        index += 1
    return rows, index


def _continue_row(row: _Row, blocks: list[list[Line]], index: int) -> int:
    """Add the blocks continuing a complete row after a page break; return the index after them."""
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    two = following is not None and not _is_header(following) and not _is_status(following)
    if two and not _finished(row.text):
        row.text.extend(blocks[index])
        row.comment.extend(blocks[index + 1])
        return index + 2
    _single_continuation(row, blocks[index]).extend(blocks[index])
    return index + 1


def _single_continuation(row: _Row, block: list[Line]) -> list[Line]:
    """The cell a lone continuation block belongs to: the only unfinished one, else the one of its width."""
    text_open, comment_open = not _finished(row.text), not _finished(row.comment)
    if text_open != comment_open:
        return row.text if text_open else row.comment
    width = max(len(line.text) for line in block)
    text_width = max(len(line.text) for line in row.text)
    comment_width = max(len(line.text) for line in row.comment)
    return row.text if abs(width - text_width) < abs(width - comment_width) else row.comment


def _finished(block: list[Line]) -> bool:
    """Whether a cell ends a sentence (an owner tag after the full stop counts as an end)."""
    text = _joined(block)
    return text.endswith(_SENTENCE_END) or bool(parse_owner_tags(text))


def _follow_up(row: _Row, heading: str | None, table: int, meta: DocumentMeta) -> FollowUp:
    """The record of an assembled row."""
    text = _joined(row.text)
    every = row.status + row.text + row.comment
    return FollowUp(
        status=_joined(row.status),
        text=text,
        comment=_joined(row.comment),
        owner_tags=parse_owner_tags(text),
        heading=heading,
        organ=meta.organ,
        table=table,
        doc_id=meta.doc_id,
        doc_title=meta.title,
        section_path=(heading.rstrip(" .:"), "Status Uppdrag Kommentar") if heading else ("Status Uppdrag Kommentar",),
        page=row.status[0].page,
        source_lines=(min(line.source_line for line in every), max(line.source_line for line in every)),
        year_span=meta.years,
    )


# --- Matching -----------------------------------------------------------------------


@lru_cache(maxsize=1 << 14)
def task_key(text: str) -> str:
    """An uppdrag folded for comparison: no owner subject or tag, lower case, words only.

    >>> task_key("Regionstyrelsen ska realisera arbetssätt (RS).")
    'realisera arbetssätt'
    >>> task_key("Realisera arbetssätt.(RS)")
    'realisera arbetssätt'
    """
    text = _OWNER_TAG.sub("", text)
    owners, task = parse_owners(text)
    if owners and any(name in _BOARD_KIND or name == ALL_BOARDS for name in owners):
        text = task
    return _NON_WORD.sub(" ", text.casefold()).strip()


@lru_cache(maxsize=1 << 14)
def task_words(text: str) -> frozenset[str]:
    """The words of an uppdrag's ``task_key``."""
    return frozenset(task_key(text).split())


def shares_words(first: str, second: str, share: float = MIN_SHARED_WORDS) -> bool:
    """Whether two uppdrag have at least ``share`` of the shorter one's words in common."""
    one, other = task_words(first), task_words(second)
    return len(one & other) >= share * max(1, min(len(one), len(other)))


def similarity(first: str, second: str) -> float:
    """How alike two uppdrag are, 0–1: difflib's ratio of their ``task_key``s."""
    return difflib.SequenceMatcher(None, task_key(first), task_key(second), autojunk=False).ratio()


def match_follow_ups(records: Iterable[Record], threshold: float = MATCH_THRESHOLD) -> tuple[Record, ...]:
    """Link every FollowUp to the plan Assignment it reports on; other records pass through.

    Candidates are the uppdrag of plans whose period covers the report's year (all
    uppdrag if none does) that share enough words (``shares_words``). The most similar wins (``similarity``); near-equal ones are
    told apart by the report's målområde heading and owner tags (``SAME_AREA_BONUS``,
    ``SAME_OWNER_BONUS``): the same sentence can be given to two boards in two
    målområden. A follow-up below ``threshold`` stays unmatched, its best score kept.
    """
    records = tuple(records)
    matcher = _Matcher([record for record in records if isinstance(record, Assignment)])
    areas = {record.name.casefold(): record.name for record in records if isinstance(record, GoalArea)}
    return tuple(matcher.matched(record, areas, threshold) if isinstance(record, FollowUp) else record for record in records)


class _Matcher:
    """The plan uppdrag indexed by year, and the comparisons of one ingest remembered by ``task_key``.

    A library repeats uppdrag and follow-ups word for word (each year's plan, each board's report),
    so the same two keys meet many times: each pair is compared once (issue 18: at 20 × the
    shipped documents, difflib took half the ingest without the vectors). Held for one
    ``match_follow_ups`` call only, so a long-running app does not keep the pairs.
    """

    def __init__(self, assignments: list[Assignment]) -> None:
        self.assignments = assignments
        self._by_year: dict[int, list[int]] = {}
        for position, assignment in enumerate(assignments):
            for year in set(assignment.year_span):
                self._by_year.setdefault(year, []).append(position)
        self._shared: dict[tuple[str, str], bool] = {}
        self._similar: dict[tuple[str, str], float] = {}

    def matched(self, follow_up: FollowUp, areas: dict[str, str], threshold: float) -> FollowUp:
        """The follow-up with its best plan uppdrag, score and målområde filled in."""
        key = task_key(follow_up.text)
        candidates = [a for a in self._in_years(follow_up) if self._shares(key, task_key(a.text))]
        area = _heading_area(follow_up.heading, areas)
        if not candidates:
            return replace(follow_up, assignment_id=None, score=None, goal_area=area)
        owners = {_BY_ABBREVIATION.get(tag, tag) for tag in follow_up.owner_tags} or {follow_up.organ}
        scored = [(self._similarity(key, task_key(candidate.text)), candidate) for candidate in candidates]
        score, best = max(scored, key=lambda pair: pair[0] + _bonus(pair[1], area, owners))
        if score < threshold:
            return replace(follow_up, assignment_id=None, score=round(score, 3), goal_area=area)
        return replace(follow_up, assignment_id=best.id, score=round(score, 3), goal_area=best.goal_area)

    def _in_years(self, follow_up: FollowUp) -> list[Assignment]:
        """The uppdrag of plans covering one of the report's years, in plan order; all of them if none does."""
        positions = sorted({p for year in set(follow_up.year_span) for p in self._by_year.get(year, ())})
        return [self.assignments[p] for p in positions] or self.assignments

    def _shares(self, first: str, second: str) -> bool:
        """``shares_words`` of two task keys, each pair worked out once."""
        pair = (first, second)
        if pair not in self._shared:
            one, other = frozenset(first.split()), frozenset(second.split())
            self._shared[pair] = len(one & other) >= MIN_SHARED_WORDS * max(1, min(len(one), len(other)))
        return self._shared[pair]

    def _similarity(self, first: str, second: str) -> float:
        """``similarity`` of two task keys, each pair worked out once."""
        pair = (first, second)
        if pair not in self._similar:
            self._similar[pair] = difflib.SequenceMatcher(None, first, second, autojunk=False).ratio()
        return self._similar[pair]


def _heading_area(heading: str | None, areas: dict[str, str]) -> str | None:
    """The målområde a report heading names ("Tandvård - God och …" → "Tandvård"), canonical where known."""
    if not heading or " - " not in heading:
        return None
    name = heading.split(" - ", 1)[0].strip()
    return areas.get(name.casefold(), name)


def _bonus(candidate: Assignment, area: str | None, owners: set[str | None]) -> float:
    """The tie-breaking bonus of a candidate in the follow-up's målområde or of its owners."""
    same_area = area is not None and (candidate.goal_area or "").casefold() == area.casefold()
    same_owner = bool(owners & set(candidate.owners)) or (candidate.all_boards and bool(owners & set(_BOARD_KIND)))
    return SAME_AREA_BONUS * same_area + SAME_OWNER_BONUS * same_owner


# --- Board-centred view -------------------------------------------------------------

FRAME_COLUMNS = (
    "board",
    "goal_area",
    "year",
    "text",
    "status",
    "comment",
    "score",
    "reported_by",
    "owners",
    "joint",
    "via_all_boards",
    "in_plan",
    "assignment_id",
    "doc_id",
    "source_lines",
    "follow_up_id",
    "follow_up_doc_id",
    "follow_up_lines",
)


def assignments_frame(records: Iterable[Record], expand_all_boards: bool = True) -> pd.DataFrame:
    """One row per uppdrag and owning board, with that board's follow-up: the board-centred view.

    Long format, so ``frame[frame.board == "Regionstyrelsen"]`` lists one board's uppdrag
    and ``goal_area``, ``year`` and ``status`` filter the same way. A joint uppdrag has a
    row per owner (``joint`` True; ``owners`` names them all, joined by "; "). With
    ``expand_all_boards``, "samtliga nämnder" becomes a row per nämnd of the plan's list
    of boards (``via_all_boards`` True). Status, comment and score on a row come from the
    best-scoring follow-up *that board* reported (``reported_by``): regionstyrelsen's
    tertial report says nothing of the nämnder's part of a joint uppdrag. Follow-ups that
    match no plan uppdrag, a board's own uppdrag, are rows too, with ``in_plan`` False.
    """
    import pandas as pd

    records = tuple(records)
    boards = [record for record in records if isinstance(record, Board)]
    follow_ups = [record for record in records if isinstance(record, FollowUp)]
    reported: dict[tuple[str | None, str | None], FollowUp] = {}
    for follow_up in sorted(follow_ups, key=lambda item: item.score or 0.0):
        reported[follow_up.assignment_id, follow_up.organ] = follow_up
    rows = [
        {"board": board, **_follow_up_columns(reported.get((record.id, board), reported.get((record.id, None)))), **shared}
        for record in records
        if isinstance(record, Assignment)
        for board, shared in _assignment_rows(record, boards, expand_all_boards)
    ]
    rows += [_unmatched_row(follow_up) for follow_up in follow_ups if not follow_up.matched]
    frame = pd.DataFrame(rows, columns=list(FRAME_COLUMNS))
    return frame.astype({"year": "Int64", "score": "Float64"})


def _assignment_rows(assignment: Assignment, boards: list[Board], expand: bool) -> list[tuple[str, dict]]:
    """(board, columns) for each owner of an uppdrag, "samtliga nämnder" expanded if asked."""
    shared = {
        "goal_area": assignment.goal_area,
        "year": assignment.year,
        "text": assignment.text,
        "owners": "; ".join(assignment.owners),
        "joint": len(assignment.owners) > 1,
        "in_plan": True,
        "assignment_id": assignment.id,
        "doc_id": assignment.doc_id,
        "source_lines": assignment.source_lines,
    }
    owners = expand_owners(assignment, boards) if expand else assignment.owners
    return [(owner, {**shared, "via_all_boards": owner not in assignment.owners}) for owner in owners]


def _follow_up_columns(follow_up: FollowUp | None) -> dict:
    """The follow-up columns of a row; all None without a follow-up."""
    names = ("status", "comment", "score", "reported_by", "follow_up_id", "follow_up_doc_id", "follow_up_lines")
    if follow_up is None:
        return dict.fromkeys(names)
    values = (follow_up.status, follow_up.comment, follow_up.score, follow_up.organ, follow_up.id, follow_up.doc_id)
    return dict(zip(names, (*values, follow_up.source_lines), strict=True))


def _unmatched_row(follow_up: FollowUp) -> dict:
    """The row of a follow-up no plan uppdrag matches: the reporting board's own uppdrag."""
    owners = tuple(_BY_ABBREVIATION.get(tag, tag) for tag in follow_up.owner_tags) or (follow_up.organ,)
    return {
        "board": follow_up.organ,
        "goal_area": follow_up.goal_area,
        "year": None,
        "text": follow_up.text,
        "owners": "; ".join(owner for owner in owners if owner),
        "joint": len(owners) > 1,
        "via_all_boards": False,
        "in_plan": False,
        "assignment_id": None,
        "doc_id": None,
        "source_lines": None,
        **_follow_up_columns(follow_up),
    }
