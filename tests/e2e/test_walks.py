"""A walk through the app per user, in the real browser, each ending in assertions and screenshots.

- The politician asks a figure question, opens the steps, changes a scenario in Kalkyler and downloads the answer.
- The new employee reads Styrmodellen and asks "vad är ett målområde?".
- The officer filters Uppdrag by a board and a status and opens the source text.

A last test sweeps every page and table for Python's and pandas' words ("None", "nan", "NaN").
Screenshots: screenshots/vandring-<användare>-<n>-<steg>.png (git-ignored).
"""

from __future__ import annotations

import re

import pytest

from ingest.manifest import read_manifest
from tests.assistant.test_citation_sections import what_is_wrong
from tests.conftest import DOCUMENTS
from tests.e2e.conftest import ANSWER_MS, CHROMIUM, settle, shoot
from ui.assignments import NO_STATUS
from ui.tables import PYTHON_WORDS

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium saknas: apt-get install chromium")

CHAT_LABEL = "Ställ en fråga om planeringsdokumenten"
FIGURE_QUESTION = "Hur stort är det ackumulerade ej återställda underskottet vid utgången av 2029?"
STEPS = "Så här är det beräknat"
SOURCE = re.compile(r"^\[\d+\] ")
FIRST_SOURCE = re.compile(r"\[1\] \S")  # in a header's text, after the arrow icon's ligature
PAGE = re.compile(r" – s\. \d+$")
MAIN = "main"  # the page's <main> (its test id differs on the chat page)


def ask(page, question: str):
    """Ask in the chat; the locator of the answer's chat message once it has rendered."""
    chat = page.get_by_placeholder(CHAT_LABEL)
    chat.wait_for(state="visible", timeout=ANSWER_MS)
    chat.fill(question)
    chat.press("Enter")
    answers = page.locator('[data-testid="stChatMessage"]')
    answers.nth(1).wait_for(timeout=ANSWER_MS)
    settle(page)
    return answers.last


def expander(scope, label: str | re.Pattern):
    """The first expander under ``scope`` whose header matches ``label``."""
    header = scope.page.locator("summary").filter(has_text=label)  # ``has`` is matched inside each expander
    return scope.locator('[data-testid="stExpander"]').filter(has=header).first


def open_page(page, name: str, title: str | None = None) -> None:
    """Follow the navigation link to a page and wait for its title (the page's name unless ``title`` says otherwise)."""
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=name).first.click()
    page.get_by_role("heading", name=title or name, level=1).wait_for(timeout=ANSWER_MS)
    settle(page)


def source_headings(message) -> list[str]:
    """The numbered source headings of an answer: "[1] Regionplan och budget 2026–2028 – Tabell 3. …"."""
    texts = [text.strip() for text in message.locator("summary").all_inner_texts()]
    return [SOURCE.sub("", text.split("\n")[-1]) for text in texts if SOURCE.match(text.split("\n")[-1])]


def assert_real_sections(headings: list[str]) -> None:
    """Every cited section is a real section's name: no name list, contact line, column header, legend or fragment."""
    titles = sorted((entry["title"] for entry in read_manifest(DOCUMENTS).values()), key=len, reverse=True)
    for heading in headings:
        title = next(title for title in titles if heading.startswith(f"{title} – "))
        section = PAGE.sub("", heading.removeprefix(f"{title} – "))
        assert [part for part in section.split(" > ") if what_is_wrong(part)] == [], heading


