"""Keyboard only, in the real browser: ask a question, open the first source and the calculation's steps, change page.

After the page has loaded, only ``page.keyboard`` is used (Tab, Shift+Tab, Enter, Space, typing); every element
the keyboard reaches must show a visible focus outline. Screenshots: screenshots/tangentbord-<n>-<steg>.png.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ANSWER_MS, CHROMIUM, settle, shoot

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium saknas: apt-get install chromium")

CHAT_LABEL = "Ställ en fråga om planeringsdokumenten"
QUESTION = "Hur stort är det ackumulerade ej återställda underskottet vid utgången av 2029?"
STEPS = "Så här är det beräknat"
TAB_LIMIT = 80
OUTLINE = "(s => [s.outlineStyle, s.outlineWidth])(getComputedStyle(document.activeElement))"


def focused(page, condition: str) -> bool:
    """Whether the focused element ``e`` meets the JavaScript ``condition``."""
    return page.evaluate(f"(() => {{ const e = document.activeElement; return Boolean({condition}); }})()")


def tab_to(page, condition: str, *, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the focused element meets ``condition``; fail if it never does."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(TAB_LIMIT):
        page.keyboard.press(key)
        if focused(page, condition):
            return
    pytest.fail(f"{key} nådde aldrig elementet ({condition}); fokus på {page.evaluate('document.activeElement.outerHTML')[:200]}")


def assert_focus_visible(page) -> None:
    """WCAG 2.4.7: the focused element draws an outline at least 2 px wide."""
    style = page.evaluate(OUTLINE)
    assert style[0] != "none" and float(style[1].removesuffix("px")) >= 2, style


def summary_starting(text: str) -> str:
    """The condition for an expander header whose label starts with ``text`` (the icon's ligature comes first)."""
    return f"e.tagName === 'SUMMARY' && e.querySelector('p')?.innerText.trim().startsWith({text!r})"


def is_open(page) -> bool:
    """Whether the expander whose header has focus is open."""
    return page.evaluate("document.activeElement.closest('details').open")


def test_keyboard_only_question_source_steps_and_page(page, server_url):
    page.goto(server_url)
    page.get_by_placeholder(CHAT_LABEL).wait_for(state="visible", timeout=ANSWER_MS)
    settle(page)

    tab_to(page, f"e.tagName === 'TEXTAREA' && e.placeholder === {CHAT_LABEL!r}")
    assert_focus_visible(page)
    page.keyboard.type(QUESTION)
    shoot(page, "tangentbord-1-fraga")
    page.keyboard.press("Enter")
    page.locator("summary").filter(has_text=STEPS).first.wait_for(timeout=ANSWER_MS)
    settle(page)
    shoot(page, "tangentbord-2-svar")

    # The sources sit above the chat field: Shift+Tab back to the first one and open it with Enter.
    tab_to(page, summary_starting("[1] "), backwards=True)
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    assert is_open(page)
    source = page.locator("details[open]").first.locator('[data-testid="stExpanderDetails"]')
    source.wait_for(state="visible")
    assert "Tabell 3" in page.locator("details[open] summary").first.inner_text()
    shoot(page, "tangentbord-3-kalla")

    # Forward to the calculation's steps and open them with Space.
    tab_to(page, summary_starting(STEPS))
    assert_focus_visible(page)
    page.keyboard.press("Space")
    assert is_open(page)
    steps = page.locator("details[open]").filter(has_text=STEPS).locator('[data-testid="stExpanderDetails"]')
    steps.wait_for(state="visible")
    assert "UB 2029: -214 mkr ej återställt." in steps.inner_text()
    shoot(page, "tangentbord-4-berakning")

    # To the sidebar's page links and on to Kalkyler.
    tab_to(page, "e.tagName === 'A' && e.innerText.trim().endsWith('Kalkyler')", backwards=True)
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server_url}/kalkyler")
    page.get_by_role("heading", name="Kalkyler", level=1).wait_for(timeout=ANSWER_MS)
    shoot(page, "tangentbord-5-kalkyler")
