"""Cleaning of text extracted from PDFs: hyphenation, running headers and footers, whitespace and junk lines.

Input is pages of raw text; output is logical lines, each with its page and
source line, so every later record can say where it came from.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from ingest.models import Line, Page

# A hyphen at the end of a line before one of these words is a real hyphen
# in a Swedish coordination ("hälso- och sjukvård"), not a broken word.
COORDINATING_WORDS = frozenset({"och", "eller", "samt", "respektive", "resp.", "som", "till", "liksom"})

_URL_LINE = re.compile(r"^\s*(https?://|www\.)\S+\s*$", re.IGNORECASE)
_SEARCH_ENGINE = re.compile(r"(google|bing|duckduckgo)\.[a-z]+/search\?", re.IGNORECASE)
_NO_CONTENT = re.compile(r"^[\W_]*$")
_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]")
# Page numbers as printed at the top or bottom of a page: "Sida 3 av 12", "3 (12)", "3/12", "- 3 -", "Sida 3".
_PAGE_NUMBER = re.compile(
    r"^(?:sida|page|s\.)?\s*[-–]?\s*(\d{1,4})\s*(?:(?:av|of|/)\s*\d{1,4}|\(\s*\d{1,4}\s*\))?\s*[-–]?$", re.IGNORECASE
)
_NAMED_PAGE_NUMBER = re.compile(r"^(?:sida|page)\s+\d|\d\s*(?:av|of|/)\s*\d|\d\s*\(\s*\d+\s*\)$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
# How many non-blank lines at the top and at the bottom of a page may be a running header or footer.
EDGE_LINES = 2
# A line at a page's edge is a running header or footer when it (digits aside) stands there on this share of pages.
RUNNING_SHARE = 0.5
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
    """Logical lines of a document: junk, running headers and footers dropped, whitespace collapsed, words re-joined.

    Blank lines are dropped as well: in text extracted from PDFs they are mostly
    layout, and where they do mark paragraphs ``paragraph_breaks`` recovers them.
    Source lines are numbered before anything is dropped, so they stay the extracted text's.
    """
    raw: list[Line] = []
    for page, number, text in body_lines(pages):
        text = collapse_whitespace(text)
        if text and not is_junk(text):
            raw.append(Line(text, page, number))
    return _join_broken_words(raw)


def body_lines(pages: list[Page]) -> list[tuple[int | None, int, str]]:
    """(page, source line, raw text) of every line that is not page furniture.

    Furniture is a PDF page's running header and footer, its page number, and the blank
    lines between them and the text: a page break is not a paragraph break.
    """
    running = running_lines(pages)
    body: list[tuple[int | None, int, str]] = []
    number = 0
    for page in pages:
        raw = source_lines(page.text)
        texts = [collapse_whitespace(text) for text in raw]
        kept = list(range(len(texts)))
        if page.number is not None:
            edges = _edges(texts)
            furniture = {i for i in edges if is_page_number(texts[i], page.number) or _edge_key(texts[i]) in running}
            kept = [i for i in kept if i not in furniture]
            filled = [i for i in kept if texts[i]]
            kept = [i for i in kept if filled and filled[0] <= i <= filled[-1]]
        body += [(page.number, number + 1 + i, raw[i]) for i in kept]
        number += len(texts)
    return body


def is_page_number(text: str, number: int) -> bool:
    """Whether a line at a page's edge is its page number: "Sida 3 av 12", "3 (12)", "- 3 -", or a bare "3" on page 3."""
    match = _PAGE_NUMBER.match(text)
    if not match:
        return False
    return bool(_NAMED_PAGE_NUMBER.search(text)) or int(match.group(1)) == number


def running_lines(pages: list[Page]) -> set[str]:
    """Running headers and footers: lines (digits aside) at the top or bottom of at least half the pages.

    Only PDF pages have them, and a single page cannot show that a line repeats.
    """
    numbered = [page for page in pages if page.number is not None]
    if len(numbered) < 2:
        return set()
    counts: Counter[str] = Counter()
    for page in numbered:
        texts = [collapse_whitespace(text) for text in source_lines(page.text)]
        counts.update({_edge_key(texts[index]) for index in _edges(texts)})
    needed = max(2, math.ceil(RUNNING_SHARE * len(numbered)))
    return {key for key, count in counts.items() if count >= needed}


def _edges(texts: list[str]) -> set[int]:
    """Indices of the first and last EDGE_LINES non-blank lines of a page."""
    filled = [index for index, text in enumerate(texts) if text]
    return set(filled[:EDGE_LINES] + filled[-EDGE_LINES:])


def _edge_key(text: str) -> str:
    """A line as compared across pages: case and digits aside ("Sida 3 av 12" and "Sida 4 av 12" are one)."""
    return _DIGITS.sub("#", text.lower())


def _join_broken_words(lines: list[Line]) -> list[Line]:
    joined: list[Line] = []
    for line in lines:
        if joined:
            previous = joined[-1]
            merged = join_hyphenated(previous.text, line.text)
            if merged is not None:
                joined[-1] = Line(merged, previous.page, previous.source_line, line.end_line, _breaks(previous, line, merged))
                continue
        joined.append(line)
    return joined


def _breaks(previous: Line, line: Line, merged: str) -> tuple[tuple[int, int], ...]:
    """The merged line's page breaks: the second half (its last ``len(line.text)`` characters) may be on the next page."""
    page = previous.breaks[-1][1] if previous.breaks else previous.page
    if line.page is None or line.page == page:
        return previous.breaks
    return (*previous.breaks, (len(merged) - len(line.text), line.page))


def blank_line_breaks(pages: list[Page]) -> set[int]:
    """Source line numbers that follow a blank line, when blanks mark paragraphs.

    Some extractions put a blank line after every wrapped line; there blanks say
    nothing and an empty set is returned. Others use them only between paragraphs.
    Page furniture (``body_lines``) is left out, so a page break is no blank.
    """
    lines = [(number, text) for _, number, text in body_lines(pages)]
    blank = sum(1 for _, text in lines if not text.strip())
    if not lines or blank > 0.35 * len(lines):
        return set()
    breaks: set[int] = set()
    for (_, previous), (number, current) in zip([(0, "x"), *lines], lines, strict=False):
        if current.strip() and not previous.strip():
            breaks.add(number)
    return breaks
