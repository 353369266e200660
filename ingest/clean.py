"""Cleaning of text extracted from PDFs: hyphenation, whitespace and junk lines.

Input is pages of raw text; output is logical lines, each with its page and
source line, so every later record can say where it came from.
"""

from __future__ import annotations

import re

from ingest.models import Line, Page

# A hyphen at the end of a line before one of these words is a real hyphen
# in a Swedish coordination ("hälso- och sjukvård"), not a broken word.
COORDINATING_WORDS = frozenset({"och", "eller", "samt", "respektive", "resp.", "som", "till", "liksom"})

_URL_LINE = re.compile(r"^\s*(https?://|www\.)\S+\s*$", re.IGNORECASE)
_SEARCH_ENGINE = re.compile(r"(google|bing|duckduckgo)\.[a-z]+/search\?", re.IGNORECASE)
_NO_CONTENT = re.compile(r"^[\W_]*$")
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]")
# Lines end where Python's open() ends them: str.splitlines also splits at "\f" (pdftotext's
# page break) and other separators, which would shift every later source line number.
_LINE_END = re.compile(r"\r\n|\r|\n")


def is_junk(line: str) -> bool:
    """Stray lines that carry no content: bare URLs, search-engine links, symbol runs."""
    return bool(_URL_LINE.match(line) or _SEARCH_ENGINE.search(line) or _NO_CONTENT.match(line))


def collapse_whitespace(text: str) -> str:
    """One space between words, no control characters, no padding."""
    return _SPACES.sub(" ", _CONTROL.sub(" ", text)).strip()


def source_lines(text: str) -> list[str]:
    """The lines of ``text`` as a text editor numbers them; like ``str.splitlines`` but only at \\n, \\r\\n, \\r."""
    lines = _LINE_END.split(text)
    return lines[:-1] if lines[-1] == "" else lines


def join_hyphenated(line: str, next_line: str) -> str | None:
    """Join ``line`` ending in a broken word with ``next_line``, or ``None`` if not broken.

    "fak-" + "torer …" → "faktorer …"; "hälso-" + "och sjukvård" keeps its hyphen;
    acronyms ("IT-" + "stöd") and numbers ("2026-" + "2028") keep theirs too.
    """
    if not line.endswith("-") or len(line) < 2 or not next_line:
        return None
    before = line[:-1].split(" ")[-1]
    first_word = next_line.split(" ")[0]
    if first_word.lower() in COORDINATING_WORDS:
        return None
    if before.isdigit() or before.isupper():
        return line + next_line
    if before[-1:].isalpha() and next_line[0].islower():
        return line[:-1] + next_line
    return None


def clean_pages(pages: list[Page]) -> list[Line]:
    """Logical lines of a document: junk dropped, whitespace collapsed, words re-joined.

    Blank lines are dropped as well: in text extracted from PDFs they are mostly
    layout, and where they do mark paragraphs ``paragraph_breaks`` recovers them.
    """
    raw: list[Line] = []
    number = 0
    for page in pages:
        for text in source_lines(page.text):
            number += 1
            text = collapse_whitespace(text)
            if text and not is_junk(text):
                raw.append(Line(text, page.number, number))
    return _join_broken_words(raw)


def _join_broken_words(lines: list[Line]) -> list[Line]:
    joined: list[Line] = []
    for line in lines:
        if joined:
            merged = join_hyphenated(joined[-1].text, line.text)
            if merged is not None:
                previous = joined[-1]
                joined[-1] = Line(merged, previous.page, previous.source_line)
                continue
        joined.append(line)
    return joined


def blank_line_breaks(pages: list[Page]) -> set[int]:
    """Source line numbers that follow a blank line, when blanks mark paragraphs.

    Some extractions put a blank line after every wrapped line; there blanks say
    nothing and an empty set is returned. Others use them only between paragraphs.
    """
    lines = [line for page in pages for line in source_lines(page.text)]
    blank = sum(1 for line in lines if not line.strip())
    if not lines or blank > 0.35 * len(lines):
        return set()
    breaks: set[int] = set()
    for number, (previous, current) in enumerate(zip(["x", *lines], lines, strict=False), start=1):
        if current.strip() and not previous.strip():
            breaks.add(number)
    return breaks
