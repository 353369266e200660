"""Speed and memory of ingest and ask: one figure per stdout line, progress on stderr.

Usage: python -m bench [--rounds 5] [--no-save]

Ingest runs in this process, in a temporary folder, so the first figure pays
for building the model's ONNX graph and loading it, as a first ``python -m
assistant ingest`` does. A cold question is timed as whole ``python -m assistant
ask`` processes, and the memory of a fresh process after one answer is taken
(``--answer-once``). Load, memory and warm ask latency are measured in a fresh
child process per strategy (``--serve``), so one strategy's model and caches
never count against the other's. The load average before and after is printed
with the figures: on a shared 2-core machine it explains most of their spread.
"""

from __future__ import annotations

import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import TypeVar

import click

from assistant.engine import Assistant
from assistant.evaluate import load_questions
from assistant.settings import PROJECT_ROOT, Settings
from index import BuildReport, Embedder, build_index

QUESTIONS = PROJECT_ROOT.parent / "shared" / "eval" / "dev-questions.jsonl"
RESULTS_DIR = Path(__file__).resolve().parent / "results"
# A mid-sized document (about a fifth of the passages), edited as a user would between two ingests.
CHANGED_DOCUMENT = "tertialrapport-1-2026-regionstyrelsen.txt"
ADDED_SENTENCE = "\nRegionstyrelsen följer upp arbetet vid nästa tertialrapport.\n"
STRATEGIES = ("hybrid", "bm25")
# Targets from the issue: name of the figure → largest value that passes.
TARGETS = {
    "cold_ingest_s": 20.0,  # issue 15 (30 s in issue 7)
    "cold_ask_s": 3.0,  # issue 15
    "rss_after_one_answer_mb": 400.0,  # issue 15
    "hybrid_ask_p95_ms": 50.0,
    "hybrid_rss_after_load_mb": 1536.0,
    "scale_100x_ask_p95_ms": 100.0,  # issue 18 (150 ms in issue 7)
    # Issue 18: a region's whole library on one machine. Serving memory is the peak of the serving process.
    "scale_20x_peak_rss_mb": 600.0,
    "scale_100x_peak_rss_mb": 1000.0,
    "scale_20x_ingest_s": 180.0,
    "scale_100x_ingest_estimated_s": 900.0,  # hashed vectors at 100×: measured ingest + encoding at the 20× rate
    "scale_20x_ask_p95_ms": 60.0,
}
COLD_QUESTION = "Vilket lånetak gäller för 2027?"
COLD_ASKS = 3  # cold `ask` processes timed; the median is the figure
# The kind of work a question asks for, by its eval category: what the latency is reported per.
QUESTION_GROUPS = {
    "fact": "retrieval",
    "multi": "retrieval",
    "abstain": "retrieval",
    "calc": "calculation",
    "owner": "assignment",
}

T = TypeVar("T")


@dataclass(frozen=True)
class Figure:
    """One measured number, its unit, and how it was obtained."""

    name: str
    value: float
    unit: str
    note: str = ""

    def line(self) -> str:
        """The stdout line: name, value and unit in aligned columns, then the note."""
        return f"{self.name:<34}{self.value:>10.3f} {self.unit:<11}{self.note}".rstrip()


