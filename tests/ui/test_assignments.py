"""The Uppdrag page's pure helpers: filters, Swedish headings and CSV."""

from __future__ import annotations

import io

import pandas as pd

from ui.assignments import ASSIGNMENT_COLUMNS, assignment_filters, assignment_table, to_csv


def test_filters_list_boards_years_and_statuses(seed_assistant):
    options = assignment_filters(seed_assistant.registry)
    assert "Regionstyrelsen" in options["board"]
    assert options["year"] == sorted(options["year"], reverse=True) and 2026 in options["year"]
    assert "Pågående enligt plan" in options["status"]


def test_table_is_filtered_with_swedish_headings(seed_assistant):
    every = assignment_table(seed_assistant.registry)
    board = assignment_table(seed_assistant.registry, board="Regionstyrelsen", year=2026)
    assert list(every.columns) == list(ASSIGNMENT_COLUMNS.values())
    assert 0 < len(board) < len(every)
    assert set(board["Nämnd/styrelse"]) == {"Regionstyrelsen"} and set(board["År"]) == {2026}


def test_csv_round_trips_swedish_text():
    frame = pd.DataFrame({"Nämnd/styrelse": ["Hälso- och sjukvårdsnämnden"], "Uppdrag": ["Öka tillgängligheten; snabbt"]})
    data = to_csv(frame)
    assert data.startswith("\ufeff".encode())
    assert pd.read_csv(io.BytesIO(data), sep=";", encoding="utf-8-sig").equals(frame)


def test_each_shown_assignment_has_its_passage_one_click_away(seed_assistant):
    from ui.assignments import assignment_sources

    sources = assignment_sources(seed_assistant.registry, seed_assistant.retriever, board="Kollektivtrafiknämnden")
    text = next(text for text in sources if "kollektivtrafikens intäkter" in text)
    heading, passage = sources[text]
    assert heading.startswith("Regionplan och budget 2026–2028 – Målområde för Kollektivtrafik")
    assert "Kollektivtrafiknämnden ska arbeta för att öka kollektivtrafikens intäkter" in passage
