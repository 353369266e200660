"""The Streamlit app, run headless with AppTest over a real index."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


@pytest.fixture
def app(built_index, monkeypatch):
    monkeypatch.setenv("PA_DOCUMENTS_DIR", str(built_index.documents_dir))
    monkeypatch.setenv("PA_INDEX_DIR", str(built_index.index_dir))
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def test_chat_answers_with_sources(app):
    app.run()
    assert not app.exception
    app.chat_input[0].set_value("Vilket lånetak gäller för 2027?").run()
    assert not app.exception
    labels = [expander.label for expander in app.expander]
    assert labels and labels[0].startswith("[1] Regionplan och budget 2026–2028")


def test_missing_index_shows_a_swedish_message_not_a_traceback(monkeypatch, tmp_path):
    monkeypatch.setenv("PA_INDEX_DIR", str(tmp_path / "inget-index"))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    assert not app.exception
    assert "python -m assistant ingest" in app.error[0].value


def test_follow_up_uses_the_conversation(app):
    app.run()
    app.chat_input[0].set_value("Hur stort var det samlade underskottet för Sveriges regioner 2023 enligt regionplanen?").run()
    app.chat_input[0].set_value("Och 2024?").run()
    assert not app.exception
    answers = [message for message in app.chat_message if message.name == "assistant"]
    assert len(answers) == 2
    assert "10 miljarder" in answers[-1].markdown[0].value
