"""A cited PDF source as its page: the page rendered to an image with the cited lines highlighted.

The lines are found by source line: ingest numbered the PDF's lines with ``ingest.pdf.page_lines``,
and the same function gives them again here with their boxes, so a passage's ``source_lines`` say
which lines to mark. Pages are rendered with PDFium (pypdfium2): 8–16 ms a page, the whole view with
highlight and PNG 85–105 ms on a loaded machine, against 250–400 ms for poppler's pdftoppm
(bench/pdf.py, BENCHMARKS.md).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from ingest.clean import body_lines, source_lines
from ingest.corpus import file_hash
from ingest.models import Page, Passage
from ingest.pdf import PDFIUM_LOCK, Box, PdfLine, page_lines

SCALE = 1.5  # pixels per PDF point: an A4 page 893 × 1263 px, readable beside the text at 100 % zoom
HIGHLIGHT = (255, 214, 0, 110)  # translucent yellow over the cited lines
MARK = (120, 60, 0, 255)  # a dark bar in the margin: the highlight does not rest on colour alone
PAD = 2  # points around a line's box


class PageUnavailable(Exception):
    """The PDF cannot be shown: missing, changed since it was indexed, or unreadable."""


@dataclass(frozen=True)
class PageView:
    """One rendered page: its number, the PNG, the highlighted lines' text and a Swedish text alternative."""

    document: str
    number: int
    page_count: int
    png: bytes
    lines: tuple[str, ...]
    alt: str

    @property
    def caption(self) -> str:
        """ "Sida 12 av 46", as the page view's caption."""
        return f"Sida {self.number} av {self.page_count}"


@dataclass(frozen=True)
class Layout:
    """A PDF's lines per page, the source line number of each page's first line, and the lines of text.

    ``body`` holds the source lines ingest kept as text: not blank, not a running header,
    footer or page number (``ingest.clean.body_lines``), so those are never highlighted.
    """

    pages: tuple[tuple[PdfLine, ...], ...]
    first_lines: tuple[int, ...]
    body: frozenset[int]

    def cited(self, passage: Passage) -> dict[int, list[PdfLine]]:
        """The passage's lines per page number: those its source lines cover, in order."""
        first, last = passage.source_lines
        found: dict[int, list[PdfLine]] = {}
        for number, (lines, start) in enumerate(zip(self.pages, self.first_lines, strict=True), start=1):
            for offset, line in enumerate(lines):
                if first <= start + offset <= last and start + offset in self.body:
                    found.setdefault(number, []).append(line)
        return found


def is_pdf(document: str) -> bool:
    """Whether a cited document is a PDF, which can be shown as its page."""
    return document.lower().endswith(".pdf")


def indexed_pdf(documents_dir: Path, document: str, content_hash: str | None) -> Path:
    """The cited PDF in the documents folder, as it was indexed (so its lines are the indexed ones).

    Raises:
        PageUnavailable: not there, outside the folder, or changed since it was indexed.
    """
    path = documents_dir / document
    if Path(document).name != document or not path.is_file():
        raise PageUnavailable(f"{document} finns inte längre i dokumentmappen")
    stat = path.stat()
    if content_hash and _file_hash(str(path), stat.st_mtime_ns, stat.st_size) != content_hash:
        raise PageUnavailable(f"{document} har ändrats sedan den indexerades – indexera om för att visa sidan")
    return path


@lru_cache(maxsize=32)
def _file_hash(path: str, _mtime_ns: int, _size: int) -> str:
    return file_hash(Path(path))


