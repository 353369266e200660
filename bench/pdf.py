"""The documents as PDFs: ingest time against the text files, hit@3 on both, and the pages citations name.

Usage: python -m bench.pdf [--questions FILE ...] [--render-only]

Also the time to show a page: PDFium (pypdfium2, what the app uses) rendering, PNG encoding and the
whole page view (``ui.pdf_page.page_views``), against poppler's pdftoppm where it is installed.

The PDFs are written by ``tests.pdfs.render_folder``: A4 pages, a running header, a "Sida N av M"
footer, every line (and so the hyphenation at its end) as in the text file. A citation holding a
question's evidence is right when it names (in ``page`` or ``pages``) every page the evidence is printed on.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import click

from assistant.engine import Assistant
from assistant.evaluate import EvalQuestion, load_questions, score
from assistant.settings import PROJECT_ROOT, Settings
from index import Embedder, build_index
from ingest.models import Passage
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


def render_times(pdf: Path, pages: list[int], rounds: int = 3) -> dict[str, float]:
    """Median milliseconds per page: PDFium render, PNG encode, the app's page view, pdftoppm (if installed)."""
    import io

    import pypdfium2 as pdfium

    from ui.pdf_page import SCALE, layout, page_views

    document = pdfium.PdfDocument(pdf)
    timings: dict[str, list[float]] = {"pdfium_render_ms": [], "png_encode_ms": [], "page_view_ms": []}
    layout(pdf)  # the line layout is read once per file and cached, as in the app
    for _ in range(rounds):
        for number in pages:
            started = time.perf_counter()
            image = document[number - 1].render(scale=SCALE).to_pil()
            rendered = time.perf_counter()
            image.save(io.BytesIO(), format="PNG")
            timings["pdfium_render_ms"].append((rendered - started) * 1000)
            timings["png_encode_ms"].append((time.perf_counter() - rendered) * 1000)
            passage = Passage(pdf.name, "", (), number, "", 0, (1, 10**6))
            started = time.perf_counter()
            page_views(pdf, replace(passage, source_lines=_lines_of(layout(pdf), number)), "")
            timings["page_view_ms"].append((time.perf_counter() - started) * 1000)
    if shutil.which("pdftoppm"):
        timings["pdftoppm_ms"] = []
        for _ in range(rounds):
            for number in pages:
                started = time.perf_counter()
                page, dpi = str(number), str(round(72 * SCALE))
                subprocess.run(["pdftoppm", "-f", page, "-l", page, "-r", dpi, "-png", str(pdf)], capture_output=True, check=True)
                timings["pdftoppm_ms"].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(values) for name, values in timings.items()}


def _parse_seconds(folder: Path, rounds: int = 3) -> float:
    """Median seconds to read and parse a folder (``build_corpus``): ingest without embedding."""
    from ingest import build_corpus

    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        build_corpus(folder)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _lines_of(pages, number: int) -> tuple[int, int]:
    """The source lines of one page: the page view then highlights the whole page (the most drawing)."""
    first = pages.first_lines[number - 1]
    return first, first + len(pages.pages[number - 1]) - 1


@click.command()
@click.option("--questions", "files", multiple=True, type=click.Path(exists=True, path_type=Path), default=QUESTION_FILES)
@click.option("--render-only", is_flag=True, help="Mät bara sidvisningen.")
def main(files: tuple[Path, ...], render_only: bool) -> None:
    """Print ingest seconds, hit@3 and page accuracy for the text files and their PDF rendition, and render times."""
    with tempfile.TemporaryDirectory() as folder:
        renditions = render_folder(PROJECT_ROOT / "documents", Path(folder) / "render")
        name = max(renditions, key=lambda key: len(renditions[key].pages))
        count = len(renditions[name].pages)
        times = render_times(Path(folder) / "render" / name, [1, count // 2, count])
    print(f"Sidvisning, {name} ({count} sidor), median ms per sida:")
    for key, value in times.items():
        print(f"  {key}: {value:.1f}")
    if render_only:
        return
    questions = [question for path in files for question in load_questions(path)]
    embedder = Embedder()
    with tempfile.TemporaryDirectory() as folder:
        text, pdf = compare(Path(folder), questions, embedder)
        text_parse, pdf_parse = _parse_seconds(PROJECT_ROOT / "documents"), _parse_seconds(Path(folder) / "pdf")
    print(f"Läsning och tolkning (build_corpus, utan vektorer), median av 3: text {text_parse:.2f} s, PDF {pdf_parse:.2f} s")
    right = sum(check.right for check in pdf.checks)
    page_only = sum(any(set(place) <= {check.named[0]} for place in check.printed_on) for check in pdf.checks if check.named)
    print("| korpus | inläsning s | hit@3 |")
    print("|---|---|---|")
    print(f"| text | {text.ingest_s:.1f} | {sum(text.hit3.values())}/{len(text.hit3)} |")
    print(f"| PDF | {pdf.ingest_s:.1f} | {sum(pdf.hit3.values())}/{len(pdf.hit3)} |")
    print(f"\nrätt sida (page eller pages): {right}/{len(pdf.checks)} = {right / max(1, len(pdf.checks)):.3f}")
    print(f"rätt sida med bara page (som före pages): {page_only}/{len(pdf.checks)}")
    for check in pdf.checks:
        if not check.right:
            print(f"  fel: {check.document} {check.named} men {check.printed_on}: {check.evidence[:60]!r}")
    lost = sorted(qid for qid, hit in text.hit3.items() if hit and not pdf.hit3.get(qid))
    gained = sorted(qid for qid, hit in pdf.hit3.items() if hit and not text.hit3.get(qid))
    print(f"hit@3 bara i text: {lost}; bara i PDF: {gained}")


if __name__ == "__main__":
    main()
