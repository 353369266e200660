"""The documents as PDFs: ingest time against the text files, hit@3 on both, and the pages citations name.

Usage: python -m bench.pdf [--questions FILE ...]

The PDFs are written by ``tests.pdfs.render_folder``: A4 pages, a running header, a "Sida N av M"
footer, every line (and so the hyphenation at its end) as in the text file. A citation holding a
question's evidence is right when it names (in ``page`` or ``pages``) every page the evidence is printed on.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import click

from assistant.engine import Assistant
from assistant.evaluate import EvalQuestion, load_questions, score
from assistant.settings import PROJECT_ROOT, Settings
from index import Embedder, build_index
from tests.pdfs import PageCheck, Rendition, page_checks, render_folder

EVAL_DIR = PROJECT_ROOT.parent / "shared" / "eval"
QUESTION_FILES = (EVAL_DIR / "dev-questions.jsonl", EVAL_DIR / "dev-questions-2.jsonl")


@dataclass
class Run:
    """One corpus (text or PDF): its ingest time and, per question with evidence, whether it was in the top 3."""

    ingest_s: float
    hit3: dict[str, bool] = field(default_factory=dict)
    checks: list[PageCheck] = field(default_factory=list)


def build(documents: Path, index_dir: Path, embedder: Embedder) -> tuple[Settings, float]:
    """Ingest ``documents`` into ``index_dir``; the settings and the seconds it took."""
    settings = Settings.from_env({}, documents_dir=documents, index_dir=index_dir)
    started = time.perf_counter()
    build_index(settings.documents_dir, settings.index_dir, settings.model, settings.chunking, embedder=embedder)
    return settings, time.perf_counter() - started


def ask_all(settings: Settings, questions: list[EvalQuestion], renditions: dict[str, Rendition], run: Run) -> Run:
    """Ask every question with evidence; record hit@3 and, for PDFs, the page checks."""
    assistant = Assistant.load(settings)
    for question in questions:
        if not question.evidence:
            continue
        answer = assistant.answer(question.question)
        run.hit3[question.id] = score(question, answer).hits[3]
        run.checks += page_checks(question.question, question.evidence, answer.citations, renditions)
    return run


def compare(workdir: Path, questions: list[EvalQuestion], embedder: Embedder) -> tuple[Run, Run]:
    """The text documents and their PDF rendition, each ingested and asked the questions."""
    renditions = render_folder(PROJECT_ROOT / "documents", workdir / "pdf")
    text_settings, text_s = build(PROJECT_ROOT / "documents", workdir / "text-index", embedder)
    pdf_settings, pdf_s = build(workdir / "pdf", workdir / "pdf-index", embedder)
    return ask_all(text_settings, questions, {}, Run(text_s)), ask_all(pdf_settings, questions, renditions, Run(pdf_s))


@click.command()
@click.option("--questions", "files", multiple=True, type=click.Path(exists=True, path_type=Path), default=QUESTION_FILES)
def main(files: tuple[Path, ...]) -> None:
    """Print ingest seconds, hit@3 and page accuracy for the text files and their PDF rendition."""
    questions = [question for path in files for question in load_questions(path)]
    embedder = Embedder()
    with tempfile.TemporaryDirectory() as folder:
        text, pdf = compare(Path(folder), questions, embedder)
    right = sum(check.right for check in pdf.checks)
    print("| korpus | inläsning s | hit@3 |")
    print("|---|---|---|")
    print(f"| text | {text.ingest_s:.1f} | {sum(text.hit3.values())}/{len(text.hit3)} |")
    print(f"| PDF | {pdf.ingest_s:.1f} | {sum(pdf.hit3.values())}/{len(pdf.hit3)} |")
    print(f"\nrätt sida: {right}/{len(pdf.checks)} = {right / max(1, len(pdf.checks)):.3f}")
    for check in pdf.checks:
        if not check.right:
            print(f"  fel: {check.document} {check.named} men {check.printed_on}: {check.evidence[:60]!r}")
    lost = sorted(qid for qid, hit in text.hit3.items() if hit and not pdf.hit3.get(qid))
    gained = sorted(qid for qid, hit in pdf.hit3.items() if hit and not text.hit3.get(qid))
    print(f"hit@3 bara i text: {lost}; bara i PDF: {gained}")


if __name__ == "__main__":
    main()
