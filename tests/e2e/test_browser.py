"""End to end: the real Streamlit server, driven by a real (Debian) Chromium through Playwright.

Skipped when /usr/bin/chromium is missing; `make test` installs it where apt-get works.
Screenshots of each step land in screenshots/ (git-ignored).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "screenshots"
QUESTION = "Vilket lånetak gäller för 2027?"
CHAT_LABEL = "Ställ en fråga om planeringsdokumenten"
EXTRA_PAGES = ("Kalkyler", "Uppdrag", "Styrmodellen", "Dokument")
STARTUP_SECONDS = 60
ANSWER_MS = 120_000  # the first question loads the embedding model in the server

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium saknas: apt-get install chromium")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_health(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"Streamlit avslutades (kod {server.returncode}):\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"Streamlit svarade inte inom {STARTUP_SECONDS} s:\n{log.read_text(errors='replace')[-3000:]}")


@pytest.fixture(scope="session")
def server_url(built_index, tmp_path_factory):
    """`streamlit run app.py` on a free loopback port over a fresh index of documents/."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium saknas: apt-get install chromium")
    port = free_port()
    log = tmp_path_factory.mktemp("streamlit") / "server.log"
    env = {
        **os.environ,
        "PA_INDEX_DIR": str(built_index.index_dir),
        "PA_DOCUMENTS_DIR": str(built_index.documents_dir),
    }
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with log.open("wb") as output:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(url, server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),  # a fresh --user-data-dir
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 1400},
            locale="sv-SE",
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser_context):
    page = browser_context.new_page()
    page.set_default_timeout(30_000)
    yield page
    page.close()


def settle(page) -> None:
    """Let the script run finish: no running-man status widget, no skeleton placeholders."""
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').first.wait_for(state="hidden", timeout=ANSWER_MS)
    page.locator('[data-testid="stSkeleton"]').first.wait_for(state="hidden", timeout=ANSWER_MS)


def shoot(page, name: str) -> None:
    settle(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


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
