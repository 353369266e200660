"""Shared fixtures: the real documents, a real index built once per session, tiny corpora."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.query import Query
from assistant.vocabulary import Vocabulary
from index import Embedder, build_index
from ingest import build_corpus

pytest_plugins = ["tests.llm_endpoint"]  # the ``endpoint`` fixture: a local chat-completions server

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ROOT / "documents"
SHARED = ROOT.parent / "shared"
DEV_QUESTIONS = SHARED / "eval" / "dev-questions.jsonl"

TINY_TEXTS = {
    "kollektivtrafik.txt": (
        "Målområde för Kollektivtrafik\n"
        "Goda kommunikationer inom samt till och från Jämtland Härjedalen.\n"
        "Kollektivtrafiknämnden ska utveckla linjer, zoner och prismodell för en jämlik kollektivtrafik.\n"
    ),
    "ekonomi.txt": (
        "Reglering av balanskravsresultat\n"
        "Ett negativt balanskravsresultat ska regleras under de närmast följande tre åren.\n"
        "Regionfullmäktige får besluta att regleringen sker senare om det finns synnerliga skäl.\n"
    ),
    "tandvard.txt": (
        "Målområde för Tandvård\n"
        "Hälso- och sjukvårdsnämnden ska verka för att såväl akut som förebyggande tandvård ges till både barn och vuxna.\n"
    ),
}


@pytest.fixture(scope="session")
def seed_corpus():
    """The shipped documents, parsed once."""
    return build_corpus(DOCUMENTS)


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The default offline model, loaded once."""
    return Embedder()


@pytest.fixture(scope="session")
def built_index(tmp_path_factory, embedder) -> Settings:
    """Settings pointing at an index of the shipped documents, built once per session."""
    root = tmp_path_factory.mktemp("seed")
    settings = Settings.from_env({}, documents_dir=DOCUMENTS, index_dir=root / "index")
    build_index(settings.documents_dir, settings.index_dir, settings.model, settings.chunking, embedder=embedder)
    return settings


@pytest.fixture(scope="session")
def seed_assistant(built_index) -> Assistant:
    """An assistant over the shipped documents."""
    return Assistant.load(built_index)


@pytest.fixture(scope="session")
def vocabulary(seed_assistant) -> Vocabulary:
    """What the shipped documents name (titles, boards, own organisation, words), as the assistant reads it."""
    return seed_assistant.vocabulary


@pytest.fixture(scope="session")
def read(seed_assistant) -> Callable[[str], Query]:
    """The assistant's one question reader (``Assistant.read``)."""
    return seed_assistant.read


@pytest.fixture(scope="session")
def resolve(seed_assistant) -> Callable[[str, str, str | None], str | None]:
    """The assistant's follow-up completion (``Assistant.resolve``)."""
    return seed_assistant.resolve


@pytest.fixture
def tiny_documents(tmp_path) -> Path:
    """A folder with three short Swedish documents."""
    folder = tmp_path / "documents"
    folder.mkdir()
    for name, text in TINY_TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def copied_documents(tmp_path) -> Path:
    """A writable copy of the shipped documents folder."""
    folder = tmp_path / "documents"
    shutil.copytree(DOCUMENTS, folder)
    return folder
