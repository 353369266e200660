"""Tolerant row and column lookup on tables shaped as ingest/tables.py parses them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from calculators import MissingFigure, UnknownYear, figure, find_column, find_row, table_name, year_cells, years

from .factories import IB_ROW, costs_t1_2026, make_table, tabell_3, tabell_4, tabell_24

TABELL_4 = tabell_4()


class TestFindRow:
    @pytest.mark.parametrize("label", ["Generella statsbidrag", "generella statsbidrag *", "  GENERELLA   statsbidrag"])
    def test_case_footnote_and_whitespace(self, label):
        assert find_row(TABELL_4, label) == "Generella statsbidrag *"

    def test_exact_wins_over_prefix(self):
        # "Årets resultat" is a row of its own, and no other row starts with it in Tabell 4
        assert find_row(TABELL_4, "årets resultat") == "Årets resultat"

    def test_unique_prefix(self):
        assert find_row(tabell_3(), "IB") == IB_ROW

    def test_ambiguous_prefix_lists_the_rows(self):
        with pytest.raises(MissingFigure, match="'Verksamhetens intäkter', 'Verksamhetens kostnader'"):
            find_row(TABELL_4, "Verksamhetens")


class TestFindColumn:
    def test_prognosis_before_budget(self):
        # Regionplan 2026–2028, Tabell 4 has both Budget 2025 and Prognos 2025
        assert find_column(TABELL_4, 2025) == "Prognos 2025"

    def test_by_label(self):
        assert find_column(TABELL_4, "plan 2027") == "Plan 2027"

    def test_year_only_columns(self):
        # Regionplan 2026–2028, Tabell 24: columns are bare years
        assert find_column(tabell_24(), 2027) == "2027"

    def test_header_text_columns(self):
        # Tertialrapport 1 2026: "Ack utfall" must not be taken for "Ack utfall fg år"
        assert find_column(costs_t1_2026(), "Ack utfall") == "Ack utfall"

    def test_unknown_year_by_label(self):
        with pytest.raises(UnknownYear, match=r"Året 2035 finns inte i Tabell 4 \(2024–2030\)"):
            find_column(TABELL_4, "Plan 2035")

    def test_year_read_from_label_when_cells_lack_it(self):
        table = make_table({"Skatteintäkter": {"Plan 2027": "4 231,4"}}, table_id="4", caption="Tabell 4.")
        bare = replace(table, cells=tuple(replace(cell, year=None, kind=None) for cell in table.cells))
        assert find_column(bare, 2027) == "Plan 2027"


def test_figure_reads_the_cell():
    # Regionplan 2026–2028, Tabell 4: Verksamhetens kostnader Plan 2027 = -6 978,5
    assert figure(TABELL_4, "Verksamhetens kostnader", 2027).raw == "-6 978,5"


def test_years_and_year_cells():
    assert years(TABELL_4) == (2024, 2025, 2026, 2027, 2028, 2029, 2030)
    assert year_cells(TABELL_4, "Skatteintäkter")[2025].col_label == "Prognos 2025"


def test_table_name_without_a_number():
    assert table_name(costs_t1_2026()) == "Intäkter och kostnader"
