"""Browser fixtures shared by the end-to-end tests: one Streamlit server, one Chromium, helpers to settle and shoot.

Skipped when /usr/bin/chromium is missing; `make test` installs it where apt-get works.
Screenshots and axe reports land in screenshots/ (git-ignored).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import DOCUMENTS, ROOT

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
STARTUP_SECONDS = 60
ANSWER_MS = 120_000  # the first question loads the embedding model in the server
VIEWPORT = {"width": 1280, "height": 1400}


def free_port() -> int:
    """A free loopback TCP port for the server."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_health(url: str, server: subprocess.Popen, log: Path) -> None:
    """Wait until Streamlit answers its health check; fail with the server's log if it dies or never answers."""
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


@contextmanager
def streamlit_server(index_dir: Path, documents: Path, log: Path, *options: str, **settings: str) -> Iterator[str]:
    """`streamlit run app.py` on a free loopback port over ``index_dir`` and ``documents``; yields its URL.

    ``options`` are more ``streamlit run`` flags, ``settings`` further PA_* variables (``PA_STRATEGY="bm25"``);
    the server's output goes to ``log``.
    """
    port = free_port()
    env = {**os.environ, "PA_INDEX_DIR": str(index_dir), "PA_DOCUMENTS_DIR": str(documents), **settings}
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
        *options,
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
def server_url(built_index, tmp_path_factory):
    """The app over a fresh index and a copy of documents/ (an upload in a test stays out of the repository's folder)."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium saknas: apt-get install chromium")
    scratch = tmp_path_factory.mktemp("streamlit")
    documents = scratch / "documents"
    shutil.copytree(DOCUMENTS, documents)
    with streamlit_server(built_index.index_dir, documents, scratch / "server.log") as url:
        yield url


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory):
    """One headless Debian Chromium with a fresh profile and a Swedish locale."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium saknas: apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),  # a fresh --user-data-dir
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=VIEWPORT,
            locale="sv-SE",
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def page(browser_context):
    """A new tab, hence a new Streamlit session with an empty conversation."""
    page = browser_context.new_page()
    page.set_default_timeout(30_000)
    yield page
    page.close()


def settle(page) -> None:
    """Let the script run finish: no running-man status widget, no skeleton placeholders."""
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').first.wait_for(state="hidden", timeout=ANSWER_MS)
    page.locator('[data-testid="stSkeleton"]').first.wait_for(state="hidden", timeout=ANSWER_MS)


def shoot(page, name: str) -> Path:
    """A full-page screenshot ``screenshots/<name>.png`` once the page has settled."""
    settle(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