def timed(action: Callable[[], T]) -> tuple[T, float]:
    """``action()``'s result and the wall-clock seconds it took."""
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with at least ``share`` of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def rss_mb(field: str = "VmRSS") -> float:
    """Resident memory of this process from /proc/self/status, in MiB: now (VmRSS) or at its peak (VmHWM).

    VmHWM rather than ru_maxrss, which Linux carries over from the parent across fork and exec.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def ingest_figures(work: Path) -> list[Figure]:
    """Cold, unchanged and incremental ingest of the documents folder into indexes under ``work``.

    Args:
        work: An empty temporary folder; the indexes and the edited copy of the documents go here.

    Returns:
        The ingest figures, the first being the cold ingest including the model load.
    """
    settings = Settings.from_env(index_dir=work / "index")

    def build(documents: Path, index: Path, embedder: Embedder | None = None) -> BuildReport:
        return build_index(documents, index, settings.model, settings.chunking, embedder=embedder)

    log("Kall indexering (laddar modellen) …")
    cpu_started = time.process_time()
    embedder, model_s = timed(lambda: Embedder(settings.model, cache_dir=settings.index_dir))
    cold, build_s = timed(lambda: build(settings.documents_dir, settings.index_dir, embedder))
    cold_s = model_s + build_s
    cold_cpu_s = time.process_time() - cpu_started
    log("Indexering utan ändringar …")
    unchanged, unchanged_s = timed(lambda: build(settings.documents_dir, settings.index_dir))
    log(f"Inkrementell indexering efter ändring i {CHANGED_DOCUMENT} …")
    documents = edited_copy(settings.documents_dir, work / "documents")
    shutil.copytree(settings.index_dir, work / "index-incremental")
    incremental, incremental_s = timed(lambda: build(documents, work / "index-incremental"))
    if unchanged.changed or incremental.updated != [CHANGED_DOCUMENT]:
        raise click.ClickException(f"Oväntat utfall: oförändrad {unchanged}, inkrementell {incremental}")
    return [
        Figure("model_load_s", model_s, "s", "ONNX graph built + ONNX Runtime session, part of cold ingest"),
        Figure("cold_ingest_s", cold_s, "s", f"{cold.passages} passages, {len(cold.added)} documents"),
        Figure("cold_ingest_cpu_s", cold_cpu_s, "s", "CPU time of all its threads: the work, whatever the load"),
        Figure("cold_ingest_passages_per_s", cold.passages / cold_s, "passages/s"),
        Figure("incremental_ingest_s", incremental_s, "s", "model reloaded by build_index, imports warm"),
        Figure("incremental_reembedded", incremental.embedded, "passages", f"of {incremental.passages}"),
        Figure("unchanged_ingest_s", unchanged_s, "s", "nothing embedded, no model load"),
        Figure("incremental_over_cold", incremental_s / cold_s, "ratio"),
        Figure("unchanged_over_cold", unchanged_s / cold_s, "ratio"),
        Figure("ingest_peak_rss_mb", rss_mb("VmHWM"), "MiB", "VmHWM of the ingesting process"),
    ]


def edited_copy(source: Path, target: Path) -> Path:
    """A writable copy of ``source`` with one sentence appended to CHANGED_DOCUMENT."""
    shutil.copytree(source, target, copy_function=shutil.copyfile)  # copyfile: the originals are read-only
    with (target / CHANGED_DOCUMENT).open("a", encoding="utf-8") as handle:
        handle.write(ADDED_SENTENCE)
    return target


def serve(index_dir: Path, strategy: str, rounds: int, questions: list[tuple[str, str]]) -> dict:
    """Load the assistant, then time ``rounds`` rounds of ``questions`` after one warm-up round.

    Args:
        index_dir: A built index.
        strategy: hybrid, bm25 or dense.
        rounds: Timed rounds over all questions.
        questions: (group, question text) pairs; latency is also reported per group.

    Returns:
        Load seconds, RSS after load and at the end, p50/p95/max latency in milliseconds overall,
        and p50/p95 per group under ``by_group``.
    """
    assistant, load_s = timed(lambda: Assistant.load(Settings.from_env(index_dir=index_dir, strategy=strategy)))
    loaded_rss = rss_mb()
    for _, question in questions:
        assistant.answer(question)
    timings = [(group, timed(lambda q=q: assistant.answer(q))[1] * 1000) for _ in range(rounds) for group, q in questions]
    latencies = [ms for _, ms in timings]
    by_group = {}
    for group in sorted({group for group, _ in questions}):
        values = [ms for name, ms in timings if name == group]
        by_group[group] = {"p50": percentile(values, 0.50), "p95": percentile(values, 0.95), "asks": len(values)}
    return {
        "load_s": load_s,
        "rss_after_load_mb": loaded_rss,
        "peak_rss_mb": rss_mb("VmHWM"),
        "rss_after_asks_mb": rss_mb(),  # with the index pages the questions read (memory-mapped files)
        "ask_p50_ms": percentile(latencies, 0.50),
        "ask_p95_ms": percentile(latencies, 0.95),
        "ask_max_ms": max(latencies),
        "asks": len(latencies),
        "by_group": by_group,
    }


def serve_in_child(index_dir: Path, strategy: str, rounds: int, questions_file: Path) -> dict[str, float]:
    """Run ``serve`` in a fresh Python process and return its figures."""
    command = [sys.executable, "-m", "bench", "--serve", strategy, "--index-dir", str(index_dir)]
    command += ["--rounds", str(rounds), "--questions", str(questions_file)]
    child = subprocess.run(command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(child.stdout)


def serve_figures(index_dir: Path, rounds: int, questions_file: Path) -> list[Figure]:
    """Load, memory and latency figures per strategy, then hybrid/bm25 ratios."""
    results = {}
    for strategy in STRATEGIES:
        log(f"Laddar och frågar med {strategy} i en ny process …")
        results[strategy] = serve_in_child(index_dir, strategy, rounds, questions_file)
    figures = []
    for strategy, result in results.items():
        asks = f"{result['asks']:.0f} asks"
        figures += [
            Figure(f"{strategy}_load_s", result["load_s"], "s", "Assistant.load in a fresh process"),
            Figure(f"{strategy}_rss_after_load_mb", result["rss_after_load_mb"], "MiB", "VmRSS"),
            Figure(f"{strategy}_peak_rss_mb", result["peak_rss_mb"], "MiB", "VmHWM after the asks"),
            Figure(f"{strategy}_ask_p50_ms", result["ask_p50_ms"], "ms", asks),
            Figure(f"{strategy}_ask_p95_ms", result["ask_p95_ms"], "ms", asks),
            Figure(f"{strategy}_ask_max_ms", result["ask_max_ms"], "ms", asks),
        ]
        for group, latency in result["by_group"].items():
            note = f"{latency['asks']} asks"
            figures.append(Figure(f"{strategy}_{group}_ask_p50_ms", latency["p50"], "ms", note))
            figures.append(Figure(f"{strategy}_{group}_ask_p95_ms", latency["p95"], "ms", note))
    hybrid, bm25 = results["hybrid"], results["bm25"]
    ratios = {"ask_p50": "ask_p50_ms", "ask_p95": "ask_p95_ms", "load": "load_s", "rss_after_load": "rss_after_load_mb"}
    figures += [Figure(f"{name}_hybrid_over_bm25", hybrid[key] / bm25[key], "ratio") for name, key in ratios.items()]
    return figures


def cold_ask_figures(index_dir: Path) -> list[Figure]:
    """A question from a cold process, as a script calls ``python -m assistant ask``; and the memory after it.

    Each ask is a new ``python -m assistant ask`` process, timed from start to exit. The memory is of
    a separate fresh process that loads the assistant and answers one question (``--answer-once``).
    """
    environment = dict(os.environ, PA_INDEX_DIR=str(index_dir))
    command = [sys.executable, "-m", "assistant", "ask", COLD_QUESTION]
    seconds = []
    for _ in range(COLD_ASKS):
        run = lambda: subprocess.run(command, cwd=PROJECT_ROOT, env=environment, capture_output=True, check=True)  # noqa: E731
        seconds.append(timed(run)[1])
    child = [sys.executable, "-m", "bench", "--answer-once", "--index-dir", str(index_dir)]
    memory = json.loads(subprocess.run(child, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True, check=True).stdout)
    spread = ", ".join(f"{value:.2f}" for value in seconds)
    return [
        Figure("cold_ask_s", sorted(seconds)[len(seconds) // 2], "s", f"median of {COLD_ASKS} `ask` processes: {spread} s"),
        Figure("rss_after_one_answer_mb", memory["rss_mb"], "MiB", "VmRSS of a fresh process after one answer"),
        Figure("peak_rss_one_answer_mb", memory["hwm_mb"], "MiB", "VmHWM of that process"),
    ]


def memory_after_one_answer(index_dir: Path) -> dict[str, float]:
    """Load the assistant, answer one question, and report this process's memory."""
    Assistant.load(Settings.from_env(index_dir=index_dir)).answer(COLD_QUESTION)
    return {"rss_mb": rss_mb(), "hwm_mb": rss_mb("VmHWM")}


