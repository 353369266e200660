"""ui.pdf_page on a PDF the test writes: finding the indexed file, the cited lines, the highlight's pixels."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from ingest import build_corpus, file_hash
from ingest.models import Passage
from tests.pdfs import write_pages
from ui.pdf_page import SCALE, PageUnavailable, indexed_pdf, is_pdf, layout, page_views

PAGES = (
    ("Ekonomi i balans", "Regionen ska nå en ekonomi i balans.", "Kostnaderna minskar stegvis."),
    ("Kollektivtrafik", "Linjer, zoner och prismodell ses över."),
)


@pytest.fixture
def pdf(tmp_path):
    return write_pages(tmp_path / "plan.pdf", PAGES, title="Regionplan 2026–2028")


def passage(first: int, last: int, page: int = 1) -> Passage:
    return Passage("plan.pdf", "Regionplan 2026–2028", ("Ekonomi i balans",), page, "…", 0, (first, last))


def pixel(png: bytes, x: int, y: int) -> tuple[int, int, int]:
    return Image.open(io.BytesIO(png)).convert("RGB").getpixel((x, y))


def test_is_pdf():
    assert is_pdf("plan.PDF") and not is_pdf("plan.txt")


def test_the_indexed_file_is_found_and_a_changed_or_missing_one_refused(pdf):
    assert indexed_pdf(pdf.parent, "plan.pdf", file_hash(pdf)) == pdf
    with pytest.raises(PageUnavailable, match="har ändrats sedan den indexerades"):
        indexed_pdf(pdf.parent, "plan.pdf", "0" * 64)
    with pytest.raises(PageUnavailable, match="finns inte längre"):
        indexed_pdf(pdf.parent, "borta.pdf", None)
    with pytest.raises(PageUnavailable, match="finns inte längre"):
        indexed_pdf(pdf.parent, "../plan.pdf", None)


def test_lines_are_numbered_as_ingest_numbers_them(pdf):
    (document,) = build_corpus(pdf.parent).documents
    pages = layout(pdf)
    by_line = {}
    for first, lines in zip(pages.first_lines, pages.pages, strict=True):
        by_line.update({first + offset: line.text for offset, line in enumerate(lines)})

    for section in document.sections:
        for paragraph in section.paragraphs:
            assert paragraph.text.startswith(by_line[paragraph.first_line])
            assert paragraph.text.endswith(by_line[paragraph.last_line])


def test_only_the_cited_lines_are_highlighted(pdf):
    pages = layout(pdf)
    lines = {line.text: (pages.first_lines[0] + offset, line.box) for offset, line in enumerate(pages.pages[0])}
    (first, marked), (last, _) = lines["Regionen ska nå en ekonomi i balans."], lines["Kostnaderna minskar stegvis."]

    (view,) = page_views(pdf, passage(first, last), "Regionplan 2026–2028")

    assert view.lines == ("Regionen ska nå en ekonomi i balans.", "Kostnaderna minskar stegvis.")
    assert view.caption == "Sida 1 av 2"
    height = 841.89  # A4 in points

    def at(x: float, box) -> tuple[int, int, int]:
        return pixel(view.png, round(x * SCALE), round((height - (box.top + box.bottom) / 2) * SCALE))

    red, green, blue = at(marked.left - 1, marked)  # in the highlight's padding, left of the first letter
    assert red > 200 and green > 180 and blue < 160  # yellow
    heading = lines["Ekonomi i balans"][1]
    assert len(set(at(heading.left - 1, heading))) == 1  # not cited: white or the grey of a letter's edge, no yellow
    assert max(at(marked.left - 9, marked)) < 150  # the dark bar in the margin


def test_a_passage_over_two_pages_shows_both(pdf):
    pages = layout(pdf)
    cited = passage(pages.first_lines[0] + 3, pages.first_lines[1] + 3)

    views = page_views(pdf, cited, "Regionplan 2026–2028")

    assert [view.number for view in views] == [1, 2]
    assert views[1].lines == ("Kollektivtrafik", "Linjer, zoner och prismodell ses över.")
    assert "2 citerade rader är markerade" in views[1].alt
