"""A cited PDF source opened as its page, in the real browser: highlighted, captioned, downloadable, accessible.

Its own Streamlit server over one PDF the tests write (tests/test_pdf_pages.py's three known pages),
so the shared server's documents stay the text files. The page view is checked with axe-core (no
critical or serious violation outside the allow-list) and reached with the keyboard alone.
Screenshots: screenshots/pdf-sida-*.png.
"""

from __future__ import annotations

import re

import pytest

from assistant import Settings
from index import build_index
from tests.e2e.conftest import ANSWER_MS, CHROMIUM, settle, shoot, streamlit_server
from tests.e2e.test_accessibility import run_axe
from tests.e2e.test_keyboard import assert_focus_visible, focused, summary_starting, tab_to
from tests.test_pdf_pages import PAGES, write_documents
from ui.accessibility import blocking, summarize

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium saknas: apt-get install chromium")

CHAT_LABEL = "Ställ en fråga om planeringsdokumenten"
QUESTION = "Vad gäller för ett negativt balanskravsresultat enligt kommunallagen?"
TOGGLE = re.compile(r"^Visa s\. \d+(–\d+)? i PDF:en med det citerade markerat$")


@pytest.fixture(scope="module")
def pdf_server_url(embedder, tmp_path_factory):
    """`streamlit run app.py` over an index of the one known three-page PDF."""
    scratch = tmp_path_factory.mktemp("pdf-server")
    documents = write_documents(scratch / "documents")
    settings = Settings.from_env({}, documents_dir=documents, index_dir=scratch / "index")
    build_index(settings.documents_dir, settings.index_dir, settings.model, settings.chunking, embedder=embedder)
    # Files written meanwhile (screenshots, caches) must not make the server rerun the app.
    with streamlit_server(settings.index_dir, documents, scratch / "server.log", "--server.fileWatcherType", "none") as url:
        yield url


def ask(page, url: str) -> None:
    page.goto(url)
    chat = page.get_by_placeholder(CHAT_LABEL)
    chat.wait_for(state="visible", timeout=ANSWER_MS)
    chat.fill(QUESTION)
    chat.press("Enter")
    page.locator("summary").filter(has_text=re.compile(r"\[1\] \S")).first.wait_for(timeout=ANSWER_MS)
    settle(page)


def open_first_page_view(page):
    """Open source [1] and switch on its page view; returns the source's expander."""
    summary = page.locator("summary").filter(has_text=re.compile(r"\[1\] \S"))
    source = page.locator('[data-testid="stExpander"]').filter(has=summary).first
    source.locator("summary").click()
    toggle = source.get_by_text(TOGGLE)
    toggle.wait_for(state="visible")
    toggle.click()
    settle(page)
    page_image(page).first.wait_for(state="visible", timeout=ANSWER_MS)
    settled(page)
    return source


def settled(page) -> None:
    """``settle``, and until the rerun has finished no element left faded (data-stale), which axe reads as low contrast."""
    settle(page)
    page.wait_for_function("!document.querySelector('[data-stale=\"true\"]')", timeout=ANSWER_MS)


def page_image(page):
    return page.get_by_role("img", name=re.compile(r"^Sida \d av 3 i Regionplan för provning 2026–2028 som bild\."))


def test_a_cited_pdf_source_opens_as_its_page_highlighted(page, pdf_server_url):
    ask(page, pdf_server_url)
    source = open_first_page_view(page)
    image = page_image(page).first
    image.scroll_into_view_if_needed()
    shoot(page, "pdf-sida-1-markerad")

    assert page.evaluate("img => img.complete && img.naturalWidth > 800", image.element_handle())
    assert re.search(r"\d citerade? rad(er)? är markerade? i gult", image.get_attribute("alt"))
    view = source.locator('[data-testid="stExpanderDetails"]')
    assert re.search(r"Sida \d av 3", view.inner_text())
    # Beside the image, the highlighted lines as text: lines of the PDF, as printed.
    column = view.locator('[data-testid="stColumn"]').filter(has_text="Markerat på sida").first
    marked = column.inner_text().splitlines()[1:]
    printed = {line for lines in PAGES for line in lines}
    assert marked and all(line.strip() in printed for line in marked if line.strip()), marked
    download = view.get_by_role("button", name="Ladda ner PDF:en (provplan.pdf)")
    with page.expect_download() as pending:
        download.click()
    assert pending.value.suggested_filename == "provplan.pdf"
    assert pending.value.path().read_bytes().startswith(b"%PDF")


def test_the_page_view_has_no_blocking_axe_violation(page, pdf_server_url):
    ask(page, pdf_server_url)
    open_first_page_view(page)

    response = run_axe(page, "chatt-pdf-sida")
    shoot(page, "pdf-sida-axe")
    assert blocking(summarize(response)) == [], "se screenshots/axe-chatt-pdf-sida.json"
    assert page.evaluate("document.documentElement.lang") == "sv"


def test_the_page_view_is_reached_with_the_keyboard_alone(page, pdf_server_url):
    page.goto(pdf_server_url)
    page.get_by_placeholder(CHAT_LABEL).wait_for(state="visible", timeout=ANSWER_MS)
    settle(page)

    tab_to(page, f"e.tagName === 'TEXTAREA' && e.placeholder === {CHAT_LABEL!r}")
    page.keyboard.type(QUESTION)
    page.keyboard.press("Enter")
    page.locator("summary").filter(has_text=re.compile(r"\[1\] \S")).first.wait_for(timeout=ANSWER_MS)
    settle(page)

    tab_to(page, summary_starting("[1] "), backwards=True)
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    tab_to(page, "e.type === 'checkbox' && e.closest('label')?.innerText.includes('PDF:en')")
    assert_focus_visible(page)
    page.keyboard.press("Space")
    page_image(page).first.wait_for(state="visible", timeout=ANSWER_MS)
    settled(page)
    tab_to(page, "e.tagName === 'BUTTON' && e.innerText.includes('Ladda ner PDF:en')")
    assert_focus_visible(page)
    assert focused(page, "e.innerText.includes('provplan.pdf')")
    shoot(page, "pdf-sida-tangentbord")
