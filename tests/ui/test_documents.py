"""The Dokument page's pure helpers over an index manifest."""

from __future__ import annotations

import os

import pytest

from index import ChunkingConfig, build_index, read_index
from index.dense import DEFAULT_MODEL
from tests.cluttered import SKIPPED, UNREADABLE_FILES, add_clutter
from ui.documents import (
    UploadError,
    documents_frame,
    index_status,
    reindex_notice,
    safe_upload_name,
    save_upload,
    skipped_frame,
)

MANIFEST = {
    "model": {"name": "all-MiniLM-L6-v2", "sha256": "53aa"},
    "chunking": {"chunk_size": 600, "version": 5},
    "format_version": 3,
    "written": 1795502975.25,
    "errors": [],
    "documents": {
        "b.txt": {
            "title": "Tertialrapport 1 2026",
            "kind": "tertialrapport",
            "period": "2026",
            "passages": 130,
            "tables": 6,
            "assignments": 0,
        },
        "a.txt": {
            "title": "Regionplan och budget 2026–2028",
            "kind": "regionplan",
            "period": "2026–2028",
            "passages": 193,
            "tables": 14,
            "assignments": 29,
        },
    },
}


def test_documents_by_title_with_counts():
    frame = documents_frame(MANIFEST["documents"])
    assert list(frame.columns) == ["Titel", "Typ", "Period", "Textavsnitt", "Tabeller", "Uppdrag"]
    assert frame.values.tolist() == [
        ["Regionplan och budget 2026–2028", "regionplan", "2026–2028", "193", "14", "29"],
        ["Tertialrapport 1 2026", "tertialrapport", "2026", "130", "6", "0"],
    ]


def test_an_uploaded_document_without_metadata_shows_no_python_word():
    frame = documents_frame({"ny-rapport.txt": {"title": None, "kind": None, "period": None, "passages": 3}})
    assert frame.values.tolist() == [["ny-rapport.txt", "", "", "3", "", ""]]


def test_index_status_in_swedish():
    status = index_status(MANIFEST)
    assert status["Modell"] == "all-MiniLM-L6-v2"
    assert status["Indexformat"] == "version 3"
    assert status["Uppdelning"] == "version 5 (600 tecken per avsnitt)"
    assert status["Dokument"] == "2"
    assert status["Fel vid inläsning"] == "inga"


def test_empty_manifest_does_not_fail():
    assert index_status({})["Modell"] == "okänd"
    assert documents_frame({}).empty
    assert skipped_frame({}).empty  # an index written before skipped entries were recorded
    assert list(skipped_frame({}).columns) == ["Namn", "Skäl"]


def test_skipped_frame_lists_unreadable_files_and_skipped_entries_by_name():
    manifest = {
        "errors": [{"document": "tom.txt", "reason": "filen är tom", "kept_previous": True}],
        "skipped": [
            {"name": "utanfor.txt", "reason": SKIPPED["utanfor_*hemlig*.txt"]},
            {"name": "arkiv", "reason": SKIPPED["arkiv"]},
        ],
    }
    assert skipped_frame(manifest).values.tolist() == [
        ["arkiv", "undermapp – bara filer direkt i dokumentmappen läses, inte undermappar"],
        ["tom.txt", "filen är tom (den tidigare versionen används)"],
        ["utanfor.txt", SKIPPED["utanfor_*hemlig*.txt"]],
    ]
    status = index_status(manifest)
    assert (status["Fel vid inläsning"], status["Överhoppade i mappen"]) == ("1", "2")


def test_skipped_frame_of_a_real_ingest_names_every_entry(tmp_path, tiny_documents, embedder):
    add_clutter(tiny_documents, tmp_path / "utanfor")
    build_index(tiny_documents, tmp_path / "index", DEFAULT_MODEL, ChunkingConfig(), embedder=embedder)
    frame = skipped_frame(read_index(tmp_path / "index").manifest)
    assert frame.values.tolist() == [[name, reason] for name, reason in sorted({**SKIPPED, **UNREADABLE_FILES}.items())]


@pytest.mark.parametrize(
    ("count", "notice"),
    [
        (0, "Indexet är uppdaterat."),
        (1, "Indexet är uppdaterat, men en fil eller mapp lästes inte; skälet står under ”Hoppades över” ovan."),
        (7, "Indexet är uppdaterat, men 7 filer eller mappar lästes inte; skälen står under ”Hoppades över” ovan."),
    ],
)
def test_reindex_notice_points_to_the_skipped_list(count, notice):
    assert reindex_notice(count) == notice


@pytest.mark.parametrize(
    ("name", "saved"),
    [("../../etc/passwd.txt", "passwd.txt"), ("/abs/x.pdf", "x.pdf"), ("..\\x.md", "x.md"), (".dold.md", "dold.md")],
)
def test_upload_keeps_only_the_base_name_inside_the_folder(tmp_path, name, saved):
    documents = tmp_path / "documents"
    documents.mkdir()
    path = save_upload(name, b"Text", documents, 100)
    assert path == documents.resolve() / saved
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [saved]


def test_upload_round_trip_keeps_swedish_letters_in_nfc(tmp_path):
    data = "Årsredovisning 2025\nLånetaket höjs.".encode()
    path = save_upload("A\u030arsredovisning 2025 (slutlig).PDF", data, tmp_path, 1000)
    assert path.name == "Årsredovisning-2025-slutlig.pdf"
    assert path.read_bytes() == data
    assert save_upload(path.name, b"ny", tmp_path, 1000).read_bytes() == b"ny"  # overwrites a regular file
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left behind


def test_upload_refuses_to_overwrite_a_symlink(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("orörd", encoding="utf-8")
    documents = tmp_path / "documents"
    documents.mkdir()
    os.symlink(outside, documents / "plan.txt")
    with pytest.raises(UploadError, match="symbolisk länk"):
        save_upload("plan.txt", b"ny", documents, 100)
    assert outside.read_text(encoding="utf-8") == "orörd"


@pytest.mark.parametrize("name", ["program.exe", "plan", "plan.docx", "../.txt", "...", ""])
def test_upload_rejects_unsupported_types_and_empty_names(tmp_path, name):
    with pytest.raises(UploadError):
        save_upload(name, b"Text", tmp_path, 100)
    assert not list(tmp_path.iterdir())


def test_upload_rejects_oversize_and_empty_files(tmp_path):
    with pytest.raises(UploadError, match="största tillåtna"):
        save_upload("plan.txt", b"x" * 101, tmp_path, 100)
    with pytest.raises(UploadError, match="tom"):
        save_upload("plan.txt", b"", tmp_path, 100)
    assert not list(tmp_path.iterdir())


def test_safe_upload_name_is_a_plain_file_name():
    assert safe_upload_name("Regionplan och budget 2026–2028.TXT") == "Regionplan-och-budget-2026-2028.txt"
    assert isinstance(UploadError("x"), ValueError)
