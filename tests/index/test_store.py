"""Atomic, versioned index persistence: round trip, and every kind of half-written index refused."""

from __future__ import annotations

import json
import re
import threading
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from index.build import build_index
from index.chunking import ChunkingConfig
from index.dense import DEFAULT_MODEL
from index.errors import IndexNotBuilt
from index.store import POINTER, IndexData, build_lock, current_version, read_index, write_index
from ingest.models import Cell, Passage, Table

ROOT = Path(__file__).resolve().parents[2]
# What bm25s writes for one field: postings (NumPy), vocabulary and parameters (JSON).
LEXICAL_FILES = (
    "data.csc.index.npy",
    "indices.csc.index.npy",
    "indptr.csc.index.npy",
    "vocab.index.json",
    "params.index.json",
)


def passage(order: int, text: str, doc_id: str = "plan.txt") -> Passage:
    return Passage(
        doc_id=doc_id,
        doc_title="Regionplan och budget 2026–2028",
        section_path=("Ekonomi", "Lånetak"),
        page=order + 1,
        text=text,
        order=order,
        source_lines=(order * 10 + 1, order * 10 + 4),
        year_span=(2027,),
        index_text=f"Regionplan och budget 2026–2028\nEkonomi > Lånetak\n{text}",
    )


@pytest.fixture
def data() -> IndexData:
    passages = [
        passage(0, "Lånetaket för 2027 är 850 miljoner kronor."),
        passage(1, "Ett negativt balanskravsresultat ska regleras inom tre år – ”synnerliga skäl”."),
    ]
    embeddings = np.array([[0.6, 0.8, 0.0], [0.0, 0.6, 0.8]], dtype=np.float32)
    return IndexData(passages, embeddings, {"model": {"name": "test"}, "documents": {"plan.txt": {"passages": 2}}})


@pytest.fixture
def index_dir(tmp_path, data) -> Path:
    """A folder holding one complete version."""
    folder = tmp_path / "index"
    write_index(folder, data)
    return folder


def versions(index_dir: Path) -> list[str]:
    return sorted(entry.name for entry in index_dir.iterdir() if entry.is_dir())


def test_round_trip(index_dir, data):
    read = read_index(index_dir)
    assert [p.to_dict() for p in read.passages] == [p.to_dict() for p in data.passages]
    assert read.passages == data.passages
    assert read.embeddings.dtype == np.float32
    np.testing.assert_array_equal(read.embeddings, data.embeddings)
    assert read.manifest["model"] == {"name": "test"}
    assert read.documents == {"plan.txt": {"passages": 2}}
    lexical = {f"lexical/{field}/{name}" for field in ("words", "ngrams") for name in LEXICAL_FILES}
    assert set(read.manifest["files"]) == {"passages.jsonl", "tables.jsonl", "registry.jsonl", "embeddings.npy"} | lexical
    assert isinstance(read.embeddings, np.memmap)  # served from disk, not copied into memory
    assert read.version == current_version(index_dir)


def test_tables_round_trip_with_exact_decimals(tmp_path, data):
    cell = Cell("plan.txt#tabell-3", "Årets resultat", "Plan 2027", "260,1", Decimal("260.1"), 2027, "Plan", None, 1475)
    table = Table(
        "plan.txt#tabell-3",
        "plan.txt",
        "Plan",
        "Tabell 3. Plan",
        ("Tabell 3. Plan",),
        None,
        (1470, 1480),
        "mkr",
        ("Årets resultat",),
        ("Plan 2027",),
        (cell,),
        ("UB stämmer inte",),
    )
    write_index(tmp_path / "index", IndexData(data.passages, data.embeddings, data.manifest, [table]))
    read = read_index(tmp_path / "index")
    assert read.tables == [table]
    assert read.tables[0].cell("Årets resultat", "Plan 2027").value == Decimal("260.1")


def test_write_names_the_new_version_in_current(tmp_path, data):
    version = write_index(tmp_path / "index", data)
    assert version.parent == tmp_path / "index"
    assert (tmp_path / "index" / "CURRENT").read_text(encoding="utf-8") == version.name
    assert current_version(tmp_path / "index") == version
    assert sorted(path.name for path in version.iterdir()) == [
        "embeddings.npy",
        "lexical",
        "manifest.json",
        "passages.jsonl",
        "registry.jsonl",
        "tables.jsonl",
    ]


def test_second_write_replaces_and_removes_the_old_version(index_dir, data):
    old = current_version(index_dir)
    changed = IndexData(data.passages[:1], data.embeddings[:1], data.manifest)
    new = write_index(index_dir, changed)
    assert new != old
    assert versions(index_dir) == [new.name]
    assert len(read_index(index_dir).passages) == 1


def test_empty_index_round_trips(tmp_path):
    write_index(tmp_path / "index", IndexData([], np.zeros((0, 384), dtype=np.float32)))
    read = read_index(tmp_path / "index")
    assert read.passages == []
    assert read.embeddings.shape == (0, 384)


