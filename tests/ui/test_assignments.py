"""The Uppdrag page's pure helpers: filters, Swedish headings and cells, sources and CSV."""

from __future__ import annotations

import io

import pandas as pd

from ui.assignments import (
    ASSIGNMENT_COLUMNS,
    NO_STATUS,
    assignment_filters,
    assignment_sources,
    assignment_table,
    to_csv,
)
from ui.tables import python_words


def test_filters_list_boards_years_and_statuses(seed_assistant):
    options = assignment_filters(seed_assistant.registry)
    assert "Regionstyrelsen" in options["board"]
    assert options["year"] == sorted(options["year"], reverse=True) and 2026 in options["year"]
    assert "Pågående enligt plan" in options["status"]
    # Only regionstyrelsen's tertial report is indexed: the other boards' uppdrag have no status to filter on.
    assert options["status"][-1] == NO_STATUS


def test_table_is_filtered_with_swedish_headings(seed_assistant):
    every = assignment_table(seed_assistant.registry)
    board = assignment_table(seed_assistant.registry, board="Regionstyrelsen", year=2026)
    assert list(every.columns) == list(ASSIGNMENT_COLUMNS.values())
    assert 0 < len(board) < len(every)
    assert set(board["Nämnd/styrelse"]) == {"Regionstyrelsen"} and set(board["År"]) == {"2026"}


def test_no_python_word_in_any_cell_and_a_missing_status_is_said_in_swedish(seed_assistant):
    every = assignment_table(seed_assistant.registry)
    care = assignment_table(seed_assistant.registry, board="Hälso- och sjukvårdsnämnden")

    assert python_words(every) == []
    assert not every.isna().any().any()
    assert len(care) > 0 and set(care["Status"]) == {NO_STATUS}
    assert set(care["Kommentar"]) == {""}


def test_status_filter_for_uppdrag_without_a_reported_status(seed_assistant):
    none = assignment_table(seed_assistant.registry, status=NO_STATUS)
    done = assignment_table(seed_assistant.registry, board="Regionstyrelsen", status="Avslutad/klar")

    assert len(none) > 0 and set(none["Status"]) == {NO_STATUS}
    assert "Regionstyrelsen" not in set(none["Nämnd/styrelse"])
    assert len(done) == 1 and done["Dokument"].iloc[0] == "tertialrapport-1-2026-regionstyrelsen.txt"


def test_csv_round_trips_swedish_text():
    frame = pd.DataFrame({"Nämnd/styrelse": ["Hälso- och sjukvårdsnämnden"], "Uppdrag": ["Öka tillgängligheten; snabbt"]})
    data = to_csv(frame)
    assert data.startswith("\ufeff".encode())
    assert pd.read_csv(io.BytesIO(data), sep=";", encoding="utf-8-sig").equals(frame)


def test_each_shown_assignment_has_its_passage_one_click_away(seed_assistant):
    sources = assignment_sources(seed_assistant.registry, seed_assistant.retriever, board="Kollektivtrafiknämnden")
    text = next(text for text in sources if "kollektivtrafikens intäkter" in text)
    [(heading, passage)] = sources[text]
    assert heading.startswith("Regionplan och budget 2026–2028 – Målområde för Kollektivtrafik")
    assert "Kollektivtrafiknämnden ska arbeta för att öka kollektivtrafikens intäkter" in passage


def test_a_reported_assignment_shows_the_plan_and_the_report(seed_assistant):
    sources = assignment_sources(
        seed_assistant.registry, seed_assistant.retriever, board="Regionstyrelsen", status="Pågående enligt plan"
    )
    text = next(text for text in sources if "kultur och hälsa" in text)
    headings = [heading for heading, _ in sources[text]]

    assert headings[0].startswith("Regionplan och budget 2026–2028 – Målområde för Kultur")
    assert headings[1].startswith("Tertialrapport 1 2026 – Regionstyrelsen – Kultur > Uppdrag")
    assert "Folkhälsoenheten samverkar med område kultur" in sources[text][1][1]


def test_an_uppdrag_only_the_report_names_has_the_report_as_its_source(seed_assistant):
    sources = assignment_sources(seed_assistant.registry, seed_assistant.retriever, status="Avslutad/klar")
    [(heading, passage)] = next(iter(sources.values()))
    assert heading.startswith("Tertialrapport 1 2026 – Regionstyrelsen – Ledningsprocesser > Uppdrag")
    assert "Nämnder bjuds in till" in passage
