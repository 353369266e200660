"""The Dokument page's list of what ingest skipped, in the real browser: a table with headers and no axe violation.

Its own server over three small documents and the clutter of tests/cluttered.py, so the shared
server's index (the shipped documents, nothing skipped) stays as it is.
"""

from __future__ import annotations

import pytest

from index import ChunkingConfig, build_index
from index.dense import DEFAULT_MODEL
from tests.cluttered import SKIPPED, UNREADABLE_FILES, add_clutter
from tests.e2e.conftest import ANSWER_MS, CHROMIUM, settle, shoot, streamlit_server
from ui.accessibility import PAGE_LANGUAGE, blocking, summarize

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium saknas: apt-get install chromium")

NOT_INGESTED = sorted({**SKIPPED, **UNREADABLE_FILES}.items())


@pytest.fixture(scope="module")
def cluttered_url(tmp_path_factory, embedder):
    """The app over an index of three documents whose folder holds everything ingest must name and skip."""
    scratch = tmp_path_factory.mktemp("skipped")
    documents = scratch / "documents"
    documents.mkdir()
    for name in ("ekonomi.txt", "kollektivtrafik.txt", "tandvard.txt"):
        (documents / name).write_text(f"Rubrik för {name}\nEn mening om regionens plan för {name}.\n", encoding="utf-8")
    add_clutter(documents, scratch / "utanfor")
    build_index(documents, scratch / "index", DEFAULT_MODEL, ChunkingConfig(), embedder=embedder)
    with streamlit_server(scratch / "index", documents, scratch / "server.log", PA_STRATEGY="bm25") as url:
        yield url


def axe_blocking(page) -> list:
    from axe_playwright_python.sync_playwright import Axe

    settle(page)
    return blocking(summarize(Axe().run(page, options={"resultTypes": ["violations"]}).response))


def test_skipped_entries_are_a_table_with_headers_and_pass_axe(page, cluttered_url):
    page.goto(f"{cluttered_url}/dokument")
    page.get_by_role("heading", name="Hoppades över").wait_for(timeout=ANSWER_MS)
    table = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="Skäl"))
    table.wait_for(timeout=ANSWER_MS)
    settle(page)
    assert [header.strip() for header in table.get_by_role("columnheader").all_inner_texts()] == ["Namn", "Skäl"]
    rows = [[cell.strip() for cell in row.get_by_role("cell").all_inner_texts()] for row in table.get_by_role("row").all()[1:]]
    assert rows == [[name, reason] for name, reason in NOT_INGESTED]
    assert page.evaluate("document.documentElement.lang") == PAGE_LANGUAGE
    assert axe_blocking(page) == []
    shoot(page, "dokument-overhoppade")


def test_reindex_points_to_the_list_and_passes_axe(page, cluttered_url):
    page.goto(f"{cluttered_url}/dokument")
    page.get_by_role("button", name="Indexera om").click(timeout=ANSWER_MS)
    notice = page.get_by_role("alert").filter(has_text="lästes inte")
    notice.wait_for(timeout=ANSWER_MS)
    assert notice.inner_text().strip() == (
        f"Varning: Indexet är uppdaterat, men {len(NOT_INGESTED)} filer eller mappar lästes inte; "
        "skälen står under ”Hoppades över” ovan."
    )
    assert axe_blocking(page) == []