def load_average() -> float:
    """The 1-minute load average: how many processes wanted the machine's 2 cores."""
    return float(Path("/proc/loadavg").read_text().split()[0])


def machine() -> dict[str, str]:
    """The machine and software the figures were measured on."""
    cpuinfo = Path("/proc/cpuinfo").read_text()
    meminfo = Path("/proc/meminfo").read_text().split()
    return {
        "nproc": str(os.cpu_count()),
        "memory_gib": f"{int(meminfo[meminfo.index('MemTotal:') + 1]) / 1024**2:.1f}",
        "cpu": next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "?"),
        "python": platform.python_version(),
        "onnxruntime": version("onnxruntime"),
        "load_average_before": f"{load_average():.2f}",
        "busy_cpus_before": f"{busy_cpus():.2f}",
        "commit": _git("rev-parse", "--short", "HEAD") + (" (dirty)" if _git("status", "--porcelain") else ""),
    }


def busy_cpus(seconds: float = 1.0) -> float:
    """How many CPUs other processes keep busy, sampled from /proc/stat over ``seconds`` before the run."""

    def times() -> tuple[int, int]:
        values = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return sum(values), values[3] + values[4]  # total, idle + iowait

    total_0, idle_0 = times()
    time.sleep(seconds)
    total_1, idle_1 = times()
    return (1 - (idle_1 - idle_0) / max(total_1 - total_0, 1)) * (os.cpu_count() or 1)


