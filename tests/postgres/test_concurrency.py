"""Many processes on one database: a SIGKILL mid-ingest, askers during an ingest, two ingests at once."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg

from assistant import Assistant, Settings
from index import ChunkingConfig, PostgresStore, chunk_document
from ingest import build_corpus, file_hash
from tests.postgres.conftest import build
from tests.postgres.workers import signature

ROOT = Path(__file__).resolve().parents[2]
SNOW = "Snöröjning\nRegionstyrelsen ska upphandla snöröjning av alla vårdcentralers parkeringar före vintern 2027.\n"
SNOW_QUESTION = "Vem ska upphandla snöröjning av vårdcentralernas parkeringar?"
QUESTIONS = [SNOW_QUESTION, "Vad gäller för ett negativt balanskravsresultat?", "Vad ska kollektivtrafiknämnden utveckla?"]
KILL_TRIALS = 3


def start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.postgres.workers", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1"),
    )


def wait_for(process: subprocess.Popen, event: str) -> list[dict]:
    """Lines the process prints up to and including the first with ``event``."""
    lines = []
    for line in process.stdout:
        lines.append(json.loads(line))
        if lines[-1]["event"] == event:
            return lines
    raise AssertionError(f"processen avslutades utan '{event}' (kod {process.wait()})")


def expected_versions(*folders: Path) -> dict[str, dict[str, list[str]]]:
    """Per document, per content hash: the passage ids that version must have."""
    versions: dict[str, dict[str, list[str]]] = {}
    for folder in folders:
        for document in build_corpus(folder).documents:
            ids = [p.id for p in chunk_document(document, ChunkingConfig())]
            versions.setdefault(document.doc_id, {})[document.content_hash] = ids
    return versions


def assert_whole_documents(url: str, versions: dict[str, dict[str, list[str]]]) -> None:
    """Every document in the database is one whole version: its rows, counts and vectors all of that version."""
    with psycopg.connect(url) as conn:
        documents = conn.execute("SELECT doc_id, content_hash, passages, generation FROM documents").fetchall()
        generation = conn.execute("SELECT generation FROM index_state").fetchone()[0]
        for doc_id, content_hash, count, stamp in documents:
            rows = conn.execute(
                "SELECT id, embedding IS NOT NULL FROM passages WHERE doc_id = %s ORDER BY position", (doc_id,)
            ).fetchall()
            assert [row[0] for row in rows] == versions[doc_id][content_hash], doc_id
            assert len(rows) == count and all(row[1] for row in rows)
            assert 0 < stamp <= generation


def test_sigkill_during_ingest_leaves_whole_documents(database_url, tiny_documents, tmp_path, embedder):
    old, new = tiny_documents, tmp_path / "new"
    shutil.copytree(old, new)
    (new / "ekonomi.txt").write_text("Reglering\nUnderskottet ska regleras inom tre år.\n", encoding="utf-8")
    (new / "tandvard.txt").unlink()
    (new / "snö.txt").write_text(SNOW, encoding="utf-8")
    versions = expected_versions(old, new)
    build(database_url, old, embedder=embedder)
    random.seed(9)
    in_transaction = 0
    for _trial in range(KILL_TRIALS):
        process = start("ingest-loop", database_url, str(old), str(new))
        wait_for(process, "ready")
        wait_for(process, "built")
        time.sleep(random.uniform(0.0, 0.6))
        process.send_signal(signal.SIGKILL)
        process.wait()
        remaining = [json.loads(line) for line in process.stdout]
        process.stdout.close()
        in_transaction += bool(remaining) and remaining[-1]["event"].startswith(("Skriver", "Tar bort"))
        assert_whole_documents(database_url, versions)
    report = build(database_url, new, embedder=embedder)  # the next ingest finishes the job
    assert_whole_documents(database_url, versions)
    data = PostgresStore(database_url).read()
    assert sorted(data.documents) == ["ekonomi.txt", "kollektivtrafik.txt", "snö.txt"]
    assert {name: entry["content_hash"] for name, entry in data.documents.items()} == {
        path.name: file_hash(path) for path in new.iterdir()
    }
    assert not report.errors


def test_askers_see_the_old_or_the_new_state_during_an_ingest(database_url, tiny_documents, tmp_path, embedder):
    build(database_url, tiny_documents, embedder=embedder)
    settings = Settings.from_env({}, database_url=database_url, strategy="bm25")
    local = Assistant.load(settings)
    old = {q: signature(local.answer(q)) for q in QUESTIONS}
    questions_file, stop = tmp_path / "questions.json", tmp_path / "stop"
    questions_file.write_text(json.dumps(QUESTIONS, ensure_ascii=False), encoding="utf-8")
    askers = [start("ask", database_url, str(questions_file), str(stop)) for _ in range(3)]
    outputs: list[list[dict]] = [[] for _ in askers]
    for asker in askers:
        wait_for(asker, "ready")
    readers = [
        threading.Thread(target=lambda a=a, o=o: o.extend(json.loads(line) for line in a.stdout))
        for a, o in zip(askers, outputs, strict=True)
    ]
    for reader in readers:
        reader.start()
    time.sleep(0.5)
    (tiny_documents / "snö.txt").write_text(SNOW, encoding="utf-8")
    build(database_url, tiny_documents, embedder=embedder)
    new = {q: signature(local.answer(q)) for q in QUESTIONS}  # the same process, no restart
    time.sleep(0.5)
    stop.touch()
    for asker, reader in zip(askers, readers, strict=True):
        assert asker.wait(timeout=60) == 0
        reader.join()
        asker.stdout.close()
    local.store.close()
    assert new[SNOW_QUESTION] != old[SNOW_QUESTION] and "snöröjning" in new[SNOW_QUESTION][0].lower()
    for output in outputs:
        answers = [record for record in output if record["event"] == "answer"]
        finals = [record for record in output if record["event"] == "final"]
        assert answers and len(finals) == len(QUESTIONS)
        for record in answers:
            assert record["signature"] in (old[record["question"]], new[record["question"]])
        for record in finals:
            assert record["signature"] == new[record["question"]]


def test_two_ingests_at_once(database_url, tiny_documents, embedder):
    build(database_url, tiny_documents, embedder=embedder)
    (tiny_documents / "snö.txt").write_text(SNOW, encoding="utf-8")
    (tiny_documents / "ekonomi.txt").write_text("Reglering\nUnderskottet ska regleras inom tre år.\n", encoding="utf-8")
    reports, failures = [], []

    def ingest():
        try:
            reports.append(build(database_url, tiny_documents, embedder=embedder))
        except Exception as error:  # collected and asserted below: the point is that none occurs
            failures.append(error)

    threads = [threading.Thread(target=ingest) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == [] and len(reports) == 2
    assert_whole_documents(database_url, expected_versions(tiny_documents))
    expected = ["ekonomi.txt", "kollektivtrafik.txt", "snö.txt", "tandvard.txt"]
    assert sorted(PostgresStore(database_url).read().documents) == expected
