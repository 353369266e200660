"""The app's Dokument page against the shared database: "Indexera om" writes there, not to a local folder."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from index import PostgresStore
from tests.conftest import ROOT


def test_reindex_on_the_dokument_page_writes_to_the_database(database_url, tiny_documents, tmp_path, monkeypatch):
    monkeypatch.setenv("PA_DATABASE_URL", database_url)
    monkeypatch.setenv("PA_DOCUMENTS_DIR", str(tiny_documents))
    monkeypatch.setenv("PA_INDEX_DIR", str(tmp_path / "lokalt-index"))
    monkeypatch.setenv("PA_STRATEGY", "bm25")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    app.switch_page("views/dokument.py").run()
    assert not app.exception
    next(button for button in app.button if button.label == "Indexera om").click().run()
    assert not app.exception
    assert set(PostgresStore(database_url).read().documents) == {path.name for path in tiny_documents.iterdir()}
    assert not (tmp_path / "lokalt-index").exists()
    assert not [message.value for message in app.error]
    assert "3 indexerade dokument." in [caption.value for caption in app.caption]
