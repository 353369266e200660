"""Arithmetic over cells (calculators.cells), checked by hand against the figures of the documents.

Rows and years differ from the doctests and the dev questions: another line, another
column, another document. Every expected value is computed in the comment above it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculators import (
    InvalidInput,
    budget_from_deviation,
    ceiling_visit,
    difference,
    figure,
    per_capita,
    per_period,
    ratio,
    same_document,
    total,
    what_if,
)
from calculators.cells import document_of
from ingest.models import Cell

from .factories import PLAN_2020, PLAN_2026, T1_2026, make_cell, tabell_4, tabell_5

TABELL_4 = tabell_4()
TABELL_5 = tabell_5()
# Regionplan och budget 2026–2028, Tabell 20: Region Jämtland Härjedalen, egna siffror, 132 466 every year
POPULATION = Cell(
    f"{PLAN_2026}#tabell-20", "Region Jämtland Härjedalen, egna siffror", "Prognos 2026", "132 466", Decimal(132466)
)
# Regionplan med budget 2020–2022, Tabell 4: Skatteintäkter Budget 2020 3 183,2
TAX_2020 = make_cell(f"{PLAN_2020}#tabell-4", "Skatteintäkter", "Budget 2020", "3 183,2")


def t4(row: str, year: int) -> Cell:
    return figure(TABELL_4, row, year)


class TestDifference:
    def test_income_rises_between_two_plan_years(self):
        # Tabell 4: Skatteintäkter Plan 2027 4 231,4 → Plan 2029 4 552,5: 321,1 mkr; 4 552,5 / 4 231,4 − 1 = 7,59 %
        result = difference(t4("Skatteintäkter", 2027), t4("Skatteintäkter", 2029), "mkr")
        assert result.value["difference"] == Decimal("321.1")
        assert result.value["percent"].quantize(Decimal("0.01")) == Decimal("7.59")
        assert result.steps[-1] == "Skatteintäkter ökar med 321,1 mkr (7,6 %) från Plan 2027 till Plan 2029."
        assert result.sources == (t4("Skatteintäkter", 2027), t4("Skatteintäkter", 2029))

    def test_a_cost_printed_negative_that_grows_has_increased(self):
        # Tabell 4: Verksamhetens kostnader Plan 2028 -7 151,8 → Plan 2029 -7 268,5: 116,7 mkr larger, 1,6 %
        result = difference(t4("Verksamhetens kostnader", 2028), t4("Verksamhetens kostnader", 2029), "mkr")
        assert result.value["difference"] == Decimal("-116.7")
        assert result.steps[-1] == "Verksamhetens kostnader ökar med 116,7 mkr (1,6 %) från Plan 2028 till Plan 2029."

    def test_no_percentage_when_the_sign_flips(self):
        # Tabell 4: Årets resultat Utfall 2024 -493,7 → Plan 2027 260,1: +753,8 mkr, no meaningful percentage
        result = difference(t4("Årets resultat", 2024), t4("Årets resultat", 2027), "mkr")
        assert result.value["difference"] == Decimal("753.8") and result.value["percent"] is None
        assert result.steps[-2] == "Procentuell förändring anges inte: utgångsvärdet är 0 eller tecknet byts."

    def test_unchanged(self):
        # Tabell 4: Avskrivningar -170,0 in both Plan 2027 and Plan 2028
        result = difference(t4("Avskrivningar", 2027), t4("Avskrivningar", 2028), "mkr")
        assert result.value["difference"] == 0
        assert result.steps[-1] == "Avskrivningar är oförändrad från Plan 2027 till Plan 2028."

    def test_two_documents_only_when_joined(self):
        # Skatteintäkter Budget 2020 (plan 2020–2022) 3 183,2 → Budget 2026 (plan 2026–2028) 4 054,6: +871,4 mkr
        with pytest.raises(InvalidInput, match="olika dokument"):
            difference(TAX_2020, t4("Skatteintäkter", 2026), "mkr")
        joined = difference(TAX_2020, t4("Skatteintäkter", 2026), "mkr", join=True)
        assert joined.value["difference"] == Decimal("871.4")
        assert joined.steps[:2] == (f"Källa: {PLAN_2020}.", f"Källa: {PLAN_2026}.")


class TestRatio:
    def test_result_as_share_of_tax_income(self):
        # Tabell 4, Plan 2029: Årets resultat 268,0 / Skatteintäkter 4 552,5 = 5,89 %
        result = ratio(t4("Årets resultat", 2029), t4("Skatteintäkter", 2029))
        assert result.value.quantize(Decimal("0.01")) == Decimal("5.89")
        assert result.unit == "%"
        assert result.steps[-1] == "Andel: 268,0 / 4 552,5 = 5,9 %."

    def test_costs_printed_negative_are_compared_by_size(self):
        # Tabell 4, Budget 2026: Avskrivningar -170,0 of Verksamhetens kostnader -7 075,2 = 2,40 %
        result = ratio(t4("Avskrivningar", 2026), t4("Verksamhetens kostnader", 2026))
        assert result.value.quantize(Decimal("0.01")) == Decimal("2.40")
        assert result.steps[-1] == "Andel: 170,0 / 7 075,2 = 2,4 %."

    def test_a_whole_of_zero_is_refused(self):
        # Tabell 4: Årets resultat Budget 2026 is 0,0
        with pytest.raises(InvalidInput, match="är 0"):
            ratio(t4("Skatteintäkter", 2026), t4("Årets resultat", 2026))

    def test_two_documents_are_refused(self):
        with pytest.raises(InvalidInput, match="olika dokument"):
            ratio(TAX_2020, t4("Skatteintäkter", 2026))


class TestTotal:
    def test_two_lines_of_the_balance_sheet(self):
        # Tabell 5, Plan 2027: Eget kapital -1 253 + Långfristiga skulder 891 = -362
        cells = [figure(TABELL_5, "Eget kapital", 2027), figure(TABELL_5, "Långfristiga skulder", 2027)]
        result = total(cells, "mkr")
        assert result.value == Decimal(-362)
        assert result.steps[-1] == "Summa: -1 253 + 891 = -362 mkr."
        assert result.sources == tuple(cells)

    def test_nothing_to_add(self):
        with pytest.raises(InvalidInput, match="Inga tal"):
            total([], "mkr")

    def test_two_documents_are_refused(self):
        with pytest.raises(InvalidInput, match="olika dokument"):
            total([TAX_2020, t4("Skatteintäkter", 2026)], "mkr")


class TestWhatIf:
    def test_income_one_percent_lower(self):
        # Tabell 4, Plan 2028: Skatteintäkter 4 393,9 − 1 % = −43,939; Årets resultat 262,9 − 43,939 = 218,961
        result = what_if(t4("Skatteintäkter", 2028), t4("Årets resultat", 2028), "mkr", percent=Decimal(-1))
        assert result.value == Decimal("218.961")
        assert result.steps[-1] == "Årets resultat blir 262,9 - 43,94 = 218,96 mkr, dvs. cirka 219,0 mkr."

    def test_a_cost_two_percent_larger(self):
        # Tabell 4, Plan 2027: Verksamhetens kostnader -6 978,5 × 2 % = 139,57 more cost; 260,1 − 139,57 = 120,53
        result = what_if(t4("Verksamhetens kostnader", 2027), t4("Årets resultat", 2027), "mkr", percent=Decimal(2))
        assert result.value == Decimal("120.53")

    def test_a_cost_larger_by_an_amount(self):
        # Tabell 4, Plan 2029: Avskrivningar -170,0 ten mkr larger; Årets resultat 268,0 − 10 = 258,0
        result = what_if(t4("Avskrivningar", 2029), t4("Årets resultat", 2029), "mkr", amount=Decimal(10))
        assert result.value == Decimal("258.0")

    @pytest.mark.parametrize("change", [{}, {"percent": Decimal(1), "amount": Decimal(1)}])
    def test_exactly_one_change(self, change):
        with pytest.raises(InvalidInput, match="antingen"):
            what_if(t4("Avskrivningar", 2029), t4("Årets resultat", 2029), "mkr", **change)

    @given(row=st.sampled_from(tuple(TABELL_4.rows)), year=st.sampled_from((2026, 2027, 2028, 2029, 2030)))
    def test_no_change_leaves_the_result(self, row, year):
        result = what_if(t4(row, year), t4("Årets resultat", year), "mkr", percent=Decimal(0))
        assert result.value == t4("Årets resultat", year).value


class TestPerCapita:
    def test_general_grants_per_inhabitant(self):
        # Tabell 4: Generella statsbidrag Budget 2026 1 393,9 mkr / 132 466 invånare = 10 522,7 kr
        result = per_capita(t4("Generella statsbidrag *", 2026), "mkr", POPULATION)
        assert result.value.quantize(Decimal("0.1")) == Decimal("10522.7")
        assert result.unit == "kr"
        assert result.steps[-1] == "1 393 900 000 kr / 132 466 invånare = 10 522,7 kr per invånare, dvs. cirka 10 523 kr."

    def test_a_cost_in_tkr(self):
        # Tertialrapport 1 2026: Personalkostnader ack utfall -217 860 tkr / 132 466 = 1 644,6 kr per invånare
        cost = make_cell(f"{T1_2026}#intakter-och-kostnader", "Personalkostnader", "Ack utfall", "-217 860")
        result = per_capita(cost, "tkr", POPULATION, join=True)
        assert result.value.quantize(Decimal("0.1")) == Decimal("1644.6")

    def test_a_population_that_is_no_population(self):
        empty = Cell(POPULATION.table_id, POPULATION.row_label, "Prognos 2026", "0", Decimal(0))
        with pytest.raises(InvalidInput, match="inte ett positivt tal"):
            per_capita(t4("Skatteintäkter", 2026), "mkr", empty)


class TestPerPeriod:
    def test_an_amount_for_four_years(self):
        result = per_period(Cell("summering.txt#text", "Ny kostnad", "Summering", "12 mkr", Decimal(12)), "mkr", 4)
        assert result.value == Decimal(3)
        assert result.steps[-1] == "12 mkr / 4 år = 3 mkr per år."

    def test_no_years(self):
        with pytest.raises(InvalidInput, match="positivt"):
            per_period(Cell("summering.txt#text", "Ny kostnad", "Summering", "12 mkr", Decimal(12)), "mkr", 0)


class TestBudgetFromDeviation:
    def test_an_income_better_than_budget(self):
        # Tertialrapport 1 2026, Intäkter: ack utfall 295 954, 86 206 tkr better than budget → budget 209 748
        # (the table's own Ack budget column prints 209 748)
        outcome = make_cell(f"{T1_2026}#text", "Intäkter", "Ack utfall", "295 954")
        gap = make_cell(f"{T1_2026}#text", "Avvikelse mot budget", "Bud-Utf Diff", "86 206")
        result = budget_from_deviation(outcome, gap, "tkr", cost=False, better=True)
        assert result.value == Decimal(209748)
        assert result.steps[-1] == "Budget: 295 954 - 86 206 = 209 748 tkr."

    def test_a_cost_worse_than_budget(self):
        # Tertialrapport 1 2026, Köp av verksamhet: ack utfall 373 278, 59 306 tkr worse → budget 313 972
        # (the table prints 313 971: its difference column is rounded)
        outcome = make_cell(f"{T1_2026}#text", "Köp av verksamhet", "Ack utfall", "373 278")
        gap = make_cell(f"{T1_2026}#text", "Avvikelse mot budget", "Bud-Utf Diff", "59 306")
        assert budget_from_deviation(outcome, gap, "tkr", cost=True, better=False).value == Decimal(313972)


class TestCeilingVisit:
    # Regionplan med budget 2020–2022, Bilaga 4: högkostnadsskydd öppenvård 1 150 kr per 12 månader
    CEILING = make_cell(f"{PLAN_2020}#hogkostnadsskydd-oppenvard", "Högkostnadsskydd", "Avgift", "1 150 kr")

    @pytest.mark.parametrize(
        ("fee", "visit", "last"),
        [
            ("400 kr", 3, Decimal(350)),  # Tabell 14, jourtid: 2 × 400 = 800; the third visit costs 1 150 − 800
            ("150 kr", 8, Decimal(100)),  # Tabell 14, receptförnyelse: 7 × 150 = 1 050; the eighth costs 100
            ("230 kr", 5, Decimal(230)),  # a fee that divides the ceiling: the fifth visit costs the whole fee
        ],
    )
    def test_the_visit_that_reaches_the_ceiling(self, fee, visit, last):
        cell = make_cell(f"{PLAN_2020}#hogkostnadsskydd-oppenvard", "Besök", "Avgift", fee)
        assert ceiling_visit(cell, self.CEILING).value == {"visit": visit, "fee": last}

    def test_a_free_visit_never_reaches_it(self):
        free = make_cell(f"{PLAN_2020}#hogkostnadsskydd-oppenvard", "Besök", "Avgift", "0 kr")
        with pytest.raises(InvalidInput, match="positiva"):
            ceiling_visit(free, self.CEILING)


class TestSameDocument:
    """A calculation uses one document's figures unless the question compares documents (join=True)."""

    def test_one_document(self):
        same_document([t4("Skatteintäkter", 2026), figure(TABELL_5, "Eget kapital", 2026)])

    def test_two_documents_are_refused_with_both_named(self):
        with pytest.raises(InvalidInput, match=rf"\({PLAN_2020}, {PLAN_2026}\)"):
            same_document([t4("Skatteintäkter", 2026), TAX_2020])

    def test_two_documents_joined_on_purpose(self):
        same_document([t4("Skatteintäkter", 2026), TAX_2020], join=True)

    def test_a_figure_stated_in_text_belongs_to_its_document(self):
        rate = Cell(f"{PLAN_2026}#text", "Utdebitering (skattesats)", "Regionplan", "11,70", Decimal("11.70"))
        assert document_of(rate) == PLAN_2026
        same_document([t4("Skatteintäkter", 2026), rate])

    @given(
        documents=st.lists(st.sampled_from((PLAN_2020, PLAN_2026, T1_2026)), min_size=1, max_size=6),
        suffixes=st.lists(st.sampled_from(("tabell-4", "tabell-5", "text", "generella-statsbidrag")), min_size=6, max_size=6),
        join=st.booleans(),
    )
    def test_refuses_exactly_when_cells_come_from_several_documents(self, documents, suffixes, join):
        cells = [
            Cell(f"{document}#{suffix}", "Rad", "2026", "1", Decimal(1), 2026)
            for document, suffix in zip(documents, suffixes, strict=False)
        ]
        several = len(set(documents)) > 1
        if several and not join:
            with pytest.raises(InvalidInput, match="olika dokument"):
                same_document(cells, join=join)
        else:
            same_document(cells, join=join)
