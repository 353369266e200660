"""What one cleaned line is inside a table flattened to text: a row, bare figures, a label or a header.

A PDF table reaches us as lines such as "Verksamhetens kostnader -7 267,6 -6 776,6 …",
"Utfall Budget Prognos …", "2024 2025 2025 …", or a label broken over lines with its
figures on the next. These helpers classify lines and rebuild labels; ``ingest.tables``
decides what makes a table.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

from ingest.clean import COORDINATING_WORDS, join_hyphenated
from ingest.models import Line
from ingest.numbers import UNITS, is_number_token
from ingest.sections import OPEN_ENDINGS

# Column kinds as headers print them, and the kind each stands for; "Tak" is the lånetak's column ("Tak 2027").
KINDS = {
    "Utfall": "Utfall",
    "Budget": "Budget",
    "Prognos": "Prognos",
    "Plan": "Plan",
    "Planerat": "Plan",
    "Tak": "Tak",
    "Bokslut": "Bokslut",
}
YEAR = re.compile(r"(19[5-9]\d|20\d\d)")
YEAR_RANGE = re.compile(r"(19|20)\d\d[-–](19|20)\d\d")
CAPTION = re.compile(r"^(Tabell|Figur|Diagram|Bild)\s+(\d+)\b[.:]?\s*(.*)$")
UNIT_START = re.compile(r"^(?:i\s+|I\s+)?(tkr|mkr|Tkr|Mkr|tusen kronor|miljoner kronor|Miljoner kronor)\b\s*(.*)$")
# Words that qualify the label before them ("Soliditet (ökning)" / "Exklusive ansvarsförbindelsen").
QUALIFIERS = frozenset({"exklusive", "inklusive", "exkl", "exkl.", "inkl", "inkl."})
# Short words a line may start with; any other 1–2 lowercase letters are the tail of a broken word ("Utfal" / "l").
SHORT_WORDS = frozenset("i å ö av en ej er ni nu på om så ut in år de du vi se ta ha ge få gå o ca dvs".split())
# A list item, not a cell: "• Barn …", "- Utreda …" (a minus sign before a figure is no bullet).
BULLET_LINE = re.compile(r"^([•▪●◦·]|[-–]\s+[^\W\d_])")
JOINING_ENDS = (",", "/", "-", "–", "&", "+")
SENTENCE_ENDS = (".", "!", "?")
MAX_FRAGMENT_WORDS = 6


class Kind(Enum):
    """What a line holds: a label with figures, figures alone, figures then text, or text alone."""

    ROW = "row"
    FIGURES = "figures"
    LEAD = "lead"
    LABEL = "label"


@dataclass(frozen=True)
class Parsed:
    """A line split into its text (``label``) and its number tokens."""

    kind: Kind
    label: str
    tokens: tuple[str, ...]


@dataclass(frozen=True)
class Item:
    """One header cell that names a column: a kind ("Plan"), a year (2027) or a span ("2020-2022")."""

    kind: str | None = None
    year: int | None = None
    text: str = ""
    title: str = ""  # a column title printed above a lone year ("Ack. utfall apr" / "2026")
    line: int = 0  # which header line it is on


@dataclass(frozen=True)
class HeaderLine:
    """A header line: text before the items (``stub``), the items, and text after them."""

    stub: str
    items: tuple[Item, ...]
    trailing: str


def parse_line(text: str) -> Parsed:
    """Split a line into label and figures: "Avskrivningar -164,9 -163,1" → ROW("Avskrivningar", …)."""
    tokens = text.split()
    start = len(tokens)
    while start > 0 and _numeric(tokens[start - 1]):
        start -= 1
    while start < len(tokens) and _bare_unit(tokens[start]):
        start += 1  # a figure does not start with its unit
    figures = tuple(tokens[start:])
    if figures and any(ch.isdigit() for token in figures for ch in token):
        if start == 0:
            return Parsed(Kind.FIGURES, "", figures)
        return Parsed(Kind.ROW, " ".join(tokens[:start]), figures)
    end = 0
    while end < len(tokens) and _numeric(tokens[end]):
        end += 1
    if end and any(ch.isdigit() for token in tokens[:end] for ch in token):
        return Parsed(Kind.LEAD, " ".join(tokens[end:]), tuple(tokens[:end]))
    return Parsed(Kind.LABEL, text, ())


def _numeric(token: str) -> bool:
    return is_number_token(token) or _bare_unit(token)


def _bare_unit(token: str) -> bool:
    return token in UNITS


def header_line(text: str) -> HeaderLine | None:
    """Read a line as a column header ("Utfall Budget Prognos", "2024 2025", "Prognos 2026 Budget 2026 Avvikelse").

    Returns ``None`` unless the line names at least one kind, year or span, holds no
    other figures, and those items make up more than half of the words between them.
    """
    tokens = text.split()
    if not tokens or len(tokens) > 16 or CAPTION.match(text) or text.endswith(SENTENCE_ENDS):
        return None
    items = [_item(token) for token in tokens]
    found = [index for index, item in enumerate(items) if item is not None]
    if not found or any(items[i] is None and is_number_token(tokens[i]) for i in range(len(tokens))):
        return None
    first, last = found[0], found[-1]
    if len(found) * 2 <= last - first + 1 or len(tokens) - last - 1 > MAX_FRAGMENT_WORDS or text[0].islower():
        return None  # "från år 2025 till år 2026": a sentence that names years, or the end of one
    return HeaderLine(" ".join(tokens[:first]), tuple(item for item in items if item is not None), " ".join(tokens[last + 1 :]))


def _item(token: str) -> Item | None:
    if token in KINDS:
        return Item(kind=KINDS[token], text=token)
    if YEAR.fullmatch(token):
        return Item(year=int(token), text=token)
    if YEAR_RANGE.fullmatch(token):
        return Item(text=token)
    return None


def is_fragment(text: str) -> bool:
    """A short text line that may be part of a header or a label (no figures except years)."""
    words = text.split()
    if not words or len(words) > MAX_FRAGMENT_WORDS or CAPTION.match(text) or BULLET_LINE.match(text):
        return False
    return not any(is_number_token(word) and not YEAR.fullmatch(word) for word in words)


def is_prose(text: str, width: int) -> bool:
    """Running text that ends a table: a bullet, a long finished sentence, or a full line of words."""
    if BULLET_LINE.match(text):
        return True
    if text.endswith(SENTENCE_ENDS) and len(text) >= 0.6 * width:
        return True
    return len(text) >= 0.85 * width and len(text.split()) >= 9 and parse_line(text).kind is Kind.LABEL


def is_footnote(text: str) -> bool:
    """A note under a table: "*Exklusive …", "**) Avser …", "* Inklusive överflyttade …"."""
    return text.startswith("*")


def continues(previous: str, following: str) -> bool:
    """Whether ``following`` continues the label on the line before it."""
    if not previous or not following or previous.endswith(SENTENCE_ENDS):
        return False
    first = following.split()[0]
    if following[0].islower() or following[0] in "(0123456789" or first.lower() in QUALIFIERS | COORDINATING_WORDS:
        return True
    return previous.endswith(JOINING_ENDS) or previous.split()[-1].lower() in OPEN_ENDINGS


def name_continues(previous: str, following: str) -> bool:
    """A name broken over lines: "Region Jämtland" / "Härjedalen"."""
    before, after = previous.split(), following.split()
    return len(before) >= 2 and len(after) == 1 and _capitalised(before[-1]) and _capitalised(after[0])


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and word[1:].islower()


def join_text(previous: str, following: str) -> str:
    """Join two lines of one label or header cell, mending words the PDF broke."""
    if not previous:
        return following
    merged = join_hyphenated(previous, following)
    if merged is not None:
        return merged
    first = following.split()[0]
    broken = re.fullmatch(r"[^\W\d_A-ZÅÄÖ]{1,2}", following) or re.fullmatch(r"[^\W\d_A-ZÅÄÖ]", first)
    if broken and first not in SHORT_WORDS and previous[-1].isalpha():
        return previous + following  # "Utfal" + "l", "Avskrivningar/finansnet" + "to", "Budge" + "t 2026"
    if previous.endswith("-") and previous[-2:-1].isalpha() and first[0].isupper() and first.lower() not in COORDINATING_WORDS:
        return previous + following  # "utf-" + "Ack"
    return f"{previous} {following}"


def phrases(lines: list[Line]) -> list[tuple[str, Line]]:
    """Group label lines into phrases, each with its first line: continuation lines join the one before."""
    grouped: list[tuple[str, Line]] = []
    for line in lines:
        if grouped and (continues(grouped[-1][0], line.text) or name_continues(grouped[-1][0], line.text)):
            grouped[-1] = (join_text(grouped[-1][0], line.text), grouped[-1][1])
        else:
            grouped.append((line.text, line))
    return grouped


def label_phrases(lines: list[Line]) -> list[tuple[str, Line]]:
    """The phrases that can be a row label: not sentences, not a unit on its own."""
    return [(text, line) for text, line in phrases(lines) if not text.endswith(".") and not UNIT_START.fullmatch(text)]


def header_cells(lines: list[Line]) -> list[str]:
    """Column titles from header lines stacked in one column per cell.

    Lines one source line apart belong to one cell (a blank line separates cells),
    and a piece starting in lower case continues the cell before it:
    "Ack" / "budget" → "Ack budget", "Ack" / "utf-" / "Ack" + "fg år" / "Diff" → "Ack utf-Ack fg år Diff".
    """
    cells: list[str] = []
    previous: Line | None = None
    for line in lines:
        same_cell = previous is not None and line.source_line - previous.source_line == 1
        if cells and (same_cell or line.text[0].islower()):
            cells[-1] = join_text(cells[-1], line.text)
        else:
            cells.append(line.text)
        previous = line
    return cells


def text_if_years(parsed: Parsed, text: str) -> Parsed:
    """A line whose only "figures" are years is text: "… investeringar år 2026", "Total driftbudget år 2026 mkr"."""
    if parsed.tokens and all(YEAR.fullmatch(token) or token in UNITS for token in parsed.tokens):
        return Parsed(Kind.LABEL, text, ())
    return parsed


def starts_continuation(label: str) -> bool:
    first = label.split()[0].lower()
    return label[0].islower() or label[0] == "(" or first in QUALIFIERS or first in COORDINATING_WORDS


def unique(label: str, taken: set[str], separator: str) -> str:
    """``label``, or with " (2)", " (3)" … (``separator`` " ") or "-2", "-3" … ("-") if already taken."""
    if label not in taken:
        return label
    for number in itertools.count(2):
        candidate = f"{label} ({number})" if separator == " " else f"{label}-{number}"
        if candidate not in taken:
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover


def slug(text: str) -> str:
    """An id from a caption: "Högkostnadsskydd öppenvård pga sjukdom" → "hogkostnadsskydd-oppenvard-pga-sjukdom"."""
    folded = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:60].strip("-") or "tabell"
