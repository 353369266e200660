"""The corpus replicated synthetically: how ingest time and ask latency grow with its size.

Usage: python -m bench.scale --factor 20 --factor 100 [--rounds 2]

Each replica of a document is another region's variant of it, so that no two replicas are exact duplicates
(then every passage has its own id and vector, as in a real multi-region corpus): the region's name is
swapped for another region's, every figure that is not a year is shifted by the replica number, and the
replica's title says which replica it is. Each size is ingested cold in this process (real embedding, the
same ``build_index`` as ``python -m assistant ingest``), then loaded and asked in a fresh child process.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import shutil
import tempfile
import time
import tomllib
from pathlib import Path

import click
import numpy as np

from assistant.settings import Settings
from bench.run import QUESTIONS, Figure, log, percentile, rss_mb, serve_in_child, timed
from index import DenseIndex, Embedder, build_index, read_index
from index.dense import IndexKind
from ingest.corpus import document_files

OWN_REGION = "Jämtland Härjedalen"
OTHER_REGIONS = (
    "Västernorrland", "Norrbotten", "Västerbotten", "Dalarna", "Gävleborg", "Värmland", "Örebro län",
    "Västmanland", "Uppsala", "Sörmland", "Östergötland", "Jönköpings län", "Kronoberg", "Kalmar län",
    "Blekinge", "Skåne", "Halland", "Västra Götaland", "Gotland", "Stockholm",
)  # fmt: skip
NUMBER = re.compile(r"(?<![\d,])\d+(?![\d,])")
YEAR = re.compile(r"(?:19|20)\d\d")


def vary(text: str, replica: int) -> str:
    """``text`` as replica ``replica`` (1, 2, …): another region's name, every non-year number shifted."""
    region = OTHER_REGIONS[(replica - 1) % len(OTHER_REGIONS)]
    text = text.replace(OWN_REGION, f"{region} {replica}" if replica > len(OTHER_REGIONS) else region)
    return NUMBER.sub(lambda m: m.group() if YEAR.fullmatch(m.group()) else str(int(m.group()) + replica), text)


def replicate(documents_dir: Path, target: Path, factor: int) -> int:
    """Write the documents and ``factor - 1`` varied replicas of each (with manifest entries) to ``target``."""
    target.mkdir(parents=True)
    manifest = tomllib.loads((documents_dir / "manifest.toml").read_text(encoding="utf-8"))
    entries = []
    for path in document_files(documents_dir):
        text = path.read_text(encoding="utf-8")
        meta = manifest.get(path.name, {})
        for replica in range(factor):
            name = path.name if replica == 0 else f"{path.stem}-kopia-{replica:03d}{path.suffix}"
            (target / name).write_text(text if replica == 0 else vary(text, replica), encoding="utf-8")
            title = meta.get("title", path.stem) + ("" if replica == 0 else f" (kopia {replica})")
            fields = {**meta, "title": title}
            entries.append(f"[{json.dumps(name)}]\n" + "".join(f"{key} = {json.dumps(value)}\n" for key, value in fields.items()))
    (target / "manifest.toml").write_text("\n".join(entries), encoding="utf-8")
    return len(entries)


class TimedEmbedder(Embedder):
    """The default embedder, counting the seconds spent encoding (the part of ingest that grows fastest).

    With ``synthetic`` it returns a unit vector seeded by each text's hash instead of encoding it: the
    rest of ingest and every ask cost the same (search time does not depend on the vectors' values),
    and the encoding time is then the measured rate of a real run times the number of passages.
    """

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.synthetic = False
        self.encode_seconds = 0.0

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        if self.synthetic:
            return np.array([hashed_unit_vector(text, self.dimension) for text in texts], dtype=np.float32).reshape(
                -1, self.dimension
            )
        vectors, seconds = timed(lambda: super(TimedEmbedder, self).encode(texts, progress))
        self.encode_seconds += seconds
        return vectors


