"""Embedding throughput per runtime and batch size, and how close each runtime's vectors are to sentence-transformers'.

Usage: python -m bench.embedding [--limit 600] [--rounds 2]

Encodes the indexed passages (``build/index``, or ``--index-dir``) with the default model: by ONNX
Runtime (``index.embedding``, what ingest and questions use) at several batch sizes, and by
sentence-transformers on PyTorch (the reference). For each variant it prints passages/s (best of
``--rounds``), CPU milliseconds per passage (all threads; steadier than wall time on a shared
machine), and the mean and minimum cosine similarity with the reference vectors.
"""

from __future__ import annotations

import time
from pathlib import Path

import click
import numpy as np

from assistant.settings import Settings
from index import Embedder, read_index, resolve_model

BATCH_SIZES = (8, 16, 32, 64)


def throughput(encode, texts: list[str], rounds: int) -> tuple[np.ndarray, float, float]:
    """The vectors for ``texts``, the best passages/s over ``rounds``, and the least CPU ms per passage."""
    encode(texts[:16])  # warm-up: first-call allocations
    rates, cpu = [], []
    for _ in range(rounds):
        wall, process = time.perf_counter(), time.process_time()
        vectors = encode(texts)
        rates.append(len(texts) / (time.perf_counter() - wall))
        cpu.append((time.process_time() - process) / len(texts) * 1000)
    return vectors, max(rates), min(cpu)


def agreement(vectors: np.ndarray, reference: np.ndarray) -> tuple[float, float]:
    """Mean and minimum cosine similarity between matching rows of two unit-vector matrices."""
    similarity = np.sum(vectors * reference, axis=1)
    return float(similarity.mean()), float(similarity.min())


@click.command()
@click.option("--index-dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None)
@click.option("--limit", default=600, show_default=True, help="Passages to encode per variant.")
@click.option("--rounds", default=2, show_default=True, help="Timed rounds per variant.")
def main(index_dir: Path | None, limit: int, rounds: int) -> None:
    """Passages/s, CPU ms per passage and vector agreement per runtime and batch size, one line each."""
    from sentence_transformers import SentenceTransformer

    settings = Settings.from_env()
    texts = [passage.index_text for passage in read_index(index_dir or settings.index_dir).passages][:limit]
    folder, _ = resolve_model(settings.model)
    model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)

    def reference_encode(batch: list[str]) -> np.ndarray:
        return model.encode(batch, batch_size=16, normalize_embeddings=True, convert_to_numpy=True)

    print(f"{len(texts)} passages, best of {rounds} rounds")
    print(f"{'variant':<34}{'passages/s':>11}{'cpu ms':>8}{'mean cos':>10}{'min cos':>9}")
    reference, rate, cpu = throughput(reference_encode, texts, rounds)
    print(f"{'sentence-transformers, batch 16':<34}{rate:>11.1f}{cpu:>8.1f}{1.0:>10.4f}{1.0:>9.4f}")
    for batch_size in BATCH_SIZES:
        embedder = Embedder(settings.model, batch_size=batch_size)
        vectors, rate, cpu = throughput(embedder.encode, texts, rounds)
        mean, minimum = agreement(vectors, reference)
        print(f"{f'ONNX Runtime, batch {batch_size}':<34}{rate:>11.1f}{cpu:>8.1f}{mean:>10.7f}{minimum:>9.7f}")


if __name__ == "__main__":
    main()
