"""Structure: find section headings and paragraphs in cleaned lines.

Text extracted from PDFs has lost its fonts, so a heading is recognised by its
shape: short, capitalised, not ending mid-sentence, standing after a finished
sentence. Table captions ("Tabell 3. …") and målområden are always headings.
"""

from __future__ import annotations

import re
import statistics

from ingest.models import Line, Paragraph, Section

# Headings that open a new top-level part; other headings nest under the last one.
MAJOR_HEADING = re.compile(r"^(Målområde för|Bilaga\s+\d|Del\s+\d|Kapitel\s+\d)")
# Headings that belong to the part they stand in: a målområde's goals, key
# figures, assignments and tables. Any other heading starts a new part.
SUB_HEADING = re.compile(r"^(Tabell|Uppdrag|Långsiktiga nyckeltal|Nyckeltal|Övergripande mål|Strategi)")
CAPTION = re.compile(r"^Tabell\s+\d+[.:]?\s+\S")
TRAILING_FIGURE = re.compile(r"(?<![\d–-])(\d[\d\s,.]*\s*(%|kr|mkr|tkr|mnkr|st)?|%|kr|mkr|tkr)$")
YEAR_END = re.compile(r"(19|20)\d\d$")
BULLET = re.compile(r"^[•▪●◦·*–-]\s*")
NUMBER_TOKEN = re.compile(r"^[<>≤≥~+\-−–]?\d[\d,.:/%*]*%?\*?$")
SENTENCE_END = (".", "!", "?", ":")
# Words a heading does not end on: a line ending on them continues on the next.
OPEN_ENDINGS = frozenset("och eller samt att för som med till av i på om de den det en ett från inom under vid mot per".split())
MAX_HEADING_CHARS = 75
MAX_HEADING_WORDS = 12


def is_numeric_row(text: str) -> bool:
    """A flattened table row: ends in a figure and holds at least two of them."""
    tokens = text.split()
    numbers = sum(1 for token in tokens if NUMBER_TOKEN.match(token))
    return numbers >= 2 and bool(NUMBER_TOKEN.match(tokens[-1]))


def looks_like_heading(text: str, previous: str | None, following: str | None = None) -> bool:
    """Whether a line is a heading, judged by its shape and the lines around it.

    A heading follows a finished sentence and is not continued in lower case
    on the next line (which would make it the start of a sentence or a cell).
    """
    if CAPTION.match(text):
        return True
    if following and following[0].islower():
        return False
    words = text.split()
    if not words or len(text) > MAX_HEADING_CHARS or len(words) > MAX_HEADING_WORDS:
        return False
    if not (text[0].isupper() and text[0].isalpha()) or BULLET.match(text):
        return False
    if text.endswith((",", ";", "-", "–", ".", "!", "?")) or words[-1].lower() in OPEN_ENDINGS:
        return False
    alphabetic = sum(1 for word in words if any(ch.isalpha() for ch in word))
    if alphabetic < max(1, len(words) - 1) or is_numeric_row(text):
        return False
    if TRAILING_FIGURE.search(text) and not YEAR_END.search(text):
        return False
    return bool(MAJOR_HEADING.match(text)) or previous is None or previous.endswith(SENTENCE_END)


def split_sections(lines: list[Line], breaks: set[int], title: str) -> list[Section]:
    """Group lines into sections under their headings, and each section into paragraphs.

    Args:
        lines: cleaned logical lines of one document.
        breaks: source line numbers known to start a paragraph (from blank lines).
        title: the document title, used as the path of text before the first heading.
    """
    width = typical_width(lines)
    sections: list[Section] = []
    path: tuple[str, ...] = (title,)
    body: list[Line] = []
    previous: str | None = None
    in_table = False
    for index, line in enumerate(lines):
        following = lines[index + 1].text if index + 1 < len(lines) else None
        if _is_heading(line.text, previous, following, in_table, width):
            if body:
                sections.append(Section(path, _paragraphs(body, breaks, width)))
            path = _child_path(path, line.text, subtitle=not body and previous is not None)
            body = []
            in_table = bool(CAPTION.match(line.text))
        else:
            body.append(line)
            in_table = in_table and not _is_prose(line.text, width)
        previous = line.text
    if body:
        sections.append(Section(path, _paragraphs(body, breaks, width)))
    return sections


def _is_heading(text: str, previous: str | None, following: str | None, in_table: bool, width: int) -> bool:
    """Whether a line starts a section, given the lines around it.

    Inside a table (after a caption, until prose resumes) short cell lines look like
    headings but are column and row labels, so there a heading must be followed by
    running text.
    """
    if CAPTION.match(text) or MAJOR_HEADING.match(text):
        return True
    if following is not None and _is_running_text(following, width) and looks_like_heading(text, ".", following):
        return True  # a short title line followed by running text, whatever came before
    return not in_table and looks_like_heading(text, previous, following)


def _is_running_text(text: str, width: int) -> bool:
    """A full-width line of words: the body of a paragraph."""
    return len(text) >= 0.8 * width and not is_numeric_row(text) and text[0].isalpha()


def _is_prose(text: str, width: int) -> bool:
    """A full-width line ending a sentence: running text, not a table cell."""
    return text.endswith(SENTENCE_END) and len(text) >= 0.6 * width


def _child_path(path: tuple[str, ...], heading: str, subtitle: bool) -> tuple[str, ...]:
    """Where a heading sits: under the current part, or starting a new one.

    A heading right after a major heading (no text between) is its subtitle,
    e.g. a målområde's övergripande mål.
    """
    heading = heading.rstrip(" :")
    if MAJOR_HEADING.match(heading):
        return (heading,)
    if MAJOR_HEADING.match(path[0]) and (SUB_HEADING.match(heading) or (subtitle and len(path) == 1)):
        return (path[0], heading)
    return (heading,)


def typical_width(lines: list[Line]) -> int:
    lengths = sorted(len(line.text) for line in lines)
    if len(lengths) < 4:
        return max(lengths, default=80)
    return int(statistics.quantiles(lengths, n=10)[-1])


def _ends_paragraph(line: Line, following: Line | None, breaks: set[int], width: int) -> bool:
    if following is None or following.source_line in breaks:
        return True
    if BULLET.match(following.text) or is_numeric_row(line.text):
        return True
    if is_numeric_row(following.text):
        # A row of bare figures continues the label on this line ("…, avrundat" / "750 850 950").
        return following.text[0].isalpha() or line.text.endswith(SENTENCE_END)
    return line.text.endswith(SENTENCE_END) and len(line.text) < 0.85 * width


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