def hashed_unit_vector(text: str, dimension: int) -> np.ndarray:
    """A unit vector seeded by ``text``'s sha256: the same text always gets the same vector."""
    seed = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "little")
    vector = np.random.default_rng(seed).standard_normal(dimension)
    return vector / np.linalg.norm(vector)


def scale_figures(factor: int, work: Path, rounds: int, embedder: TimedEmbedder) -> list[Figure]:
    """Cold ingest of the corpus at ``factor`` × its size (unless ``work`` holds it), then asks in a child."""
    settings = Settings.from_env()
    index_dir = work / f"index-{factor}x"
    prefix = f"scale_{factor}x"
    figures = []
    if not (index_dir / "CURRENT").exists():
        documents = work / f"documents-{factor}x"
        shutil.rmtree(documents, ignore_errors=True)
        count = replicate(settings.documents_dir, documents, factor)
        log(f"{factor}×: {count} dokument, indexerar …")
        embedder.encode_seconds = 0.0
        report, ingest_s = timed(lambda: build_index(documents, index_dir, settings.model, settings.chunking, embedder=embedder))
        log(f"{factor}×: {report.passages} passager på {ingest_s:.0f} s")
        shutil.rmtree(documents)
        figures = [
            Figure(f"{prefix}_passages", report.passages, "passages", f"{count} documents"),
            Figure(f"{prefix}_ingest_s", ingest_s, "s", "cold, model already loaded"),
            Figure(f"{prefix}_embed_s", embedder.encode_seconds, "s", "of which encoding (0 with hashed vectors)"),
            Figure(f"{prefix}_ingest_passages_per_s", report.passages / ingest_s, "passages/s"),
            Figure(f"{prefix}_ingest_peak_rss_mb", rss_mb("VmHWM"), "MiB", "VmHWM of the ingesting process so far"),
        ]
    figures += dense_figures(index_dir, prefix)
    log(f"{factor}×: laddar och frågar i en ny process …")
    served = serve_in_child(index_dir, "hybrid", rounds, QUESTIONS)
    return figures + [Figure(f"{prefix}_{name}", value, unit, note) for name, value, unit, note in served_rows(served)]


