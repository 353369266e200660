"""Ingest killed with SIGKILL at every step and at random moments: the next start always finds a complete index.

Each trial copies a complete *old* index (built from two documents) and runs a real ingest of a
changed folder (one document edited, one added) into it, then SIGKILLs the process:

* before each step of the build (read the old index, parse, embed, each file of the new version,
  the rename of the staging folder, the pointer swap, the clean-up), by stopping the child there;
* after a random delay drawn over the whole build, in a warm process (model already loaded);
* in a cold ``python -m assistant ingest``: during the import, the parse and model load, and the embedding.

After each kill a fresh read of the folder (``read_index`` + ``check_current``) must give the old
index or the new one, passage for passage, never an error or a mix; and the next ingest must
finish with the new one and leave no debris. Deselect with ``-m "not crash"``.
"""

from __future__ import annotations

import collections
import json
import os
import queue
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from index import ChunkingConfig, read_index
from index.build import check_current
from index.dense import DEFAULT_MODEL
from index.embedding import CACHE_FOLDER
from index.store import LOCK_FILE, POINTER
from tests.conftest import DOCUMENTS, ROOT
from tests.reliability.ingest_worker import PAUSE_POINTS

pytestmark = pytest.mark.crash

RANDOM_TRIALS = 8
# Cold runs of the real command, each killed a random time (up to the second figure, s) after its
# progress shows the first: in the import, while parsing, while loading the model and embedding
# (the model is loaded lazily, after parsing; "Beräknar vektorer" shows only once a batch is done).
COLD_TRIALS = ((None, 3.0), ("Läser", 0.5), ("Loading weights", 0.5))
MINIMUM_KILLS = 20
EVENT_TIMEOUT_S = 300.0
# Steps that come before the pointer swap takes effect: a kill there must leave the old index.
OLD_UNTIL = PAUSE_POINTS.index("swap:replace")
# Steps after which the next ingest is run too; the others leave the same debris as one of these, or none.
RECOVER_AFTER = ("embed", "write:passages.jsonl", "write:manifest.json", "rename", "swap", "swap:replace", "cleanup")
EDIT = (
    "\n\nTillägg efter beredningen\n"
    "Regionstyrelsen föreslås även besluta att planeringsförutsättningarna följs upp i tertialrapporten.\n"
)


class Worker:
    """The warm ingest process (tests/reliability/ingest_worker.py) and its stream of events."""

    def __init__(self, log: Path) -> None:
        self._log = log.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.ingest_worker"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            env={**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"},
        )
        self.events: queue.Queue[dict] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.expect("ready")

    def _read(self) -> None:
        for line in self.process.stdout:
            self.events.put(json.loads(line))
        self.events.put({"event": "eof"})

    def expect(self, kind: str, phase: str | None = None, timeout: float = EVENT_TIMEOUT_S) -> tuple[dict, list[dict]]:
        """Wait for an event of ``kind`` (and ``phase``); also returns the events seen on the way."""
        seen: list[dict] = []
        deadline = time.monotonic() + timeout
        while True:
            event = self.events.get(timeout=max(0.0, deadline - time.monotonic()))
            assert event["event"] not in ("eof", "error"), f"ingest-processen föll: {event}"
            seen.append(event)
            if event["event"] == kind and (phase is None or event.get("phase") == phase):
                return event, seen

    def start(self, documents: Path, index: Path, pause: str | None = None) -> int:
        """Fork a build; returns the child's pid."""
        command = {"documents": str(documents), "index": str(index), "pause": pause}
        self._send(json.dumps(command))
        event, _ = self.expect("child")
        return event["pid"]

    def kill(self, pid: int) -> tuple[dict, list[dict]]:
        """SIGKILL the child (a zombie until reaped, if it already ended), reap it; its exit and the events before."""
        os.kill(pid, signal.SIGKILL)
        return self.reap()

    def reap(self) -> tuple[dict, list[dict]]:
        self._send("reap")
        return self.expect("exit")

    def _send(self, line: str) -> None:
        self.process.stdin.write((line + "\n").encode())
        self.process.stdin.flush()

    def build(self, documents: Path, index: Path) -> list[dict]:
        """A build run to the end; its phase events (with times)."""
        self.start(documents, index)
        _, seen = self.reap()
        assert seen[-1]["status"] == 0
        return [event for event in seen if event["event"] == "phase"]

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)
        self.process.stdout.close()
        self._log.close()


