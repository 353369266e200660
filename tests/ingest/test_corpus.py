"""ingest.corpus: a folder → Documents, each bad file reported by name, and provenance back to the source lines."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest

from ingest.clean import collapse_whitespace
from ingest.corpus import SkippedEntry, build_corpus, document_files, file_hash, hash_files, parse_document, scan_folder
from ingest.errors import EmptyDocument, EncryptedPdf, NoTextLayer, UnreadableFile, UnreadablePdf, UnsupportedFormat
from ingest.loaders import load_pages
from tests.cluttered import NOT_REPORTED, SECRET, SKIPPED, UNREADABLE_FILES, add_clutter
from tests.conftest import TINY_TEXTS

DOCUMENTS = Path(__file__).resolve().parents[2] / "documents"
READABLE = ["anteckningar.md", "latin1.txt", "plan.pdf", "utf8.txt"]

UNREADABLE = r"PDF-filen kunde inte läsas \(.+\) – är den skadad\?"
# What build_corpus reports for each bad file in the mixed_documents fixture: error type and reason as a regex.
EXPECTED_ERRORS = {
    "avkortad.pdf": (UnreadablePdf, UNREADABLE),
    "inskannad.pdf": (NoTextLayer, r"PDF-filen saknar textlager \(inskannad bild\?\) – kör OCR först"),
    "krypterad.pdf": (EncryptedPdf, r"PDF-filen är lösenordsskyddad – spara en version utan lösenord"),
    "rapport.docx": (UnsupportedFormat, r"filtypen '\.docx' stöds inte \(stöds: \.pdf, \.txt, \.md\)"),
    "tom.pdf": (EmptyDocument, r"filen är tom"),
    "tom.txt": (EmptyDocument, r"filen är tom"),
    "trasig.pdf": (UnreadablePdf, UNREADABLE),
}


class TestBuildCorpus:
    def test_readable_documents_are_ingested_next_to_bad_ones(self, mixed_documents):
        result = build_corpus(mixed_documents)

        assert [document.doc_id for document in result.documents] == READABLE

    def test_each_bad_file_is_reported_by_name_with_its_error(self, mixed_documents):
        result = build_corpus(mixed_documents)

        assert {error.document: type(error) for error in result.errors} == {
            name: error_type for name, (error_type, _) in EXPECTED_ERRORS.items()
        }

    def test_reasons_are_swedish_one_liners_without_traceback(self, mixed_documents):
        for error in build_corpus(mixed_documents).errors:
            _, reason = EXPECTED_ERRORS[error.document]
            assert re.fullmatch(reason, error.reason), error
            assert str(error) == f"{error.document}: {error.reason}"
            assert "Traceback" not in str(error) and "\n" not in str(error)

    def test_text_without_readable_lines_is_an_empty_document(self, tmp_path):
        (tmp_path / "lankar.txt").write_text("https://www.regionjh.se/plan.pdf\n\n• • •\n", encoding="utf-8")

        [error] = build_corpus(tmp_path).errors

        assert isinstance(error, EmptyDocument)
        assert (error.document, error.reason) == ("lankar.txt", "filen innehåller ingen läsbar text")

    def test_only_parses_the_named_files_and_reports_each_file_read(self, mixed_documents):
        seen = []

        result = build_corpus(mixed_documents, only=["utf8.txt", "tom.txt"], on_file=lambda path: seen.append(path.name))

        assert seen == ["tom.txt", "utf8.txt"]
        assert [document.doc_id for document in result.documents] == ["utf8.txt"]
        assert [error.document for error in result.errors] == ["tom.txt"]

    def test_missing_folder_is_an_empty_corpus(self, tmp_path):
        result = build_corpus(tmp_path / "finns-inte")

        assert (result.documents, result.errors) == ((), ())

    def test_shipped_documents_all_parse(self, seed_corpus):
        assert len(seed_corpus.documents) == 5
        assert seed_corpus.errors == ()


class TestParsedDocuments:
    def test_pdf_paragraphs_keep_their_page(self, mixed_documents):
        document = parse_document(mixed_documents / "plan.pdf")
        pages = {paragraph.text: paragraph.page for section in document.sections for paragraph in section.paragraphs}

        assert document.page_count == 3
        assert pages["Hälso- och sjukvårdsnämnden ska tillhandahålla en säker vård."] == 1
        assert pages["Kollektivtrafiknämnden ska utveckla linjer, zoner och prismodell."] == 2
        assert pages["Ett negativt resultat ska regleras inom tre år."] == 3

    def test_latin1_text_is_parsed_with_its_swedish_letters(self, mixed_documents):
        document = parse_document(mixed_documents / "latin1.txt")

        assert document.page_count is None
        assert document.meta.title == "Hälso- och sjukvårdsnämnden"
        assert [p.text for section in document.sections for p in section.paragraphs] == ["Tandvård för barn och vuxna."]

    def test_content_hash_is_the_file_hash_and_follows_edits(self, mixed_documents):
        path = mixed_documents / "utf8.txt"
        before = parse_document(path).content_hash

        path.write_text("Hälso- och sjukvårdsnämnden\nRegionplan 2027–2029 gäller.\n", encoding="utf-8")

        assert before == hashlib.sha256("Hälso- och sjukvårdsnämnden\nRegionplan 2026–2028 gäller.\n".encode()).hexdigest()
        assert parse_document(path).content_hash == file_hash(path) != before

    def test_document_files_skips_manifest_hidden_files_and_folders(self, tmp_path):
        for name in ["b.txt", "a.pdf", "manifest.toml", ".~lock.b.txt#", "c.docx"]:
            (tmp_path / name).write_text("x", encoding="utf-8")
        (tmp_path / "arkiv").mkdir()

        assert [path.name for path in document_files(tmp_path)] == ["a.pdf", "b.txt", "c.docx"]


class TestSkippedEntries:
    """Everything in the folder that is not read is named with its reason; hidden entries and the manifest are not."""

    @pytest.fixture
    def cluttered(self, tiny_documents, tmp_path) -> Path:
        add_clutter(tiny_documents, tmp_path / "utanfor")
        return tiny_documents

    def test_scan_names_each_skipped_entry_with_its_reason(self, cluttered):
        scan = scan_folder(cluttered)

        assert scan.skipped == tuple(SkippedEntry(name, reason) for name, reason in sorted(SKIPPED.items()))
        assert [path.name for path in scan.files] == ["binar.txt", *sorted(TINY_TEXTS)]
        assert document_files(cluttered) == list(scan.files)

    def test_documents_are_read_and_everything_else_is_named(self, cluttered):
        result = build_corpus(cluttered)

        assert [document.doc_id for document in result.documents] == sorted(TINY_TEXTS)
        assert {error.document: (type(error), error.reason) for error in result.errors} == {
            name: (UnreadableFile, reason) for name, reason in UNREADABLE_FILES.items()
        }
        assert {entry.name: entry.reason for entry in result.skipped} == SKIPPED
        texts = " ".join(p.text for document in result.documents for section in document.sections for p in section.paragraphs)
        assert "balanskravsresultat" in texts and SECRET not in texts

    def test_hidden_entries_and_the_manifest_are_not_reported(self, cluttered):
        result = build_corpus(cluttered)

        named = {entry.name for entry in result.skipped} | {error.document for error in result.errors}
        assert all((cluttered / name).exists() for name in NOT_REPORTED)
        assert named.isdisjoint(NOT_REPORTED)

    def test_a_linked_folder_inside_the_folder_is_skipped_too(self, tiny_documents):
        (tiny_documents / "underlag").mkdir()
        (tiny_documents / "genvag").symlink_to(tiny_documents / "underlag", target_is_directory=True)

        assert {entry.name: entry.reason for entry in scan_folder(tiny_documents).skipped} == {
            "genvag": SKIPPED["lankad-mapp"],
            "underlag": SKIPPED["arkiv"],
        }

    def test_a_missing_folder_skips_nothing(self, tmp_path):
        assert scan_folder(tmp_path / "finns-inte").skipped == ()

    def test_a_file_without_read_permission_is_named(self, tiny_documents):
        locked = tiny_documents / "last.txt"
        shutil.copy(tiny_documents / "ekonomi.txt", locked)
        locked.chmod(0)
        try:
            try:
                locked.read_bytes()
            except PermissionError:
                pass
            else:
                pytest.skip(f"chmod 000 hindrar inte läsning för användare {os.geteuid()} (root): fallet kan inte uppstå här")
            hashes, errors = hash_files(document_files(tiny_documents))
            result = build_corpus(tiny_documents)
        finally:
            locked.chmod(0o644)

        reason = "filen kunde inte läsas (behörighet saknas) – ge tjänsten läsrätt till filen"
        assert sorted(hashes) == sorted(TINY_TEXTS)
        assert [(type(e), e.document, e.reason) for e in errors] == [(UnreadableFile, "last.txt", reason)]
        assert [(e.document, e.reason) for e in result.errors] == [("last.txt", reason)]
        assert [document.doc_id for document in result.documents] == sorted(TINY_TEXTS)

    def test_hash_files_hashes_the_readable_ones(self, tiny_documents):
        hashes, errors = hash_files(document_files(tiny_documents))

        assert errors == ()
        assert hashes == {name: hashlib.sha256(text.encode()).hexdigest() for name, text in TINY_TEXTS.items()}


class TestUnreadableText:
    def test_binary_bytes_in_a_text_file_are_refused_not_read_as_noise(self, tmp_path):
        path = tmp_path / "bild.txt"
        path.write_bytes(b"GIF89a\x01\x00\x01\x00\x00\xff\x00,")

        with pytest.raises(UnreadableFile) as raised:
            load_pages(path)

        assert str(raised.value) == f"bild.txt: {UNREADABLE_FILES['binar.txt']}"

    def test_utf16_text_is_named_with_the_fix(self, tmp_path):
        path = tmp_path / "plan.md"
        path.write_text("Regionplan 2026–2028\n", encoding="utf-16")

        with pytest.raises(UnreadableFile, match="spara den som UTF-8"):
            load_pages(path)

    def test_a_named_pipe_is_refused_without_waiting_for_a_writer(self, tmp_path):
        os.mkfifo(tmp_path / "ror.txt")

        with pytest.raises(UnreadableFile, match="ingen vanlig fil"):
            load_pages(tmp_path / "ror.txt")


@pytest.fixture(scope="module")
def shipped(seed_corpus):
    """Each shipped document with the lines of its file."""
    return [
        (document, (DOCUMENTS / document.doc_id).read_text(encoding="utf-8").split("\n")) for document in seed_corpus.documents
    ]


class TestProvenance:
    """Each paragraph's source lines are lines of the file (1-based, as clean_pages numbers them)."""

    def test_paragraph_line_ranges_are_ordered(self, shipped):
        for document, _ in shipped:
            paragraphs = [paragraph for section in document.sections for paragraph in section.paragraphs]
            assert all(paragraph.first_line <= paragraph.last_line for paragraph in paragraphs), document.doc_id
            firsts = [paragraph.first_line for paragraph in paragraphs]
            assert firsts == sorted(set(firsts)), document.doc_id

    def test_paragraph_starts_with_the_text_of_its_first_source_line(self, shipped):
        for document, raw in shipped:
            for section in document.sections:
                for paragraph in section.paragraphs:
                    # A broken word's hyphen is dropped when its halves are joined ("kö-" + "erna").
                    first = collapse_whitespace(raw[paragraph.first_line - 1]).rstrip("-")
                    assert first and paragraph.text.startswith(first), (document.doc_id, paragraph)

    def test_last_source_line_is_inside_the_paragraph(self, shipped):
        for document, raw in shipped:
            for section in document.sections:
                for paragraph in section.paragraphs:
                    last = collapse_whitespace(raw[paragraph.last_line - 1]).rstrip("-")
                    assert last and last in paragraph.text, (document.doc_id, paragraph)

    def test_sample_assignment_points_at_its_line(self, shipped):
        document, raw = next(item for item in shipped if item[0].doc_id == "regionplan-och-budget-2026-2028.txt")
        [paragraph] = [
            paragraph
            for section in document.sections
            for paragraph in section.paragraphs
            if paragraph.text.startswith("• Regionstyrelsen och hälso- och sjukvårdsnämnden ska tillhandahålla en säker vård")
        ]

        assert (
            raw[paragraph.first_line - 1]
            == "• Regionstyrelsen och hälso- och sjukvårdsnämnden ska tillhandahålla en säker vård, där "
        )
        assert raw[paragraph.last_line - 1] == "vårdskador förebyggs. "
