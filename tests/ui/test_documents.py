"""The Dokument page's pure helpers over an index manifest."""

from __future__ import annotations

from ui.documents import documents_frame, index_status

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
        ["Regionplan och budget 2026–2028", "regionplan", "2026–2028", 193, 14, 29],
        ["Tertialrapport 1 2026", "tertialrapport", "2026", 130, 6, 0],
    ]


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
