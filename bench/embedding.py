"""Embedding throughput per backend and batch size: what makes ingest faster without changing the vectors.

Usage: python -m bench.embedding [--limit 600]

Encodes the indexed passages (``build/index``, or ``--index-dir``) with the default model as
sentence-transformers' PyTorch backend (fp32) at several batch sizes, then with PyTorch's dynamic int8
quantisation of the Linear layers. ONNX is not measured: sentence-transformers' ONNX backend needs
optimum-onnx, whose releases require transformers < 4.58, and the pinned sentence-transformers 6.2 needs
transformers ≥ 5 (pip reports ResolutionImpossible). For each variant it prints passages/s, the ratio to
the default, and how close its vectors are to the default's (mean and minimum cosine similarity).
"""

from __future__ import annotations

import time
from pathlib import Path

import click
import numpy as np
import torch

from assistant.settings import Settings
from index import Embedder, read_index

BATCH_SIZES = (16, 32, 64, 128)


def throughput(embedder: Embedder, texts: list[str]) -> tuple[np.ndarray, float]:
    """The vectors for ``texts`` and the passages encoded per second."""
    embedder.encode(texts[:32])  # warm-up: first-call allocations
    started = time.perf_counter()
    vectors = embedder.encode(texts)
    return vectors, len(texts) / (time.perf_counter() - started)


def agreement(vectors: np.ndarray, reference: np.ndarray) -> tuple[float, float]:
    """Mean and minimum cosine similarity between matching rows of two unit-vector matrices."""
    similarity = np.sum(vectors * reference, axis=1)
    return float(similarity.mean()), float(similarity.min())


def quantised(embedder: Embedder) -> Embedder:
    """``embedder`` with its Linear layers replaced by dynamically quantised int8 ones (in place)."""
    embedder._model = torch.ao.quantization.quantize_dynamic(embedder._model, {torch.nn.Linear}, dtype=torch.qint8)
    return embedder


@click.command()
@click.option("--index-dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None)
@click.option("--limit", default=600, show_default=True, help="Passages to encode per variant.")
def main(index_dir: Path | None, limit: int) -> None:
    """Passages/s and vector agreement per embedding variant, one line each."""
    settings = Settings.from_env()
    texts = [passage.index_text for passage in read_index(index_dir or settings.index_dir).passages][:limit]
    print(f"{len(texts)} passages, torch threads {torch.get_num_threads()}")
    embedder = Embedder(settings.model)
    default_batch = embedder.batch_size
    reference, reference_rate = throughput(embedder, texts)
    print(f"{'variant':<26}{'passages/s':>11}{'ratio':>8}{'mean cos':>10}{'min cos':>9}")
    for batch_size in BATCH_SIZES:
        embedder.batch_size = batch_size
        vectors, rate = throughput(embedder, texts)
        print(
            f"{f'torch fp32, batch {batch_size}':<26}{rate:>11.1f}{rate / reference_rate:>8.2f}" + _agreement(vectors, reference)
        )
    embedder.batch_size = default_batch
    vectors, rate = throughput(quantised(embedder), texts)
    print(
        f"{f'torch int8, batch {default_batch}':<26}{rate:>11.1f}{rate / reference_rate:>8.2f}" + _agreement(vectors, reference)
    )


def _agreement(vectors: np.ndarray, reference: np.ndarray) -> str:
    mean, minimum = agreement(vectors, reference)
    return f"{mean:>10.4f}{minimum:>9.4f}"


if __name__ == "__main__":
    main()
