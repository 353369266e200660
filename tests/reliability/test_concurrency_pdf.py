"""Page views of several sessions and an ingest at once give what each gives alone.

The app serves sessions in threads; one may re-index (reading PDFs) while others open cited pages.
PDFium is documented as not thread-safe, so every PDFium call holds ``ingest.pdf.PDFIUM_LOCK``.
(Three runs with the lock disabled did not fail here either: this guards the concurrent paths, it
does not prove the lock necessary.)
"""

from __future__ import annotations

import threading

from ingest.loaders import load_pages
from ingest.models import Passage
from tests.pdfs import write_pages
from ui.pdf_page import _layout, layout, page_views

THREADS = 4
ROUNDS = 8


def test_page_views_and_ingest_in_parallel_match_the_sequential_results(tmp_path):
    pages = [(f"Sida {n} rubrik", f"Rad ett på sida {n}.", f"Rad två på sida {n}.") for n in range(1, 6)]
    pdf = write_pages(tmp_path / "plan.pdf", pages, title="Regionplan 2026–2028")
    expected_pages = load_pages(pdf)
    first = layout(pdf).first_lines
    passages = [Passage("plan.pdf", "Plan", (), n, "…", 0, (first[n - 1], first[n - 1] + 8)) for n in range(1, 6)]
    expected_views = [[(view.number, view.lines) for view in page_views(pdf, passage, "Plan")] for passage in passages]
    failures: list[BaseException] = []
    mismatches: list[str] = []

    def viewer(slot: int) -> None:
        try:
            for round_number in range(ROUNDS):
                _layout.cache_clear()  # read the layout again, concurrently with the others
                index = (slot + round_number) % len(passages)
                views = [(view.number, view.lines) for view in page_views(pdf, passages[index], "Plan")]
                if views != expected_views[index]:
                    mismatches.append(f"vy {index}: {views}")
        except BaseException as error:
            failures.append(error)

    def ingester() -> None:
        try:
            for _ in range(ROUNDS):
                if load_pages(pdf) != expected_pages:
                    mismatches.append("inläsningen gav andra sidor")
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=viewer, args=(slot,)) for slot in range(THREADS)] + [threading.Thread(target=ingester)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not any(thread.is_alive() for thread in threads)
    assert failures == [] and mismatches == []
    assert all(views for views in expected_views)