def _git(*args: str) -> str:
    result = subprocess.run(["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
    return result.stdout.strip()


def log(message: str) -> None:
    """Progress for the person waiting, on stderr so stdout stays the figures."""
    print(message, file=sys.stderr, flush=True)


def save(figures: list[Figure], info: dict[str, str], rounds: int) -> Path:
    """Write the figures, targets and machine to bench/results/<date-time>.json."""
    RESULTS_DIR.mkdir(exist_ok=True)
    values = {figure.name: figure.value for figure in figures}
    result = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": info,
        "rounds": rounds,
        "figures": {f.name: {"value": f.value, "unit": f.unit, "note": f.note} for f in figures},
        "targets": {name: {"max": limit, "pass": values[name] <= limit} for name, limit in TARGETS.items() if name in values},
    }
    path = RESULTS_DIR / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


@click.command()
@click.option("--rounds", default=5, show_default=True, help="Timed rounds over all questions, after one warm-up round.")
@click.option(
    "--questions",
    "questions_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=QUESTIONS,
    help="JSONL question file; every question is asked.",
)
@click.option("--save/--no-save", "save_result", default=True, help="Write a JSON result file to bench/results/.")
@click.option(
    "--scale", multiple=True, type=click.IntRange(min=2), help="Also replicate the corpus this many times (repeatable)."
)
@click.option("--real-up-to", default=20, show_default=True, help="With --scale: encode for real up to this size.")
@click.option("--serve", "serve_strategy", type=click.Choice(["hybrid", "bm25", "dense"]), hidden=True)
@click.option("--index-dir", type=click.Path(path_type=Path), hidden=True)
@click.option("--answer-once", is_flag=True, hidden=True)
def main(
    rounds: int,
    questions_file: Path,
    save_result: bool,
    scale: tuple[int, ...],
    real_up_to: int,
    serve_strategy: str | None,
    index_dir: Path | None,
    answer_once: bool,
) -> None:
    """Measure ingest time, load time, memory and warm ask latency; print one figure per line.

    Example: python -m bench --rounds 5 --scale 20 --scale 100
    """
    if answer_once:  # the child process of cold_ask_figures
        if index_dir is None:
            raise click.UsageError("--answer-once kräver --index-dir")
        print(json.dumps(memory_after_one_answer(index_dir)))
    elif serve_strategy is not None:  # the child process of serve_in_child
        if index_dir is None:
            raise click.UsageError("--serve kräver --index-dir")
        questions = [(QUESTION_GROUPS.get(q.category, q.category), q.question) for q in load_questions(questions_file)]
        print(json.dumps(serve(index_dir, serve_strategy, rounds, questions)))
    else:
        run_all(rounds, questions_file, save_result, scale, real_up_to)


def run_all(rounds: int, questions_file: Path, save_result: bool, scale: tuple[int, ...] = (), real_up_to: int = 20) -> None:
    """Every figure in a temporary folder, printed as measured; then the targets and the JSON file."""
    info = machine()
    log(", ".join(f"{key}: {value}" for key, value in info.items()))
    if float(info["busy_cpus_before"]) > 0.2:
        log("Varning: datorn är redan belastad; tiderna blir längre och mer spridda än annars")
    with tempfile.TemporaryDirectory(prefix="pa-bench-") as work:
        figures = ingest_figures(Path(work))
        for figure in figures:
            print(figure.line(), flush=True)
        log("Kalla frågor: en ny process per fråga …")
        cold = cold_ask_figures(Path(work) / "index")
        for figure in cold:
            print(figure.line(), flush=True)
        served = serve_figures(Path(work) / "index", rounds, questions_file)
        for figure in served:
            print(figure.line(), flush=True)
        figures += cold + served
        if scale:
            from bench.scale import run_scale  # the scale run imports this module

            figures += run_scale(scale, max(1, rounds // 2), Path(work), real_up_to)
    figures.append(Figure("load_average_after", load_average(), "processes", f"before: {info['load_average_before']}"))
    print(figures[-1].line(), flush=True)
    values = {figure.name: figure.value for figure in figures}
    for name, limit in TARGETS.items():
        if name in values:
            log(f"Mål {name} ≤ {limit:g}: {'uppfyllt' if values[name] <= limit else 'EJ uppfyllt'} ({values[name]:.2f})")
    if save_result:
        log(f"Resultat sparat i {save(figures, info, rounds).relative_to(PROJECT_ROOT)}")
