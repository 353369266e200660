"""ingest.loaders: real files on disk → pages, or a named IngestError with a Swedish reason."""

from __future__ import annotations

import re

import pytest

from ingest.errors import EmptyDocument, EncryptedPdf, NoTextLayer, UnreadablePdf, UnsupportedFormat
from ingest.loaders import load_pages
from ingest.models import Page

UNREADABLE = r"PDF-filen kunde inte läsas \(.+\) – är den skadad\?"

# (file in the mixed_documents fixture, the error load_pages raises, its reason as a regex)
BAD_FILES = [
    ("tom.txt", EmptyDocument, r"filen är tom"),
    ("tom.pdf", EmptyDocument, r"filen är tom"),
    ("trasig.pdf", UnreadablePdf, UNREADABLE),
    ("avkortad.pdf", UnreadablePdf, UNREADABLE),
    ("krypterad.pdf", EncryptedPdf, r"PDF-filen är lösenordsskyddad – spara en version utan lösenord"),
    ("inskannad.pdf", NoTextLayer, r"PDF-filen saknar textlager \(inskannad bild\?\) – kör OCR först"),
    ("rapport.docx", UnsupportedFormat, r"filtypen '\.docx' stöds inte \(stöds: \.pdf, \.txt, \.md\)"),
]


class TestPdf:
    def test_pages_are_numbered_from_one_with_their_own_text(self, tmp_path, write_pdf):
        path = write_pdf(
            tmp_path / "plan.pdf",
            [
                ("Sida ett: Hälso- och sjukvårdsnämnden", "andra raden på sidan ett"),
                ("Sida två: Kollektivtrafik",),
                ("Sida tre: Tandvård för barn och vuxna",),
                ("Sida fyra: Reglering av balanskravsresultat",),
            ],
        )

        assert load_pages(path) == [
            Page(1, "Sida ett: Hälso- och sjukvårdsnämnden\nandra raden på sidan ett"),
            Page(2, "Sida två: Kollektivtrafik"),
            Page(3, "Sida tre: Tandvård för barn och vuxna"),
            Page(4, "Sida fyra: Reglering av balanskravsresultat"),
        ]

    def test_a_blank_page_among_text_pages_keeps_its_number(self, tmp_path, write_pdf):
        path = write_pdf(tmp_path / "plan.pdf", [("Inledning",), (), ("Bilaga 1: Styrdokument",)])

        assert [(page.number, page.text) for page in load_pages(path)] == [
            (1, "Inledning"),
            (2, ""),
            (3, "Bilaga 1: Styrdokument"),
        ]

    def test_upper_case_suffix_is_read_as_pdf(self, tmp_path, write_pdf):
        path = write_pdf(tmp_path / "PLAN.PDF", [("Regionplan",)])

        assert load_pages(path) == [Page(1, "Regionplan")]


class TestText:
    @pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "latin-1", "cp1252"])
    def test_swedish_text_decodes_in_each_encoding(self, tmp_path, encoding):
        text = "Hälso- och sjukvårdsnämnden\nÅterställande av underskott, Östersund\n"
        path = tmp_path / "nämnd.txt"
        path.write_bytes(text.encode(encoding))

        assert load_pages(path) == [Page(None, text)]

    def test_cp1252_en_dash_decodes(self, tmp_path):
        # 0x96 is "–" in cp1252 but a control character in Latin-1, so cp1252 must be tried first.
        path = tmp_path / "plan.txt"
        path.write_bytes("Regionplan 2026–2028".encode("cp1252"))

        assert load_pages(path) == [Page(None, "Regionplan 2026–2028")]

    def test_markdown_loads_as_one_page(self, tmp_path):
        path = tmp_path / "anteckningar.md"
        path.write_text("# Målområde för Kultur\n\nKulturen håller ihop länet.\n", encoding="utf-8")

        assert load_pages(path) == [Page(None, "# Målområde för Kultur\n\nKulturen håller ihop länet.\n")]

    def test_whitespace_only_text_is_empty(self, tmp_path):
        path = tmp_path / "blank.txt"
        path.write_text(" \n\t\n\n", encoding="utf-8")

        with pytest.raises(EmptyDocument, match="filen är tom"):
            load_pages(path)


class TestBadInput:
    @pytest.mark.parametrize(("name", "error_type", "reason"), BAD_FILES)
    def test_raises_named_error_with_swedish_reason(self, mixed_documents, name, error_type, reason):
        with pytest.raises(error_type) as caught:
            load_pages(mixed_documents / name)

        assert caught.value.document == name
        assert re.fullmatch(reason, caught.value.reason)
        assert str(caught.value) == f"{name}: {caught.value.reason}"

    def test_file_without_suffix_is_unsupported(self, tmp_path):
        path = tmp_path / "README"
        path.write_text("Läs mig", encoding="utf-8")

        with pytest.raises(UnsupportedFormat, match=r"filtypen '\(ingen\)' stöds inte"):
            load_pages(path)
