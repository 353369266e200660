"""PDFs the tests write with fpdf2, laid out like the region's: A4, a running header, "Sida N av M" at the foot.

A font with Swedish letters and "–" is needed (the core PDF fonts are Latin-1): DejaVu Sans from
Debian's fonts-dejavu-core (on the project's machines; `make test` installs it where apt-get works)
or from matplotlib's package data.

``write_pages`` writes pages whose lines the test chooses; ``render_text`` flows a text file's lines
over as many pages as they need, keeping each line (and so the hyphenation at its end) as printed,
and returns which lines went on which page: the ground truth citations are checked against.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ingest.text import normalise_for_match

FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
)
FONT_SIZE = 9.5  # points: about the originals' line length (100–120 characters) fits on one line
MIN_FONT_SIZE = 5.0  # a longer line is set smaller, as a wide table row is; longer still, it is wrapped
LINE_HEIGHT = 4.6  # mm
MARGIN = 18  # mm left and right
TOP = 20  # mm: the running header stands above
BOTTOM = 20  # mm: the footer stands below


def font_path() -> Path | None:
    """DejaVu Sans on this machine, or ``None``."""
    for path in FONT_CANDIDATES:
        if path.exists():
            return path
    try:
        import matplotlib  # optional: its package data holds DejaVu too

        path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
        return path if path.exists() else None
    except ImportError:
        return None


@dataclass(frozen=True)
class Rendition:
    """A PDF written from text: the lines on each page, in order, as printed (header and footer aside)."""

    path: Path
    pages: tuple[tuple[str, ...], ...]

    def evidence_pages(self, evidence: str) -> list[tuple[int, ...]]:
        """For each place ``evidence`` stands in the document, the pages it is printed on."""
        folded, page_ends = "", []
        for lines in self.pages:
            folded += "".join(normalise_for_match(line) for line in lines)
            page_ends.append(len(folded))
        wanted = normalise_for_match(evidence)
        places: list[tuple[int, ...]] = []
        start = folded.find(wanted)
        while wanted and start >= 0:
            end = start + len(wanted)
            firsts = [0, *page_ends[:-1]]
            places.append(tuple(n for n, (a, b) in enumerate(zip(firsts, page_ends, strict=True), 1) if a < end and start < b))
            start = folded.find(wanted, start + 1)
        return places


def _pdf(title: str, footer: bool):
    from fpdf import FPDF

    font = font_path()
    if font is None:
        import pytest

        pytest.skip("Typsnittet DejaVu Sans saknas: apt-get install fonts-dejavu-core")

    class PlanPdf(FPDF):
        def header(self) -> None:
            if title:
                self.set_font("DejaVu", size=8)
                self.set_xy(MARGIN, 10)
                self.cell(text=title)
            self.set_xy(MARGIN, TOP)

        def footer(self) -> None:
            if footer:
                self.set_font("DejaVu", size=8)
                self.set_y(-14)
                self.cell(w=0, text=f"Sida {self.page_no()} av {{nb}}", align="C")

    pdf = PlanPdf(format="A4")
    pdf.add_font("DejaVu", fname=str(font))
    pdf.set_margins(MARGIN, TOP, MARGIN)
    pdf.set_auto_page_break(False)
    pdf.alias_nb_pages()
    return pdf


def _print_line(pdf, text: str) -> int:
    """Print one line at the cursor, smaller if it is wide; returns the rows it took."""
    size = FONT_SIZE
    pdf.set_font("DejaVu", size=size)
    width = pdf.get_string_width(text)
    usable = pdf.epw - 2 * pdf.c_margin
    if width > usable:
        size = max(MIN_FONT_SIZE, size * usable / width * 0.98)
        pdf.set_font("DejaVu", size=size)
    rows = max(1, math.ceil(pdf.get_string_width(text) / usable))
    if rows == 1:
        pdf.cell(w=0, h=LINE_HEIGHT, text=text, new_x="LMARGIN", new_y="NEXT")
    else:
        pdf.multi_cell(w=0, h=LINE_HEIGHT, text=text, align="L", wrapmode="CHAR", new_x="LMARGIN", new_y="NEXT")
    return rows


def write_pages(path: Path, pages: Sequence[Sequence[str]], title: str = "", footer: bool = True) -> Path:
    """Write a PDF with one page per sequence of lines, a running ``title`` header and a "Sida N av M" footer."""
    pdf = _pdf(title, footer)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            _print_line(pdf, line)
    pdf.output(str(path))
    return path


def render_text(text: str, path: Path, title: str) -> Rendition:
    """Flow the lines of ``text`` over A4 pages and write the PDF; returns its pages' lines.

    A run of blank lines is a gap of one line, except at the top of a page.
    """
    pdf = _pdf(title, footer=True)
    rows_per_page = int((297 - TOP - BOTTOM) // LINE_HEIGHT)
    pages: list[list[str]] = []
    used, gap = rows_per_page, False
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if not line:
            if 0 < used < rows_per_page and not gap:
                pdf.ln(LINE_HEIGHT)
                used += 1
            gap = True
            continue
        gap = False
        if used >= rows_per_page:
            pdf.add_page()
            pages.append([])
            used = 0
        used += _print_line(pdf, line)
        pages[-1].append(line)
    pdf.output(str(path))
    return Rendition(path, tuple(tuple(lines) for lines in pages))


def render_folder(source: Path, target: Path) -> dict[str, Rendition]:
    """Every text document of ``source`` as a PDF in ``target``, with a manifest naming the PDFs; by PDF name."""
    target.mkdir(parents=True, exist_ok=True)
    manifest_path = source / "manifest.toml"
    manifest = tomllib.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    renditions, entries = {}, []
    for text_path in sorted(source.glob("*.txt")):
        name = text_path.with_suffix(".pdf").name
        entry = manifest.get(text_path.name, {})
        renditions[name] = render_text(text_path.read_text(encoding="utf-8"), target / name, entry.get("title", ""))
        entries.append(f'["{name}"]\n' + "".join(f"{key} = {_toml(value)}\n" for key, value in entry.items()))
    (target / "manifest.toml").write_text("\n".join(entries), encoding="utf-8")
    return renditions


def _toml(value: object) -> str:
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True)
class PageCheck:
    """One citation that holds a question's evidence: the pages it names and the pages the evidence is on."""

    question: str
    evidence: str
    document: str
    named: tuple[int, ...]
    printed_on: tuple[tuple[int, ...], ...]

    @property
    def right(self) -> bool:
        """Whether the citation names every page of one of the places the evidence stands."""
        return any(set(place) <= set(self.named) for place in self.printed_on)


def page_checks(question: str, evidence: Sequence[str], citations, renditions: dict[str, Rendition]) -> list[PageCheck]:
    """A check per citation (of ``Answer.citations``) whose text holds one of the evidence strings."""
    checks = []
    for citation in citations:
        rendition = renditions.get(citation.document)
        text = normalise_for_match(citation.text)
        for item in evidence:
            if rendition is not None and normalise_for_match(item) in text:
                named = tuple(citation.pages) or ((citation.page,) if citation.page is not None else ())
                place = tuple(rendition.evidence_pages(item))
                checks.append(PageCheck(question, item, citation.document, named, place))
    return checks