def test_politician_figure_steps_scenario_and_download(page, server_url, tmp_path):
    page.goto(server_url)
    answer = ask(page, FIGURE_QUESTION)
    text = answer.locator('[data-testid="stMarkdownContainer"]').first.inner_text()
    assert text.strip() == "UB 2029: -214 mkr ej återställt. [1]"  # the result, not its steps as well
    assert_real_sections(source_headings(answer))
    shoot(page, "vandring-politiker-1-svar")

    steps = expander(answer, STEPS)
    steps.locator("summary").click()
    details = steps.locator('[data-testid="stExpanderDetails"]')
    details.wait_for(state="visible")
    assert "2029: -482 + 268 = -214 mkr (UB)." in details.inner_text()
    assert answer.inner_text().count("2029: -482 + 268 = -214 mkr (UB).") == 1  # one explanation per answer
    assert "Plan 2029" in details.locator('[data-testid="stTable"]').inner_text()
    # Nothing empty after the answer: its last element is the download button.
    last = answer.locator('[data-testid="stElementContainer"]').last
    assert last.inner_text().strip() == "Ladda ner svaret (Markdown)"
    shoot(page, "vandring-politiker-2-steg")

    open_page(page, "Kalkyler")
    field = page.get_by_label("Årets resultat 2027 (mkr)")
    field.fill("100")
    field.press("Enter")
    scenario = page.get_by_text("Med dina resultat:")
    scenario.wait_for(timeout=ANSWER_MS)
    settle(page)
    assert "efter 2030 återstår 105 mkr" in scenario.inner_text()
    table = page.locator('[data-testid="stTable"]').first.inner_text()
    assert "-905" in table and "-105" in table  # the scenario's UB 2027 and 2030 (mkr)
    shoot(page, "vandring-politiker-3-kalkyl")

    open_page(page, "Chatt", "Planeringsassistenten")  # the conversation is kept while visiting another page
    answer = page.locator('[data-testid="stChatMessage"]').last
    with page.expect_download() as download:
        answer.get_by_role("button", name="Ladda ner svaret (Markdown)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    markdown = saved.read_text(encoding="utf-8")
    assert download.value.suggested_filename == "svar-1.md"
    assert markdown.startswith(f"# {FIGURE_QUESTION}\n")
    assert "UB 2029: -214 mkr ej återställt. [1]" in markdown and "## Källor" in markdown
    assert markdown.count("2029: -482 + 268 = -214 mkr (UB).") == 1
    shoot(page, "vandring-politiker-4-nedladdning")


def test_new_employee_reads_styrmodellen_and_asks_what_a_malomrade_is(page, server_url):
    page.goto(f"{server_url}/styrmodellen")
    page.get_by_role("heading", name="Styrmodellen och styrkedjan").wait_for(timeout=ANSWER_MS)
    settle(page)
    main = page.locator(MAIN)
    statement = page.get_by_text("Styrmodellen beskriver villkoren för hur organisationen ska ledas, planeras och följas upp.")
    assert statement.is_visible()  # the explanation is text on the page, not inside closed boxes
    assert page.get_by_text("Källa: Regionplan och budget 2026–2028, Styrmodell, rad 73–75").first.is_visible()
    text = main.inner_text()
    for level in ("Nivå 1 Regionfullmäktige", "Nivå 2 Nämnd/Styrelse", "Nivå 3 Närmaste nivå under nämnd/styrelse"):
        assert page.get_by_text(level, exact=True).is_visible()
    assert text.index("tydlig styrkedja") < text.index("Nivå 1 Regionfullmäktige") < text.index("Målområde: Ledningsprocesser")
    for noise in ("Bengt Bergqvist", "Socialdemokraterna", "Figur 1"):
        assert noise not in text
    shoot(page, "vandring-nyanstalld-1-styrmodellen")

    open_page(page, "Chatt", "Planeringsassistenten")
    answer = ask(page, "vad är ett målområde?")
    assert "utgör målområden" in answer.locator('[data-testid="stMarkdownContainer"]').first.inner_text()
    headings = source_headings(answer)
    assert headings and headings[0].startswith("Regionplan och budget 2026–2028 – ")
    assert_real_sections(headings)
    first = expander(answer, FIRST_SOURCE)
    first.locator("summary").click()
    passage = first.locator('[data-testid="stExpanderDetails"]')
    passage.wait_for(state="visible")
    assert "målområden" in passage.inner_text()
    shoot(page, "vandring-nyanstalld-2-malomrade")


def test_officer_filters_uppdrag_and_opens_the_source(page, server_url):
    page.goto(f"{server_url}/uppdrag")
    page.get_by_role("combobox", name="Status").wait_for(timeout=ANSWER_MS)
    choose(page, "Nämnd/styrelse", "Regionstyrelsen")
    choose(page, "Status", "Pågående enligt plan")
    cells = grid_rows(page, 0, {"Regionstyrelsen"})
    assert cells and {row[0] for row in cells} == {"Regionstyrelsen"}
    assert {row[2] for row in cells} == {"Pågående enligt plan"}
    assert page.get_by_text("30 rader:").is_visible()
    shoot(page, "vandring-handlaggare-1-filter")

    choose(page, "Visa källtexten för ett uppdrag", "kultur och hälsa")
    sources = page.locator(MAIN).locator('[data-testid="stExpander"]')
    sources.first.wait_for(timeout=ANSWER_MS)
    settle(page)
    headings = sources.locator("summary").all_inner_texts()
    assert any("Regionplan och budget 2026–2028 – Målområde för Kultur" in heading for heading in headings)
    assert any("Tertialrapport 1 2026 – Regionstyrelsen – Kultur > Uppdrag" in heading for heading in headings)
    texts = sources.locator('[data-testid="stExpanderDetails"]').all_inner_texts()
    assert any("fortsätta utveckla arbetet med kultur och hälsa" in text for text in texts)
    assert any("Folkhälsoenheten samverkar med område kultur" in text for text in texts)
    shoot(page, "vandring-handlaggare-2-kalltext")


def choose(page, label: str, option: str) -> None:
    """Pick the option holding ``option`` in the select box ``label``, typing it to filter a long list."""
    box = page.get_by_role("combobox", name=label)
    box.click()
    page.keyboard.type(option)
    page.get_by_role("option").filter(has_text=option).first.click()
    page.wait_for_function(  # the box shows the choice
        "([label, option]) => document.querySelector(`input[aria-label='${label}']`)?.value.includes(option)", arg=[label, option]
    )
    settle(page)


def grid_rows(page, column: int, expected: set[str]) -> list[list[str]]:
    """The visible rows of the page's data grid once its ``column`` holds only ``expected`` (the rerun has drawn it)."""
    grid = page.locator('[data-testid="stDataFrame"] table')  # the grid's accessible table (the cells are drawn)
    grid.wait_for(state="attached")
    for _ in range(60):
        rows = [row.locator("td").all_inner_texts() for row in grid.locator("tbody tr").all()]
        if rows and {row[column] for row in rows} == expected:
            return rows
        page.wait_for_timeout(500)
    return rows


SWEEP = {
    "chatt": ("", lambda page: (ask(page, FIGURE_QUESTION), open_all(page))),
    "kalkyler": ("kalkyler", lambda page: open_all(page)),
    "uppdrag": ("uppdrag", lambda page: choose(page, "Nämnd/styrelse", "Hälso- och sjukvårdsnämnden")),
    "uppdrag-utan-status": ("uppdrag", lambda page: choose(page, "Status", NO_STATUS)),
    "styrmodellen": ("styrmodellen", lambda page: open_all(page)),
    "dokument": ("dokument", lambda page: None),
    "tillganglighet": ("tillganglighet", lambda page: None),
}
"""Every page, and the states that show more tables: path and what to do there."""


def open_all(page) -> None:
    """Open every expander on the page, so the text and tables inside them are swept too."""
    closed = page.locator(f"{MAIN} details:not([open]) > summary")
    while closed.count():
        closed.first.click()
    settle(page)


@pytest.mark.parametrize("state", SWEEP)
def test_no_page_or_table_shows_a_python_word(page, server_url, state):
    path, act = SWEEP[state]
    page.goto(f"{server_url}/{path}")
    page.get_by_role("heading", level=1).first.wait_for(timeout=ANSWER_MS)
    settle(page)
    act(page)
    main = page.locator(MAIN)
    # Static tables and text are in the page's text; a data grid draws on a canvas, so its accessible table is read.
    texts = [main.inner_text(), *page.locator('[data-testid="stDataFrame"] table').all_inner_texts()]
    shoot(page, f"svep-{state}")
    assert [match.group() for text in texts for match in PYTHON_WORDS.finditer(text)] == []
    for grid in page.locator('[data-testid="stDataFrame"] table').all():
        headers = grid.locator("thead th").all_inner_texts()
        if "Status" in headers:
            column = headers.index("Status")
            statuses = [row.locator("td").nth(column).inner_text() for row in grid.locator("tbody tr").all()]
            assert statuses and all(status.strip() for status in statuses)  # an empty cell is a "None" on the canvas
