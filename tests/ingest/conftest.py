"""Real small files for the ingest tests: PDFs made with fpdf2 and pypdf, texts in several encodings."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

# Three pages of a plan, one tuple of lines per page. Core PDF fonts are Latin-1 only:
# å, ä and ö work, "–" does not, hence "2026-2028".
PLAN_PAGES = (
    ("Regionplan och budget 2026-2028", "Hälso- och sjukvårdsnämnden ska tillhandahålla en säker vård."),
    ("Målområde för Kollektivtrafik", "Kollektivtrafiknämnden ska utveckla linjer, zoner och prismodell."),
    ("Reglering av balanskravsresultat", "Ett negativt resultat ska regleras inom tre år."),
)

WritePdf = Callable[[Path, Sequence[Sequence[str]]], Path]


def _write_pdf(path: Path, pages: Sequence[Sequence[str]]) -> Path:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def _write_encrypted_pdf(path: Path, source: Path) -> Path:
    writer = PdfWriter()
    for page in PdfReader(source).pages:
        writer.add_page(page)
    # RC4 needs no crypto package; pypdf's AES requires `cryptography`, which we do not install.
    writer.encrypt("hemligt", algorithm="RC4-128")
    with path.open("wb") as file:
        writer.write(file)
    return path


def _write_scanned_pdf(path: Path) -> Path:
    """A page with a drawing and no text, like a scan that never went through OCR."""
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 120, 60, style="F")
    pdf.output(str(path))
    return path


@pytest.fixture
def write_pdf() -> WritePdf:
    """Write a PDF with one page per tuple of lines: ``write_pdf(path, [("rad 1", "rad 2"), ("sida 2",)])``."""
    return _write_pdf


@pytest.fixture
def mixed_documents(tmp_path) -> Path:
    """A documents folder with four readable files and one bad file of every kind the loaders name."""
    folder = tmp_path / "documents"
    folder.mkdir()
    plan = _write_pdf(folder / "plan.pdf", PLAN_PAGES)
    (folder / "utf8.txt").write_text("Hälso- och sjukvårdsnämnden\nRegionplan 2026–2028 gäller.\n", encoding="utf-8")
    (folder / "latin1.txt").write_bytes("Hälso- och sjukvårdsnämnden\nTandvård för barn och vuxna.\n".encode("cp1252"))
    (folder / "anteckningar.md").write_text("# Målområde för Kultur\n\nKulturen håller ihop länet.\n", encoding="utf-8")

    (folder / "tom.txt").write_bytes(b"")
    (folder / "tom.pdf").write_bytes(b"")
    (folder / "trasig.pdf").write_bytes(random.Random(2026).randbytes(4096))
    (folder / "avkortad.pdf").write_bytes(plan.read_bytes()[: plan.stat().st_size // 2])
    _write_encrypted_pdf(folder / "krypterad.pdf", plan)
    _write_scanned_pdf(folder / "inskannad.pdf")
    (folder / "rapport.docx").write_bytes(b"PK\x03\x04 not really a Word file")
    return folder
