"""PDF pages as lines of text with their place on the page, read with PDFium (pypdfium2).

Ingest reads the text of every page; the app's page view reads the same lines again with
their boxes, so a passage's source lines can be found on the page and highlighted. Both use
``page_lines``: one way of splitting a page into lines, so line numbers agree.

A gap between two lines taller than a line becomes an empty line, as pdftotext writes one:
paragraphs and the cells of a table keep the blank lines that separate them in a text file.
"""

from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

# PDFium replaces a hyphen that ends a line with one of these and drops the line break;
# the hyphen and the break are put back, and ingest.clean decides whether the word was broken.
LINE_END_HYPHENS = frozenset("\x02\ufffe")
PDFIUM_LOCK = threading.RLock()
"""PDFium is not thread-safe: every use (ingest, also from the app's re-index, and the page views of
concurrent sessions) holds this lock."""
# A vertical gap between two lines more than this many times the taller line's height is an empty line.
BLANK_GAP = 1.2


@dataclass(frozen=True)
class Box:
    """A rectangle on a page in PDF points, origin at the bottom left (PDF's own coordinates)."""

    left: float
    bottom: float
    right: float
    top: float


@dataclass(frozen=True)
class PdfLine:
    """One line of a page's text and the box around its characters (``None`` for an empty line)."""

    text: str
    box: Box | None


def page_text(page: pdfium.PdfPage) -> str:
    """The text of one page, one line per line of print (``\\n``), end-of-line hyphens kept."""
    return "\n".join(line.text for line in page_lines(page))


def page_lines(page: pdfium.PdfPage) -> list[PdfLine]:
    """The lines of one page in PDFium's reading order with their boxes, an empty line for a paragraph gap."""
    lines: list[PdfLine] = []
    for line in _printed_lines(page):
        previous = lines[-1] if lines else None
        if previous and previous.box and line.box and _gap(previous.box, line.box):
            lines.append(PdfLine("", None))
        lines.append(line)
    return lines


def _gap(above: Box, below: Box) -> bool:
    """Whether the space between two lines (the second lower on the page) would hold another line."""
    height = max(above.top - above.bottom, below.top - below.bottom)
    return below.top < above.bottom and above.bottom - below.top > BLANK_GAP * height


def _printed_lines(page: pdfium.PdfPage) -> list[PdfLine]:
    """The lines of one page as PDFium orders them, each with the box around its characters."""
    textpage = page.get_textpage()
    try:
        text = _characters(textpage)
        lines: list[PdfLine] = []
        current: list[str] = []
        indices: list[int] = []
        for index, character in enumerate(text):
            if character == "\r":
                continue
            if character in LINE_END_HYPHENS:
                current.append("-")
                indices.append(index)
            elif character != "\n":
                current.append(character)
                indices.append(index)
                continue
            lines.append(PdfLine("".join(current), _box(textpage, indices)))
            current, indices = [], []
        if current:
            lines.append(PdfLine("".join(current), _box(textpage, indices)))
        return lines
    finally:
        textpage.close()


def _characters(textpage: pdfium.PdfTextPage) -> str:
    """The page's characters, one per PDFium character index (so index ``i`` has box ``i``)."""
    count = textpage.count_chars()
    text = textpage.get_text_range() if count > 0 else ""
    if len(text) != count:  # PDFium left out or added characters: read them one by one instead
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, index)) for index in range(count))
    return text


def _box(textpage: pdfium.PdfTextPage, indices: list[int]) -> Box | None:
    """The union of the visible characters' boxes, or ``None`` if none has one."""
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    found: list[tuple[float, float, float, float]] = []
    for index in indices:
        if pdfium_c.FPDFText_GetCharBox(textpage, index, left, right, bottom, top) and right.value > left.value:
            found.append((left.value, bottom.value, right.value, top.value))
    if not found:
        return None
    return Box(min(f[0] for f in found), min(f[1] for f in found), max(f[2] for f in found), max(f[3] for f in found))