def dense_figures(index_dir: Path, prefix: str, queries: int = 200) -> list[Figure]:
    """Exact against HNSW search over this size's vectors: build time, p95 per search, recall of the top 10.

    The queries are the index's own vectors, a few hundred spread over the corpus; each one's own
    position is left out of both top lists, as it trivially finds itself.
    """
    vectors = read_index(index_dir).embeddings
    positions = list(range(0, len(vectors), max(1, len(vectors) // queries)))[:queries]
    exact, exact_s = timed(lambda: DenseIndex(vectors, IndexKind.FLAT))
    graph, graph_s = timed(lambda: DenseIndex(vectors, IndexKind.HNSW))
    timings: dict[str, list[float]] = {"flat": [], "hnsw": []}
    recall = []
    for own in positions:
        found = {}
        for name, index in (("flat", exact), ("hnsw", graph)):
            hits, seconds = timed(lambda index=index, own=own: index.search(vectors[own], 11))
            timings[name].append(seconds * 1000)
            found[name] = {position for position, _ in hits if position != own}
        recall.append(len(found["flat"] & found["hnsw"]) / max(1, len(found["flat"])))
    return [
        Figure(f"{prefix}_flat_build_s", exact_s, "s", f"{len(vectors)} vectors"),
        Figure(f"{prefix}_hnsw_build_s", graph_s, "s", "M 32, efConstruction 80"),
        Figure(f"{prefix}_flat_search_p95_ms", percentile(timings["flat"], 0.95), "ms", f"{len(positions)} searches, top 11"),
        Figure(f"{prefix}_hnsw_search_p95_ms", percentile(timings["hnsw"], 0.95), "ms", "efSearch 128"),
        Figure(f"{prefix}_hnsw_recall_at_10", sum(recall) / len(recall), "share", "of the exact top 10 (self excluded)"),
    ]


def served_rows(served: dict) -> list[tuple[str, float, str, str]]:
    """The child's load, memory and latency results as (name, value, unit, note) rows."""
    rows = [
        ("load_s", served["load_s"], "s", "Assistant.load, hybrid"),
        ("rss_after_load_mb", served["rss_after_load_mb"], "MiB", "VmRSS"),
        ("rss_after_asks_mb", served["rss_after_asks_mb"], "MiB", "VmRSS after the timed rounds (mapped index pages read)"),
        ("peak_rss_mb", served["peak_rss_mb"], "MiB", "VmHWM of the serving process"),
        ("ask_p50_ms", served["ask_p50_ms"], "ms", f"{served['asks']:.0f} asks"),
        ("ask_p95_ms", served["ask_p95_ms"], "ms", f"{served['asks']:.0f} asks"),
    ]
    for group, latency in served.get("by_group", {}).items():
        rows.append((f"{group}_ask_p95_ms", latency["p95"], "ms", f"{latency['asks']} asks"))
    return rows


def run_scale(factors: tuple[int, ...], rounds: int, work: Path, real_up_to: int) -> list[Figure]:
    """Every size's figures, printed as measured. Sizes above ``real_up_to`` get hashed vectors, and an
    estimated ingest time adding their encoding at the rate measured on the largest really encoded size."""
    settings = Settings.from_env()
    real = TimedEmbedder(settings.model)
    synthetic = copy.copy(real)  # the same model, never asked to encode
    synthetic.synthetic = True
    figures: list[Figure] = []
    encode_rate = None  # passages per second of encoding, from the last real size
    for factor in sorted(factors):
        measured = scale_figures(factor, work, rounds, real if factor <= real_up_to else synthetic)
        values = {figure.name: figure.value for figure in measured}
        prefix = f"scale_{factor}x"
        if factor <= real_up_to and values.get(f"{prefix}_embed_s"):
            encode_rate = values[f"{prefix}_passages"] / values[f"{prefix}_embed_s"]
        elif factor > real_up_to and encode_rate and f"{prefix}_ingest_s" in values:
            estimate = values[f"{prefix}_ingest_s"] + values[f"{prefix}_passages"] / encode_rate
            note = f"measured ingest with hashed vectors + encoding at {encode_rate:.1f} passages/s"
            measured.append(Figure(f"{prefix}_ingest_estimated_s", estimate, "s", note))
        for figure in measured:
            print(figure.line(), flush=True)
        figures += measured
    return figures


@click.command()
@click.option("--factor", "factors", multiple=True, type=click.IntRange(min=1), default=(20, 100), show_default=True)
@click.option("--rounds", default=2, show_default=True, help="Timed rounds over the dev questions per size.")
@click.option(
    "--work",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Keep the replicated indexes in this folder; a size already indexed there is only asked again.",
)
@click.option("--real-up-to", default=20, show_default=True, help="Encode for real up to this size; hashed vectors above.")
@click.option("--save/--no-save", "save_result", default=True, help="Write bench/results/scale-<date-time>.json.")
def main(factors: tuple[int, ...], rounds: int, work: Path | None, real_up_to: int, save_result: bool) -> None:
    """Ingest time and hybrid ask latency at each corpus size, one figure per line."""
    with tempfile.TemporaryDirectory(prefix="pa-scale-") as temporary:
        folder = work or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        figures = run_scale(factors, rounds, folder, real_up_to)
    if save_result:
        path = Path(__file__).resolve().parent / "results" / f"scale-{time.strftime('%Y%m%d-%H%M%S')}.json"
        path.parent.mkdir(exist_ok=True)
        values = {figure.name: {"value": figure.value, "unit": figure.unit, "note": figure.note} for figure in figures}
        path.write_text(json.dumps(values, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        log(f"Resultat sparat i {path}")


if __name__ == "__main__":
    main()
