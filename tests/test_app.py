"""The Streamlit app, run headless with AppTest over a real index."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from index import ChunkingConfig, build_index
from index.dense import DEFAULT_MODEL
from tests.cluttered import SKIPPED, UNREADABLE_FILES, add_clutter
from tests.conftest import ROOT
from ui.chat import escape_markdown


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


DEFICIT_2029 = "Hur stort är det ackumulerade ej återställda underskottet vid utgången av 2029?"


def test_navigation_has_the_five_swedish_pages(app):
    app.run()
    assert not app.exception
    assert app.title[0].value == "Planeringsassistenten"
    for page, title in [
        ("views/kalkyler.py", "Kalkyler"),
        ("views/uppdrag.py", "Uppdrag"),
        ("views/styrmodellen.py", "Styrmodellen"),
        ("views/dokument.py", "Dokument"),
        ("views/tillganglighet.py", "Tillgänglighetsredogörelse för Planeringsassistenten"),
    ]:
        app.switch_page(page).run()
        assert not app.exception
        assert app.title[0].value == title


def test_calculated_answer_shows_sources_steps_cells_and_download(app):
    app.run()
    app.chat_input[0].set_value(DEFICIT_2029).run()
    assert not app.exception
    labels = [expander.label for expander in app.expander]
    assert labels[0].startswith("[1] Regionplan och budget 2026–2028")
    assert "Så här är det beräknat" in labels
    steps = next(expander for expander in app.expander if expander.label == "Så här är det beräknat")
    assert "UB 2029: -214 mkr ej återställt." in steps.markdown[0].value
    cells = steps.table[0].value
    assert "Plan 2029" in set(cells["Kolumn"])
    assert [button.label for button in app.get("download_button")] == ["Ladda ner svaret (Markdown)"]


def test_a_calculation_is_explained_once(app):
    app.run()
    app.chat_input[0].set_value(DEFICIT_2029).run()
    assert not app.exception
    answer = app.chat_message[-1]
    shown = [markdown.value for markdown in answer.markdown if not markdown.value.startswith("**")]
    # The answer text is the result; the steps are only in their expander.
    assert shown[0] == "UB 2029: -214 mkr ej återställt. [1]"
    assert not any("Så här är det beräknat" in text for text in shown)  # only the expander's label says it
    assert sum("IB 2026 (ackumulerade ej återställda negativa resultat)" in text for text in shown) == 1
    assert [expander.label for expander in answer.expander].count("Så här är det beräknat") == 1


def test_uppdrag_says_in_swedish_that_no_status_is_reported(app):
    app.switch_page("views/uppdrag.py").run()
    app.selectbox(key="filter_board").select("Hälso- och sjukvårdsnämnden").run()
    assert not app.exception
    table = app.dataframe[0].value
    assert set(table["Status"]) == {"Ingen status rapporterad"}
    assert "ingen status rapporterad i de indexerade dokumenten" in " ".join(caption.value for caption in app.caption)


def test_document_filter_limits_the_answer(app):
    app.run()
    app.multiselect(key="document_filter").select("Tertialrapport 1 2026 – Regionstyrelsen").run()
    app.chat_input[0].set_value(DEFICIT_2029).run()
    assert not app.exception
    answer = [message for message in app.chat_message if message.name == "assistant"][-1]
    # Tabell 3 is in the plan, not in the tertial report: no calculation from it
    assert "Så här är det beräknat" not in [expander.label for expander in answer.expander]
    assert all(not expander.label.startswith("[1] Regionplan") for expander in answer.expander)


def test_kalkyler_shows_the_restored_year_and_follows_the_edited_results(app):
    app.switch_page("views/kalkyler.py").run()
    assert not app.exception
    texts = [markdown.value for markdown in app.markdown]
    # Regionplan och budget 2026–2028, tabell 3: UB 2030 is 55 mkr
    assert "Enligt planen: Underskottet är återställt 2030 (UB 55 mkr)." in texts
    assert len(app.get("vega_lite_chart")) == 2  # the unrestored deficit and the Resultatbudget line
    # Each plan year has its own labelled field; 2027's result lowered from 260 to 100 mkr.
    next(field for field in app.number_input if field.label == "Årets resultat 2027 (mkr)").set_value(100).run()
    assert not app.exception
    scenario = next(markdown.value for markdown in app.markdown if markdown.value.startswith("Enligt planen"))
    assert scenario.endswith("Med dina resultat: Underskottet är inte återställt: efter 2030 återstår 105 mkr.")
    results = [field.value for field in app.number_input if field.label.startswith("Årets resultat")]
    assert results == [0.0, 100.0, 263.0, 268.0, 269.0]
    assert app.table[0].value["Scenario (mkr)"].tolist() == ["-1 005", "-905", "-642", "-374", "-105"]


def test_kalkyler_scenario_kept_in_the_session_starts_the_fields(app):
    app.session_state["scenario_results"] = {2027: 100}
    app.switch_page("views/kalkyler.py").run()
    assert not app.exception
    assert next(field for field in app.number_input if field.label == "Årets resultat 2027 (mkr)").value == 100.0


def test_kalkyler_personnel_cost_with_steps(app):
    app.switch_page("views/kalkyler.py").run()
    salary = next(field for field in app.number_input if field.label == "Lön (kr)")
    salary.set_value(40000)
    app.radio[0].set_value("månadslön")
    app.selectbox[0].set_value(2026)
    app.button[0].click().run()
    assert not app.exception
    # Regionplan och budget 2026–2028: Summa PO-pålägg 2026 45,82 %
    assert "**Lönekostnad inklusive PO-pålägg 2026: 480 000 × 1,4582 = 699 936 kr.**" in [m.value for m in app.markdown]


def test_kalkyler_patient_fees_under_the_ceiling(app):
    app.switch_page("views/kalkyler.py").run()
    visits = next(field for field in app.number_input if field.label.startswith("Vårdbesök oavsett vårdgivarkategori"))
    renewals = next(field for field in app.number_input if field.label.startswith("Receptförnyelse"))
    visits.set_value(3)
    renewals.set_value(1)
    next(button for button in app.button if button.label == "Beräkna avgift").click().run()
    assert not app.exception
    # Regionplan med budget 2020–2022, Bilaga 4: 3 × 300 kr + 150 kr, under the 1 150 kr ceiling
    texts = [markdown.value for markdown in app.markdown]
    assert "**Att betala: 1 050 kr.**" in texts
    assert any("1 050 kr" in text for text in texts)
    assert any("Avgifterna är från Regionplan med budget 2020–2022" in caption.value for caption in app.caption)


def test_kalkyler_budget_line_over_the_years(app):
    app.switch_page("views/kalkyler.py").run()
    app.selectbox(key="budget_row").select("Skatteintäkter").run()
    assert not app.exception
    table = app.table[-1].value.set_index("År")
    # Regionplan och budget 2026–2028, Tabell 4: skatteintäkter 4 054,6 mkr budget 2026
    assert table.loc["2026", "Skatteintäkter (mkr)"] == "4 054,6"


def test_styrmodellen_explains_in_the_plans_words_with_sources(app):
    app.switch_page("views/styrmodellen.py").run()
    assert not app.exception
    subheaders = [header.value for header in app.subheader]
    assert subheaders[:2] == ["Styrmodellen och styrkedjan", "Budgetens nivåer"]
    assert "Målområde: Hälso- och sjukvård" in subheaders
    assert sum(header.startswith("Målområde:") for header in subheaders) == 8
    texts = [markdown.value for markdown in app.markdown]
    captions = [caption.value for caption in app.caption]
    # The statements are text on the page, each followed by its source line, not hidden in boxes.
    assert "Styrmodellen beskriver villkoren för hur organisationen ska ledas, planeras och följas upp." in texts
    assert "Källa: Regionplan och budget 2026–2028, Styrmodell, rad 73–75" in captions
    assert any(text.startswith("**Nivå 1 Regionfullmäktige**") for text in texts)
    assert "**Övergripande mål:** God och nära vård i hela Jämtland Härjedalen" in texts
    goal_source = "Källa: Regionplan och budget 2026–2028, Målområde för hälso- och sjukvård"
    assert any(caption.startswith(goal_source) for caption in captions)
    assert not any("Socialdemokraterna" in text or "Bengt Bergqvist" in text for text in texts)
    source = next(e for e in app.expander if e.label == "Källtext: Målområde för hälso- och sjukvård")
    assert "God och nära vård" in source.text[0].value


def test_uppdrag_filters_and_exports_csv(app):
    app.switch_page("views/uppdrag.py").run()
    assert not app.exception
    every = len(app.dataframe[0].value)
    app.selectbox(key="filter_board").select("Regionstyrelsen").run()
    app.selectbox(key="filter_year").select(2026).run()
    assert not app.exception
    table = app.dataframe[0].value
    assert 0 < len(table) < every
    assert set(table["Nämnd/styrelse"]) == {"Regionstyrelsen"}
    assert [button.label for button in app.get("download_button")] == ["Ladda ner som CSV"]


def test_dokument_lists_the_five_documents_and_the_index(app):
    app.switch_page("views/dokument.py").run()
    assert not app.exception
    documents = app.table[0].value
    assert len(documents) == 5
    assert "Regionplan och budget 2026–2028" in set(documents["Titel"])
    assert "all-MiniLM-L6-v2" in app.table[1].value["Värde"].tolist()


def test_dokument_offers_upload_and_reindex(app):
    app.switch_page("views/dokument.py").run()
    assert not app.exception
    uploaders = app.get("file_uploader")
    assert len(uploaders) == 1
    assert "Indexera om" in [button.label for button in app.button]


def test_dokument_names_what_the_last_ingest_skipped(tmp_path, tiny_documents, embedder, monkeypatch):
    add_clutter(tiny_documents, tmp_path / "utanfor")
    build_index(tiny_documents, tmp_path / "index", DEFAULT_MODEL, ChunkingConfig(), embedder=embedder)
    monkeypatch.setenv("PA_DOCUMENTS_DIR", str(tiny_documents))
    monkeypatch.setenv("PA_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("PA_STRATEGY", "bm25")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.switch_page("views/dokument.py").run()
    assert not app.exception
    assert "Hoppades över" in [header.value for header in app.header]
    # Escaped, as st.table renders Markdown (tests/e2e/test_skipped.py sees the names as typed).
    entries = sorted({**SKIPPED, **UNREADABLE_FILES}.items())
    expected = [(escape_markdown(name), escape_markdown(reason)) for name, reason in entries]
    skipped = app.table[2].value
    assert list(zip(skipped["Namn"], skipped["Skäl"], strict=True)) == expected
    next(button for button in app.button if button.label == "Indexera om").click().run()
    assert not app.exception
    assert [warning.value for warning in app.warning] == [
        "**Varning:** Indexet är uppdaterat, men 7 filer eller mappar lästes inte; skälen står under ”Hoppades över” ovan."
    ]


def test_chat_year_filter_and_highlighted_sources(app):
    app.run()
    years = app.multiselect(key="year_filter")
    assert 2027 in years.options or "2027" in years.options
    app.chat_input[0].set_value("Vilket lånetak gäller för 2027?").run()
    assert not app.exception
    assert any("**" in markdown.value for markdown in app.expander[0].markdown)


@pytest.mark.parametrize("page", ["views/kalkyler.py", "views/uppdrag.py", "views/styrmodellen.py", "views/dokument.py"])
def test_every_page_explains_a_missing_index_in_swedish(monkeypatch, tmp_path, page):
    monkeypatch.setenv("PA_INDEX_DIR", str(tmp_path / "inget-index"))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.switch_page(page).run()
    assert not app.exception
    assert "python -m assistant ingest" in app.error[0].value


def test_tillganglighet_renders_the_committed_statement(app):
    from ui.accessibility import load_summary, statement_sections

    app.switch_page("views/tillganglighet.py").run()
    assert not app.exception
    sections = statement_sections(load_summary())
    headings = [element.value for element in (*app.title, *app.header, *app.subheader)]
    assert sorted(headings) == sorted(section.heading for section in sections)
    assert any("https://www.digg.se/tdosanmalan" in markdown.value for markdown in app.markdown)


def test_messages_name_their_kind_in_words(monkeypatch, tmp_path):
    monkeypatch.setenv("PA_INDEX_DIR", str(tmp_path / "inget-index"))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    assert app.error[0].value.startswith("**Fel:** Assistenten kunde inte starta")
