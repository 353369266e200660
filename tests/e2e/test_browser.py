"""End to end: the real Streamlit server, driven by a real (Debian) Chromium through Playwright.

Fixtures and helpers are in conftest.py; screenshots of each step land in screenshots/ (git-ignored).
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import ANSWER_MS, CHROMIUM, shoot

QUESTION = "Vilket lånetak gäller för 2027?"
CHAT_LABEL = "Ställ en fråga om planeringsdokumenten"
EXTRA_PAGES = ("Kalkyler", "Uppdrag", "Styrmodellen", "Dokument")

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium saknas: apt-get install chromium")


def test_question_answer_and_source_in_the_browser(page, server_url):
    page.goto(server_url)
    chat = page.get_by_placeholder(CHAT_LABEL)
    chat.wait_for(state="visible", timeout=ANSWER_MS)
    shoot(page, "01-start")

    chat.fill(QUESTION)
    chat.press("Enter")
    answer = page.locator('[data-testid="stChatMessage"]').filter(has_text="850")
    answer.first.wait_for(state="visible", timeout=ANSWER_MS)
    shoot(page, "02-svar")

    # The summary's text also holds the arrow icon's ligature, so match "[1] " anywhere in it.
    summary = page.locator("summary").filter(has_text=re.compile(r"\[1\] \S"))
    source = page.locator('[data-testid="stExpander"]').filter(has=summary).first
    source.locator("summary").click()
    passage = source.locator('[data-testid="stExpanderDetails"] [data-testid="stMarkdownContainer"]').first
    passage.wait_for(state="visible")
    assert "850" in passage.inner_text()
    shoot(page, "03-kalla")

    # Pages another change may add; visit the ones the navigation offers.
    nav = page.locator('[data-testid="stSidebarNav"] a, [data-testid="stTopNav"] a, [data-testid="stTopNavLink"]')
    for name in EXTRA_PAGES:
        link = nav.filter(has_text=name)
        if link.count() == 0:
            continue
        link.first.click()
        page.wait_for_url(re.compile(name, re.IGNORECASE))
        shoot(page, f"04-sida-{name.lower()}")
