"""ingest.manifest: titles and metadata from documents/manifest.toml, or from the text when it says nothing."""

from __future__ import annotations

import logging

import pytest

from ingest.corpus import build_corpus
from ingest.manifest import document_meta, read_manifest, title_from_text
from ingest.models import DocumentMeta, Line

SHIPPED_TITLES = {
    "regionplan-med-budget-2020-2022.txt": "Regionplan med budget 2020–2022",
    "regionplan-och-budget-2026-2028.txt": "Regionplan och budget 2026–2028",
    "summering-planeringsforutsattningar-2027-2029.txt": "Summering av planeringsförutsättningar 2027–2029",
    "tertialrapport-1-2026-regionstyrelsen.txt": "Tertialrapport 1 2026 – Regionstyrelsen",
    "tjansteskrivelse-summering-planeringsforutsattningar-2027-2029.txt": (
        "Tjänsteskrivelse: Summering av planeringsförutsättningar 2027–2029"
    ),
}

NEW_REPORT = "delarsrapport-2026.txt"
NEW_REPORT_TEXT = "Delårsrapport augusti 2026 \n\nRegionstyrelsen redovisar utfallet för perioden januari till augusti.\n"


def lines(*texts: str) -> list[Line]:
    return [Line(text, None, number) for number, text in enumerate(texts, start=1)]


def titles(documents_dir, only=None) -> dict[str, str]:
    return {document.doc_id: document.meta.title for document in build_corpus(documents_dir, only=only).documents}


def test_shipped_documents_take_their_titles_from_the_manifest(seed_corpus):
    assert {document.doc_id: document.meta.title for document in seed_corpus.documents} == SHIPPED_TITLES


def test_shipped_manifest_fields_reach_the_document(seed_corpus):
    [memo] = [document for document in seed_corpus.documents if document.doc_id.startswith("tjansteskrivelse")]

    assert memo.meta == DocumentMeta(
        doc_id="tjansteskrivelse-summering-planeringsforutsattningar-2027-2029.txt",
        title="Tjänsteskrivelse: Summering av planeringsförutsättningar 2027–2029",
        kind="tjänsteskrivelse",
        organ="Regionstyrelsen",
        period="2027–2029",
        date="2026-05-19",
        diarienummer="RS/997/2025",
    )
    assert memo.meta.years == (2027, 2028, 2029)


def test_document_without_entry_takes_its_title_from_its_first_line(copied_documents):
    (copied_documents / NEW_REPORT).write_text(NEW_REPORT_TEXT, encoding="utf-8")

    assert titles(copied_documents, only=[NEW_REPORT, "regionplan-och-budget-2026-2028.txt"]) == {
        NEW_REPORT: "Delårsrapport augusti 2026",
        "regionplan-och-budget-2026-2028.txt": "Regionplan och budget 2026–2028",
    }


@pytest.mark.parametrize(
    "broken",
    [
        b'["regionplan-och-budget-2026-2028.txt"\ntitle = "Regionplan',  # cut off mid-table
        'title = "Regionplan och budget 2026–2028"\n'.encode("cp1252"),  # not UTF-8
        b'["a.txt"]\ntitle = "A"\n["a.txt"]\ntitle = "B"\n',  # the same table twice
    ],
)
def test_broken_manifest_is_ignored_and_titles_come_from_the_text(copied_documents, caplog, broken):
    (copied_documents / "manifest.toml").write_bytes(broken)

    with caplog.at_level(logging.WARNING, logger="ingest.manifest"):
        found = titles(
            copied_documents, only=["regionplan-och-budget-2026-2028.txt", "tertialrapport-1-2026-regionstyrelsen.txt"]
        )

    assert found == {
        "regionplan-och-budget-2026-2028.txt": "Att ta ansvar för vården, ekonomin och",  # its first line
        "tertialrapport-1-2026-regionstyrelsen.txt": "Sammanfattning",
    }
    assert "manifest.toml kunde inte läsas" in caplog.text


class TestReadManifest:
    def test_missing_manifest_is_empty(self, tmp_path):
        assert read_manifest(tmp_path) == {}

    def test_entries_that_are_not_tables_are_skipped(self, tmp_path):
        (tmp_path / "manifest.toml").write_text('version = 2\n["plan.txt"]\ntitle = "Planen"\nperiod = 2026\n', encoding="utf-8")

        assert read_manifest(tmp_path) == {"plan.txt": {"title": "Planen", "period": 2026}}


class TestDocumentMeta:
    def test_manifest_values_become_strings(self):
        meta = document_meta("plan.txt", {"title": "Planen", "period": 2026, "okänt": "x"}, lines("Annan rubrik"))

        assert meta == DocumentMeta(doc_id="plan.txt", title="Planen", period="2026")

    def test_title_falls_back_to_the_text_then_to_the_file_name(self):
        assert document_meta("plan.txt", None, lines("Regionplan 2026.")).title == "Regionplan 2026"
        assert document_meta("plan.txt", {}, []).title == "plan.txt"

    def test_title_skips_lines_with_too_few_letters_or_too_many_words(self):
        long_sentence = " ".join(["ord"] * 15)

        title = title_from_text(lines("2026-05-04", "Dnr RS/997/2025", long_sentence, "Summering av planeringsförutsättningar:"))

        assert title == "Summering av planeringsförutsättningar"

    def test_no_title_when_no_line_qualifies(self):
        assert title_from_text(lines("5(6)", "2026-05-04")) is None