def signature(index_dir: Path) -> tuple:
    """What must be all old or all new: every passage id in order, each document's hash, tables and registry."""
    data = read_index(index_dir)
    check_current(data, DEFAULT_MODEL, ChunkingConfig())
    documents = tuple(sorted((name, meta["content_hash"], meta["passages"]) for name, meta in data.documents.items()))
    tables = tuple(table.table_id for table in data.tables)
    registry = tuple(json.dumps(record.to_dict(), sort_keys=True, ensure_ascii=False) for record in data.registry)
    return tuple(passage.id for passage in data.passages), documents, tables, registry, data.embeddings.shape


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict[str, Path]:
    """Old and new documents: two of the shipped ones; then one edited and an excerpt of the tertial report added."""
    root = tmp_path_factory.mktemp("crash")
    old, new = root / "old-documents", root / "new-documents"
    for folder in (old, new):
        folder.mkdir()
        shutil.copy(DOCUMENTS / "manifest.toml", folder)
        shutil.copy(DOCUMENTS / "tjansteskrivelse-summering-planeringsforutsattningar-2027-2029.txt", folder)
        shutil.copy(DOCUMENTS / "summering-planeringsforutsattningar-2027-2029.txt", folder)
    with (new / "summering-planeringsforutsattningar-2027-2029.txt").open("a", encoding="utf-8") as handle:
        handle.write(EDIT)
    report = (DOCUMENTS / "tertialrapport-1-2026-regionstyrelsen.txt").read_text(encoding="utf-8")
    (new / "tertialrapport-1-2026-regionstyrelsen.txt").write_text(report[: report.index("\n", 4000)], encoding="utf-8")
    return {"root": root, "old": old, "new": new}


@pytest.fixture(scope="module")
def worker(folders):
    worker = Worker(folders["root"] / "worker.log")
    yield worker
    worker.close()


@pytest.fixture(scope="module")
def references(folders, worker) -> dict:
    """The complete old index (a template each trial copies), the new one's signature, and the build's timeline."""
    old_index, new_index = folders["root"] / "old-index", folders["root"] / "new-index"
    worker.build(folders["old"], old_index)
    shutil.copytree(old_index, new_index)
    timeline = worker.build(folders["new"], new_index)
    print("\nnew build timeline:", [(event["phase"], round(event["t"], 3)) for event in timeline])
    references = {"old_index": old_index, "old": signature(old_index), "new": signature(new_index), "timeline": timeline}
    assert references["old"] != references["new"]
    return references


def trial_index(folders: dict[str, Path], references: dict, name: str) -> Path:
    target = folders["root"] / "trials" / name
    shutil.copytree(references["old_index"], target)
    return target


def outcome(index_dir: Path, references: dict) -> str:
    """'old' or 'new'; fails the test on anything else (an error, a mix)."""
    found = signature(index_dir)
    assert found in (references["old"], references["new"]), "indexet efter avbrottet är varken det gamla eller det nya"
    return "old" if found == references["old"] else "new"


def recover(worker: Worker, folders: dict[str, Path], index_dir: Path, references: dict) -> None:
    """The next ingest finishes with the new index and leaves only CURRENT, its version folder and the lock file.

    Besides them, the model's graph (index.embedding) may be kept in ``models/``, with no temporary file beside it.
    """
    worker.build(folders["new"], index_dir)
    assert outcome(index_dir, references) == "new"
    current = (index_dir / POINTER).read_text(encoding="utf-8").strip()
    entries = sorted(entry.name for entry in index_dir.iterdir() if entry.name != CACHE_FOLDER)
    assert entries == sorted([POINTER, current, LOCK_FILE])
    models = index_dir / CACHE_FOLDER
    assert not models.exists() or all(entry.suffix == ".onnx" for entry in models.iterdir())


