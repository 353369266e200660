"""Personnel cost with PO-pålägg, checked by hand against Regionplan 2026–2028, Tabell 24."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculators import InvalidInput, MissingFigure, UnknownYear, personnel_cost

from . import strategies
from .factories import make_table, tabell_24

TABELL_24 = tabell_24()


class TestPersonnelCost:
    def test_annual_salary_2027(self):
        # Regionplan 2026–2028, Tabell 24: Summa PO-pålägg 2027 = 44,42 % (last column); 500 000 × 1,4442 = 722 100 (dev D20)
        result = personnel_cost(TABELL_24, Decimal("500000"), 2027)
        assert result.value == Decimal("722100")
        assert result.steps[1] == "Summa PO-pålägg 2027: 44,42 %."
        assert result.steps[-1] == "Lönekostnad inklusive PO-pålägg 2027: 500 000 × 1,4442 = 722 100 kr."
        assert result.sources[0].col_label == "2027"
        assert (result.unit, result.source_year) == ("kr", 2027)

    def test_2026_uses_45_82(self):
        # Regionplan 2026–2028, Tabell 24: 2026 = 45,82 %; 500 000 × 1,4582 = 729 100
        assert personnel_cost(TABELL_24, 500_000, 2026).value == Decimal("729100")

    def test_monthly_salary(self):
        # 40 000 kr/månad × 12 = 480 000; × 1,4442 (2027) = 693 216
        result = personnel_cost(TABELL_24, 40_000, 2027, period="month")
        assert result.value == Decimal("693216")
        assert "Årslön: 40 000 × 12 = 480 000 kr." in result.steps

    def test_headcount(self):
        # 3 × 722 100 = 2 166 300
        result = personnel_cost(TABELL_24, 500_000, 2027, headcount=3)
        assert result.value == Decimal("2166300")
        assert result.steps[-1] == "För 3 medarbetare: 722 100 × 3 = 2 166 300 kr."

    def test_oere_are_shown(self):
        # 30 000,50 × 1,4442 = 43 326,722 1 → "43 326,72"
        assert personnel_cost(TABELL_24, Decimal("30000.50"), 2027).steps[-1].endswith("= 43 326,72 kr.")

    @pytest.mark.parametrize("salary", [Decimal("-500000"), 0])
    def test_salary_must_be_positive(self, salary):
        with pytest.raises(InvalidInput, match="Lönen måste vara större än 0 kr"):
            personnel_cost(TABELL_24, salary, 2027)

    @pytest.mark.parametrize("salary", ["500 000", 500000.0, None, True])
    def test_salary_must_be_a_number(self, salary):
        with pytest.raises(InvalidInput, match="Lönen måste vara ett tal"):
            personnel_cost(TABELL_24, salary, 2027)

    def test_unknown_year(self):
        with pytest.raises(UnknownYear, match=r"Året 2028 finns inte i Tabell 24 \(2022–2027\)"):
            personnel_cost(TABELL_24, 500_000, 2028)

    def test_bad_period(self):
        with pytest.raises(InvalidInput, match="'year' \\(årslön\\) eller 'month'"):
            personnel_cost(TABELL_24, 500_000, 2027, period="week")

    @pytest.mark.parametrize("headcount", [0, -1, 1.5])
    def test_bad_headcount(self, headcount):
        with pytest.raises(InvalidInput, match="Antalet medarbetare"):
            personnel_cost(TABELL_24, 500_000, 2027, headcount=headcount)

    def test_missing_po_row(self):
        table = make_table({"Avtalsförsäkringar": {"2027": "0,20"}}, table_id="24", caption="Tabell 24.", unit="%")
        with pytest.raises(MissingFigure, match="Raden 'Summa PO-pålägg' finns inte i Tabell 24"):
            personnel_cost(table, 500_000, 2027)

    @given(strategies.salaries, strategies.salaries, strategies.po_years)
    def test_cost_never_falls_when_salary_rises(self, a, b, year):
        low, high = sorted((a, b))
        assert personnel_cost(TABELL_24, low, year).value <= personnel_cost(TABELL_24, high, year).value

    @given(strategies.salaries, st.integers(1, 50), st.integers(1, 50), strategies.po_years)
    def test_cost_never_falls_when_headcount_rises(self, salary, a, b, year):
        low, high = sorted((a, b))
        cost = personnel_cost(TABELL_24, salary, year, headcount=low).value
        assert cost <= personnel_cost(TABELL_24, salary, year, headcount=high).value

    @given(strategies.salaries, strategies.po_years)
    def test_cost_is_above_the_salary(self, salary, year):
        assert personnel_cost(TABELL_24, salary, year).value > salary
