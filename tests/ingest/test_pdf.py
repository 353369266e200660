"""ingest.pdf and the PDF loader on PDFs written with a Swedish font: lines, hyphens, gaps, boxes, furniture."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from ingest import build_corpus
from ingest.loaders import load_pages
from ingest.pdf import page_lines
from tests.pdfs import write_pages

TITLE = "Regionplan och budget 2026–2028"


@pytest.fixture
def plan(tmp_path):
    pages = [
        ("Ekonomiska förutsättningar", "Flera fak-", "torer styr planen för hälso-", "och sjukvård.", "", "Nytt stycke."),
        ("Bilaga 1 – Styrdokument", "Regionfullmäktige fastställer ramarna."),
    ]
    return write_pages(tmp_path / "plan.pdf", pages, title=TITLE)


def test_each_printed_line_is_a_line_and_a_hyphen_at_its_end_stays(plan):
    # PDFium marks a hyphen at a line's end and joins the lines; both are put back, ingest.clean decides.
    pages = load_pages(plan)

    assert [page.number for page in pages] == [1, 2]
    assert pages[0].text.split("\n") == [
        TITLE,
        "",
        "Ekonomiska förutsättningar",
        "Flera fak-",
        "torer styr planen för hälso-",
        "och sjukvård.",
        "",
        "Nytt stycke.",
        "",
        "Sida 1 av 2",
    ]


def test_boxes_stand_in_reading_order_inside_the_page(plan):
    document = pdfium.PdfDocument(plan)
    width, height = document[0].get_size()
    lines = [line for line in page_lines(document[0]) if line.text]

    tops = [line.box.top for line in lines]
    assert tops == sorted(tops, reverse=True)  # top to bottom
    for line in lines:
        assert 0 < line.box.left < line.box.right < width
        assert 0 < line.box.bottom < line.box.top < height
    assert all(line.box is None for line in page_lines(document[0]) if not line.text)


def test_a_parsed_pdf_has_neither_furniture_nor_broken_words(plan):
    document = build_corpus(plan.parent).documents[0]
    texts = [paragraph.text for section in document.sections for paragraph in section.paragraphs]

    joined = " ".join(texts)
    assert "faktorer styr planen för hälso- och sjukvård." in joined
    assert "Sida 1 av 2" not in joined and "Sida 2 av 2" not in joined
    assert TITLE not in joined
    assert document.page_count == 2
    pages = {paragraph.text: paragraph.page for section in document.sections for paragraph in section.paragraphs}
    assert pages["Regionfullmäktige fastställer ramarna."] == 2