def layout(path: Path) -> Layout:
    """The PDF's lines with their boxes, numbered as ingest numbered them; cached per file version."""
    try:
        stat = path.stat()
    except OSError as error:
        raise PageUnavailable(f"{path.name} finns inte i dokumentmappen") from error
    return _layout(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _layout(path: str, _mtime_ns: int, _size: int) -> Layout:
    pages, firsts, number = [], [], 1
    with PDFIUM_LOCK:
        document = _open(Path(path))
        try:
            for index in range(len(document)):
                page = document[index]
                lines = page_lines(page)
                page.close()
                # As ingest counts them: the lines of "\n".join(texts), a trailing empty line not counted.
                count = len(source_lines("\n".join(line.text for line in lines)))
                pages.append(tuple(lines[:count]))
                firsts.append(number)
                number += count
        finally:
            document.close()
    texts = [Page(number, "\n".join(line.text for line in lines)) for number, lines in enumerate(pages, start=1)]
    body = frozenset(line for _, line, text in body_lines(texts) if text.strip())
    return Layout(tuple(pages), tuple(firsts), body)


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(path)
    except (pdfium.PdfiumError, OSError) as error:
        raise PageUnavailable(f"{path.name} kunde inte öppnas") from error


def page_views(path: Path, passage: Passage, title: str) -> list[PageView]:
    """The pages a passage is printed on, each rendered with its lines highlighted.

    Raises:
        PageUnavailable: the file is missing or cannot be read.
    """
    cited = layout(path).cited(passage)
    numbers = sorted(cited) or [page for page in passage.pages[:1]]
    with PDFIUM_LOCK:
        document = _open(path)
        try:
            count = len(document)
            rendered = [(number, *_render(document, number)) for number in numbers if number <= count]
        finally:
            document.close()
    doc_id = passage.doc_id
    return [_view(doc_id, number, count, image, height, cited.get(number, []), title) for number, image, height in rendered]


def _render(document: pdfium.PdfDocument, number: int) -> tuple[Image.Image, float]:
    """The page as an image at SCALE, and its height in points."""
    page = document[number - 1]
    try:
        return page.render(scale=SCALE).to_pil(), page.get_height()
    finally:
        page.close()


def _view(doc_id: str, number: int, count: int, image: Image.Image, height: float, lines: list[PdfLine], title: str) -> PageView:
    """The rendered page with its lines highlighted, as PNG, with its caption's and alt text's facts."""
    image = image.convert("RGBA")
    highlight(image, [line.box for line in lines if line.box], height)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PNG", compress_level=3)  # level 3: measured faster than 6 and smaller than 1
    texts = tuple(line.text.strip() for line in lines)
    return PageView(doc_id, number, count, buffer.getvalue(), texts, alt_text(title, number, count, len(texts)))


def pixel_box(box: Box, page_height: float, scale: float = SCALE) -> tuple[int, int, int, int]:
    """A box in PDF points (origin bottom left) as pixels (origin top left), padded: (left, top, right, bottom).

    >>> pixel_box(Box(100, 700, 300, 710), 842, scale=1.0)
    (98, 130, 302, 144)
    """
    return (
        round((box.left - PAD) * scale),
        round((page_height - box.top - PAD) * scale),
        round((box.right + PAD) * scale),
        round((page_height - box.bottom + PAD) * scale),
    )


def highlight(image: Image.Image, boxes: list[Box], page_height: float, scale: float = SCALE) -> None:
    """Mark each line: translucent yellow over it and a dark bar in the left margin."""
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for box in boxes:
        left, top, right, bottom = pixel_box(box, page_height, scale)
        draw.rectangle((left, top, right, bottom), fill=HIGHLIGHT)
        bar = max(0, left - round(8 * scale))
        draw.rectangle((bar, top, bar + round(3 * scale), bottom), fill=MARK)
    image.alpha_composite(overlay)


def alt_text(title: str, number: int, count: int, lines: int) -> str:
    """The page image's Swedish text alternative; the cited text itself stands beside the image.

    >>> alt_text("Tertialrapport 1", 12, 46, 3)
    'Sida 12 av 46 i Tertialrapport 1 som bild. 3 citerade rader är markerade i gult med ett streck i marginalen.'
    """
    marked = {0: "Inga rader är markerade", 1: "1 citerad rad är markerad"}.get(lines, f"{lines} citerade rader är markerade")
    how = " i gult med ett streck i marginalen" if lines else ""
    return f"Sida {number} av {count} i {title} som bild. {marked}{how}."
