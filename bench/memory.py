"""Where a serving process's memory goes: the load of one index, component by component.

Usage: python -m bench.memory --index-dir /tmp/scale/index-20x-x [--questions FILE]

Each step of ``Assistant.load`` is taken alone, in the order the load takes them, in this
process, and the growth of its resident memory (VmRSS) is printed after each: passages, tables
and registry as Python objects, the vectors, the retriever's views, the two BM25 fields, the
dense index, the embedding model, the vocabulary and the table-row index (the FigureIndex of
issue 18); then the dev questions are asked twice (caches). Each row gives the growth as the
process holds it and after ``malloc_trim`` (the heap pages the step freed again, given back),
the part of it in mapped files (RssFile: pages read from the index files, which the kernel may
drop), and the seconds the step took. Run it in a fresh process per index: one process's heap
carries over.
"""

from __future__ import annotations

import ctypes
import gc
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import click

T = TypeVar("T")
# The first dev file (37 questions), as bench.run asks it; bench.run is not imported before the first step.
QUESTIONS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev-questions.jsonl"


def timed(action: Callable[[], T]) -> tuple[T, float]:
    """``action()``'s result and the wall-clock seconds it took."""
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def load_average() -> float:
    """The 1-minute load average."""
    return float(Path("/proc/loadavg").read_text().split()[0])


@dataclass(frozen=True)
class Step:
    """One component's cost: resident growth as held and after trimming, of it file-backed, and seconds."""

    name: str
    held_mb: float
    trimmed_mb: float
    file_mb: float
    seconds: float

    def line(self) -> str:
        """A Markdown table row."""
        return f"| {self.name} | {self.held_mb:.1f} | {self.trimmed_mb:.1f} | {self.file_mb:.1f} | {self.seconds:.2f} |"


def status(field: str) -> float:
    """One field of /proc/self/status in MiB (VmRSS, RssAnon, RssFile …)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Profile:
    """Runs steps one after another and records the memory each one added."""

    def __init__(self) -> None:
        self.steps: list[Step] = []
        self._libc = ctypes.CDLL("libc.so.6")
        self._rss, self._file = status("VmRSS"), status("RssFile")

    def step(self, name: str, action: Callable[[], T]) -> T:
        """``action()``'s result; its memory growth is recorded under ``name``."""
        result, seconds = timed(action)
        gc.collect()
        held = status("VmRSS")
        self._libc.malloc_trim(0)  # give back the heap pages the step freed: what it keeps, not what it passed through
        rss, file = status("VmRSS"), status("RssFile")
        self.steps.append(Step(name, held - self._rss, rss - self._rss, file - self._file, seconds))
        click.echo(self.steps[-1].line(), err=True)
        self._rss, self._file = rss, file
        return result


def profile(index_dir: Path, questions_file: Path) -> tuple[list[Step], object]:
    """The load of ``index_dir`` step by step, as ``Assistant.load`` does it, then the questions twice.

    Returns the steps and the assistant they built (its memory is gone once it is dropped).
    """
    run = Profile()
    run.step("imports (assistant, index, NumPy, FAISS, ONNX Runtime)", _imports)
    from assistant.engine import Assistant
    from assistant.evaluate import load_questions
    from assistant.generate import GenerationConfig
    from assistant.settings import Settings
    from assistant.table_answers import TableIndex
    from assistant.vocabulary import Vocabulary
    from index import store
    from index.build import check_current
    from index.dense import DenseIndex, Embedder
    from index.search import Retriever, _lexical_index

    settings = Settings.from_env(index_dir=index_dir)
    version = store.current_version(index_dir)
    manifest = store.read_manifest(version)
    data = store.IndexData([], run.step("embeddings (memory-mapped)", lambda: _vectors(version)), manifest, version=version)
    data.passages = run.step("passages", lambda: store.read_passages(version))
    data.tables = run.step("tables (cells)", lambda: store.read_tables(version))
    data.registry = run.step("registry", lambda: store.read_registry(version))
    check_current(data, settings.model, settings.chunking)
    retriever = Retriever.__new__(Retriever)
    run.step("retriever views (positions, years)", lambda: retriever._set_views(data, None, settings.search))
    retriever.lexical = run.step("BM25 fields (words + 3–5-grams)", lambda: _lexical_index(data))
    retriever.dense = run.step("dense index", lambda: DenseIndex(data.embeddings))
    model = run.step("embedding model (ONNX Runtime)", lambda: Embedder(settings.model, threads=1, cache_dir=index_dir))
    retriever.embedder = model
    assistant = Assistant.__new__(Assistant)
    assistant.settings, assistant.retriever, assistant.generation = settings, retriever, GenerationConfig.from_env()
    assistant.tables, assistant.registry = list(data.tables), list(data.registry)
    assistant.vocabulary = run.step("vocabulary", lambda: Vocabulary.from_retriever(retriever))
    assistant.table_index = run.step("table rows (FigureIndex)", lambda: TableIndex(assistant.tables, assistant.vocabulary))
    assistant._titles = {document.doc_id: document.title for document in assistant.vocabulary.documents}
    questions = [question.question for question in load_questions(questions_file)]
    run.step(f"{len(questions)} dev questions, first time (caches)", lambda: [assistant.answer(q) for q in questions])
    run.step(f"{len(questions)} dev questions, again", lambda: [assistant.answer(q) for q in questions])
    return run.steps, assistant  # the assistant too: the totals are read while it is still held


def _imports() -> None:
    import faiss  # noqa: F401
    import onnxruntime  # noqa: F401

    import assistant.engine  # noqa: F401


def _vectors(version: Path):
    import numpy as np

    from index.store import EMBEDDINGS

    return np.load(version / EMBEDDINGS, allow_pickle=False, mmap_mode="r")


@click.command()
@click.option("--index-dir", required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--questions", "questions_file", default=QUESTIONS, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the steps as JSON on stdout.")
def main(index_dir: Path, questions_file: Path, as_json: bool) -> None:
    """Resident memory of a serving process, component by component (Markdown table on stderr)."""
    before = load_average()
    click.echo(f"VmRSS at start {status('VmRSS'):.1f} MiB", err=True)
    click.echo("| step | MiB held | MiB after trim | of it file-backed | s |\n|---|---:|---:|---:|---:|", err=True)
    steps, _assistant = profile(index_dir, questions_file)
    total = f"VmRSS {status('VmRSS'):.1f} MiB (RssAnon {status('RssAnon'):.1f}, RssFile {status('RssFile'):.1f}), "
    click.echo(total + f"VmHWM {status('VmHWM'):.1f} MiB; load average {before:.2f} → {load_average():.2f}", err=True)
    if as_json:
        json.dump([step.__dict__ for step in steps], sys.stdout, indent=1)


if __name__ == "__main__":
    main()
