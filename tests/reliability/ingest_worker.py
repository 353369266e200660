"""A warm ingest process for the kill test: loads the model once, then forks one real build per request.

Run as ``python -m tests.reliability.ingest_worker``. It reads one JSON command per line on stdin,
``{"documents": DIR, "index": DIR, "pause": NAME | null}``, forks a child that runs the real
``index.build_index`` on those folders with the model already loaded, and writes JSON events on
stdout, one per line: ``{"event": "child", "pid": N}``, then the child's phase markers
``{"event": "phase", "phase": NAME, "t": SECONDS}`` as it reaches each step, and, after the test
sends a second line (any text: "reap"), ``{"event": "exit", "status": N}`` once the child ended, by
itself or by the test's SIGKILL. The child is reaped only then, so its pid stays its own until the
test has sent the signal.

The markers come from thin wrappers that announce a step and then call the real function; with
``pause`` set, the child stops right before that step (sleeps) so the test can kill it there.
Forking after the model is loaded saves the import and load (seconds on two cores) per trial; the
model-load phase itself is covered by the test's cold trials of ``python -m assistant ingest``.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

STEPS_BEFORE_WRITE = ("read-old", "parse", "embed")
WRITE_STEPS = (
    "write:passages.jsonl",
    "write:tables.jsonl",
    "write:registry.jsonl",
    "write:embeddings.npy",
    "write:manifest.json",
    "rename",
    "swap",
    "swap:replace",
    "cleanup",
)
PAUSE_POINTS = (*STEPS_BEFORE_WRITE, *WRITE_STEPS)
"""Every step the test can stop the child right before, in the order a build reaches them."""


def emit(event: dict) -> None:
    """One JSON line on stdout, written with one os.write so lines of parent and child never interleave."""
    os.write(1, (json.dumps(event) + "\n").encode())


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ["TOKENIZERS_PARALLELISM"] = "false"  # no tokenizer threads to lose across fork
    from index import Embedder

    embedder = Embedder(threads=1)  # one thread: a thread pool does not survive fork
    emit({"event": "ready"})
    for line in sys.stdin:
        if not line.strip():
            continue
        command = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _child(command, embedder)  # never returns
        emit({"event": "child", "pid": pid})
        sys.stdin.readline()  # "reap": until then an ended child stays a zombie, so its pid cannot be reused
        _, status = os.waitpid(pid, 0)
        emit({"event": "exit", "status": status})


def _child(command: dict, embedder) -> None:
    """Run one traced build and leave with os._exit, so no parent state (stdin, atexit) is touched."""
    try:
        started = time.perf_counter()
        _trace(command.get("pause"), started)
        from index import ChunkingConfig, build_index
        from index.dense import DEFAULT_MODEL

        emit({"event": "phase", "phase": "start", "t": 0.0})
        build_index(Path(command["documents"]), Path(command["index"]), DEFAULT_MODEL, ChunkingConfig(), embedder=embedder)
        emit({"event": "phase", "phase": "done", "t": time.perf_counter() - started})
        code = 0
    except BaseException as error:  # report, then exit non-zero: the test fails on it
        emit({"event": "error", "error": repr(error)})
        code = 1
    os._exit(code)


def _trace(pause: str | None, started: float) -> None:
    """Wrap the build's steps so each announces itself (and stops at ``pause``) before running."""
    import numpy as np

    import index.build as build
    import index.store as store

    def marker(phase: str) -> None:
        emit({"event": "phase", "phase": phase, "t": time.perf_counter() - started})
        if phase == pause:
            time.sleep(600)  # the test kills us here

    def announce(function: Callable, name: Callable[..., str | None]) -> Callable:
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            phase = name(*args, **kwargs)
            if phase:
                marker(phase)
            return function(*args, **kwargs)

        return wrapper

    build._reusable_index = announce(build._reusable_index, lambda *a, **k: "read-old")
    build.build_corpus = announce(build.build_corpus, lambda *a, **k: "parse")
    build._embed = announce(build._embed, lambda *a, **k: "embed")
    store._write_json_lines = announce(store._write_json_lines, lambda path, *a, **k: f"write:{path.name}")
    np.save = announce(np.save, lambda *a, **k: "write:embeddings.npy")
    store._write_atomic = announce(
        store._write_atomic, lambda path, *a, **k: "swap" if path.name == store.POINTER else f"write:{path.name}"
    )
    replace = os.replace
    os.replace = announce(replace, lambda source, target, *a, **k: "swap:replace" if Path(target).name == store.POINTER else None)
    Path.rename = announce(Path.rename, lambda path, *a, **k: "rename" if path.name.startswith(".tmp-") else None)
    store._remove_stale_versions = announce(store._remove_stale_versions, lambda *a, **k: "cleanup")


if __name__ == "__main__":
    main()