def test_kill_ingest_at_every_step_and_at_random(folders, worker, references, record_property):
    rng = random.Random(20260507)
    kills: list[tuple[str, str, str]] = []  # (how, phase, outcome)

    for number, point in enumerate(PAUSE_POINTS):
        index_dir = trial_index(folders, references, f"step-{number:02d}-{point.replace(':', '-')}")
        pid = worker.start(folders["new"], index_dir, pause=point)
        worker.expect("phase", point)
        exit_event, _ = worker.kill(pid)
        assert os.WIFSIGNALED(exit_event["status"])
        result = outcome(index_dir, references)
        assert result == ("old" if number <= OLD_UNTIL else "new"), point
        kills.append(("steg", point, result))
        if point in RECOVER_AFTER:
            recover(worker, folders, index_dir, references)

    finished = references["timeline"][-1]["t"]
    for number in range(RANDOM_TRIALS):
        index_dir = trial_index(folders, references, f"random-{number:02d}")
        pid = worker.start(folders["new"], index_dir)
        time.sleep(rng.uniform(0.0, finished * 0.95))
        exit_event, seen = worker.kill(pid)
        phases = [event["phase"] for event in seen if event["event"] == "phase"]
        phase = phases[-1] if phases else "fork"
        if not os.WIFSIGNALED(exit_event["status"]):
            phase = "hann bli klar"  # the build outran the delay: not a kill
        kills.append(("slump", phase, outcome(index_dir, references)))
        if number % 4 == 0:
            recover(worker, folders, index_dir, references)

    for number, (after, longest) in enumerate(COLD_TRIALS):
        index_dir = trial_index(folders, references, f"cold-{number:02d}")
        kills.append(("kall", *cold_kill(folders["new"], index_dir, after, rng.uniform(0.0, longest), references)))
    recover(worker, folders, index_dir, references)

    real = [kill for kill in kills if kill[1] != "hann bli klar"]
    by_phase = collections.Counter(f"{how}:{phase}" for how, phase, _ in real)
    record_property("kills_by_phase", dict(by_phase))
    record_property("outcomes", dict(collections.Counter(result for _, _, result in real)))
    print(f"\n{len(real)} SIGKILL, alla gav ett komplett index: {dict(by_phase)}")
    assert len(real) >= MINIMUM_KILLS
    assert {"old", "new"} <= {result for _, _, result in real}


def cold_kill(documents: Path, index_dir: Path, after: str | None, delay: float, references: dict) -> tuple[str, str]:
    """Kill ``python -m assistant ingest`` ``delay`` s after its progress shows ``after`` (after start if None).

    Returns the phase it was in, read from its progress output, and the outcome.
    """
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant", "ingest", "--documents-dir", str(documents), "--index-dir", str(index_dir)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"},
    )
    progress: list[str] = []
    seen = threading.Event()

    def read() -> None:
        for raw in iter(lambda: process.stderr.read1(4096), b""):
            progress.append(raw.decode("utf-8", errors="replace"))
            if after is not None and after in "".join(progress):
                seen.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if after is not None:
        seen.wait(timeout=EVENT_TIMEOUT_S)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    returncode = process.wait(timeout=60)
    reader.join(timeout=10)
    process.stderr.close()
    text = "".join(progress)
    if "Klart" in text or returncode == 0:
        phase = "hann bli klar"
    elif "Beräknar vektorer" in text:
        phase = "write"
    elif "Loading weights" in text:
        phase = "model-load/embed"
    elif "Läser" in text:
        phase = "parse/model-load"
    else:
        phase = "import/start"
    return phase, outcome(index_dir, references)
