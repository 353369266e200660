"""Structure: group a document's cleaned lines into sections under their headings, and into paragraphs.

``ingest.headings`` decides which lines are headings; this module decides where each
heading sits. A part (a målområde, an appendix, a report's målområde line) holds the
tables, uppdrag and nyckeltal under it; any other heading with text of its own starts a
new top-level section. A heading with no text of its own titles the heading below it.
Prose after a table is a section of its own under the same path.
"""

from __future__ import annotations

import re

from ingest.headings import (
    CAPTION,
    MAX_HEADING_CHARS,
    MAX_HEADING_WORDS,
    NUMBER_TOKEN,
    OPEN_ENDINGS,
    SENTENCE_END,
    Heading,
    HeadingKind,
    find_headings,
    is_numeric_row,
    typical_width,
)
from ingest.models import Line, Paragraph, Section

__all__ = [
    "CAPTION",
    "MAX_HEADING_CHARS",
    "MAX_HEADING_WORDS",
    "OPEN_ENDINGS",
    "is_numeric_row",
    "looks_like_heading",
    "split_sections",
    "typical_width",
]

# Headings that belong to the part they stand in: a målområde's goals, key
# figures, assignments and tables. Any other heading starts a new part.
SUB_HEADING = re.compile(r"^(Tabell|Uppdrag|Långsiktiga nyckeltal|Nyckeltal|Övergripande mål|Strategi)")
BULLET = re.compile(r"^[•▪●◦·*–-]\s*")
MIN_TABLE_ROWS = 3  # rows before prose for the prose to start a part of its own
MAX_CELL_CHARS = 40
MIN_PROSE_WORDS = 8


def looks_like_heading(text: str, previous: str | None, following: str | None = None) -> bool:
    """Whether one line is a heading, judged by its shape and the lines around it (``find_headings`` on three lines)."""
    texts = [item for item in (previous, text, following) if item is not None]
    lines = [Line(item, None, number) for number, item in enumerate(texts, start=1)]
    start = 0 if previous is None else 1
    return any(heading.start == start for heading in find_headings(lines))


def split_sections(lines: list[Line], breaks: set[int], title: str) -> list[Section]:
    """Group lines into sections under their headings, and each section into paragraphs.

    Args:
        lines: cleaned logical lines of one document.
        breaks: source line numbers known to start a paragraph (from blank lines).
        title: the document title, used as the path of text before the first heading.
    """
    width = typical_width(lines)
    headings = find_headings(lines)
    starts = [heading.start for heading in headings] + [len(lines)]
    sections: list[Section] = []
    if starts[0] > 0:
        sections.append(Section((title,), _paragraphs(lines[: starts[0]], breaks, width)))
    bodies = [
        lines[heading.start if heading.in_body else heading.end : end] for heading, end in zip(headings, starts[1:], strict=True)
    ]
    paths = _paths(headings, [bool(body) for body in bodies])
    for heading, path, body in zip(headings, paths, bodies, strict=True):
        if not body:
            continue
        paragraphs = _paragraphs(body, breaks, width)
        # A report's table (named by its header row) holds prose in its comment cells: it is kept whole.
        parts = [paragraphs] if heading.kind is HeadingKind.TABLE else _apart(paragraphs)
        sections += [Section(path, part) for part in parts]
    return sections


def _apart(paragraphs: tuple[Paragraph, ...]) -> list[tuple[Paragraph, ...]]:
    """A section's paragraphs in parts, split where prose follows a table (MIN_TABLE_ROWS rows or more).

    The parts share the section's path. Passages never cross sections, so a table and the
    text that sums it up after it are cited apart, and neither hides in the other's passage.
    """
    parts: list[list[Paragraph]] = [[]]
    rows = 0  # table rows since the last prose
    for paragraph in paragraphs:
        prose = _is_prose(paragraph.text)
        if prose and rows >= MIN_TABLE_ROWS and parts[-1]:
            parts.append([])
        rows = 0 if prose else rows + _is_table_row(paragraph.text)
        parts[-1].append(paragraph)
    return [tuple(part) for part in parts if part]


def _is_table_row(text: str) -> bool:
    """A row of figures, or a short cell that ends no sentence."""
    return is_numeric_row(text) or (len(text) < MAX_CELL_CHARS and not text.endswith(SENTENCE_END))


def _is_prose(text: str) -> bool:
    """A paragraph of running text: a sentence of several words, starting a sentence (not carrying one on)."""
    starts = text[:1].isupper()
    return starts and text.endswith((".", "!", "?")) and len(text.split()) >= MIN_PROSE_WORDS and not is_numeric_row(text)


def _paths(headings: list[Heading], has_body: list[bool]) -> list[tuple[str, ...]]:
    """Each heading's section path, given which headings have text of their own."""
    paths: list[tuple[str, ...]] = []
    part: str | None = None  # the part (målområde, appendix) whose tables and uppdrag follow
    title: str | None = None  # a heading without text: it titles the next one
    for heading, body in zip(headings, has_body, strict=True):
        label = heading.label
        if heading.kind is HeadingKind.PART:
            path, part = (label,), label
        elif heading.kind is HeadingKind.TABLE:
            parent = part or (paths[-1][0] if paths else None)
            path = (parent, label) if parent else (label,)
        elif part and (heading.kind is HeadingKind.CAPTION or SUB_HEADING.match(label)):
            path = (part, label)
        else:
            path = (title, label) if title and title != label else (label,)
            part = part if not body else None
        paths.append(path)
        title = label if not body and heading.kind is HeadingKind.SECTION else None
    return paths


def _ends_paragraph(line: Line, following: Line | None, breaks: set[int], width: int) -> bool:
    if following is None or following.source_line in breaks:
        return True
    if BULLET.match(following.text):
        return True
    if is_numeric_row(line.text):
        # A row of figures ends its paragraph, unless it is a sentence that merely ends on a year
        # or an amount and goes on in lower case on the next line ("… år 2026" / "för renovering …").
        return not (following.text[:1].islower() and _is_wordy(line.text))
    if is_numeric_row(following.text):
        # A row of bare figures continues the label on this line ("…, avrundat" / "750 850 950").
        return following.text[0].isalpha() or line.text.endswith(SENTENCE_END)
    return line.text.endswith(SENTENCE_END) and len(line.text) < 0.85 * width


def _is_wordy(text: str) -> bool:
    """Mostly words: at least two words for every figure, and six words or more."""
    words = text.split()
    figures = sum(1 for word in words if NUMBER_TOKEN.match(word))
    return len(words) - figures >= max(6, 2 * figures)


def _paragraphs(lines: list[Line], breaks: set[int], width: int) -> tuple[Paragraph, ...]:
    paragraphs: list[Paragraph] = []
    current: list[Line] = []
    for index, line in enumerate(lines):
        current.append(line)
        following = lines[index + 1] if index + 1 < len(lines) else None
        if _ends_paragraph(line, following, breaks, width):
            paragraphs.append(Paragraph.from_lines(current))
            current = []
    return tuple(paragraphs)