class TestHalfWrittenIndex:
    def test_current_missing_names_the_fix_in_swedish(self, tmp_path):
        with pytest.raises(IndexNotBuilt) as raised:
            read_index(tmp_path / "index")
        assert str(raised.value) == f"Index saknas i {tmp_path / 'index'} – kör: python -m assistant ingest"

    def test_version_without_manifest(self, index_dir):
        (current_version(index_dir) / "manifest.json").unlink()
        with pytest.raises(IndexNotBuilt, match="manifest kunde inte läsas"):
            read_index(index_dir)

    def test_current_pointing_at_a_folder_never_finished(self, index_dir):
        (index_dir / "v-unfinished").mkdir()
        (index_dir / "v-unfinished" / "passages.jsonl").write_text("", encoding="utf-8")
        (index_dir / "CURRENT").write_text("v-unfinished", encoding="utf-8")
        with pytest.raises(IndexNotBuilt, match="manifest"):
            read_index(index_dir)

    def test_current_pointing_at_a_missing_folder(self, index_dir):
        (index_dir / "CURRENT").write_text("v-gone", encoding="utf-8")
        with pytest.raises(IndexNotBuilt, match="saknas"):
            read_index(index_dir)

    def test_current_pointing_outside_the_index(self, index_dir, tmp_path):
        (tmp_path / "elsewhere").mkdir()
        (index_dir / "CURRENT").write_text("../elsewhere", encoding="utf-8")
        with pytest.raises(IndexNotBuilt):
            read_index(index_dir)

    def test_corrupted_passages(self, index_dir):
        path = current_version(index_dir) / "passages.jsonl"
        path.write_text(path.read_text(encoding="utf-8").replace("850", "950"), encoding="utf-8")
        with pytest.raises(IndexNotBuilt, match=r"Indexfilen passages\.jsonl är skadad"):
            read_index(index_dir)

    def test_truncated_embeddings(self, index_dir):
        path = current_version(index_dir) / "embeddings.npy"
        path.write_bytes(path.read_bytes()[:-4])
        with pytest.raises(IndexNotBuilt, match=r"embeddings\.npy är skadad"):
            read_index(index_dir)

    def test_other_format_version(self, index_dir):
        path = current_version(index_dir) / "manifest.json"
        manifest = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps(dict(manifest, format_version=99)), encoding="utf-8")
        with pytest.raises(IndexNotBuilt, match="formatversion 99"):
            read_index(index_dir)

    def test_vectors_and_passages_disagree(self, tmp_path, data):
        write_index(tmp_path / "index", IndexData(data.passages, data.embeddings[:1], {}))
        with pytest.raises(IndexNotBuilt, match="antal vektorer och passager"):
            read_index(tmp_path / "index")

    def test_leftover_staging_folder_is_ignored_then_cleaned(self, index_dir, data):
        leftover = index_dir / ".tmp-crashed"
        leftover.mkdir()
        (leftover / "passages.jsonl").write_text("{half a line", encoding="utf-8")
        assert len(read_index(index_dir).passages) == 2
        new = write_index(index_dir, data)
        assert not leftover.exists()
        assert versions(index_dir) == [new.name]

    def test_failed_write_keeps_the_current_version(self, index_dir, data):
        before = current_version(index_dir)
        broken = IndexData(data.passages, np.array([[object()]]), data.manifest)
        with pytest.raises(TypeError):  # fails while saving vectors, after passages.jsonl was written
            write_index(index_dir, broken)
        assert current_version(index_dir) == before
        assert versions(index_dir) == [before.name]
        assert len(read_index(index_dir).passages) == 2


def test_no_pickle_or_eval_in_the_product():
    # Index files may come from elsewhere: loading them must never run code.
    forbidden = re.compile(r"pickle\.load|\beval\(|allow_pickle\s*=\s*True")
    sources = [path for package in ("index", "ingest", "assistant") for path in (ROOT / package).rglob("*.py")]
    assert len(sources) > 10
    offending = [f"{path.relative_to(ROOT)}:{number}" for path in sources
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                 if forbidden.search(line)]  # fmt: skip
    assert offending == []


def test_every_np_load_refuses_pickles():
    calls = [line for path in (ROOT / "index").rglob("*.py") for line in path.read_text(encoding="utf-8").splitlines()
             if "np.load(" in line]  # fmt: skip
    assert calls
    assert all("allow_pickle=False" in line for line in calls)


def test_a_second_build_waits_for_the_lock_and_then_completes(tmp_path, tiny_documents, embedder):
    """The app's re-index and the CLI's ingest in one folder run one after the other, not into each other."""
    index_dir = tmp_path / "index"
    finished = threading.Event()

    def second_build() -> None:
        build_index(tiny_documents, index_dir, DEFAULT_MODEL, ChunkingConfig(), embedder=embedder)
        finished.set()

    with build_lock(index_dir):
        worker = threading.Thread(target=second_build)
        worker.start()
        assert not finished.wait(2.0)  # blocked while the first holder has the lock
        assert not (index_dir / POINTER).exists()
    worker.join(60)
    assert finished.is_set()
    assert set(read_index(index_dir).documents) == {path.name for path in tiny_documents.iterdir()}
