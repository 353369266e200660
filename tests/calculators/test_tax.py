"""Tax yield per öre, checked by hand against the plans' tax figures and rate (11,70 kr)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculators import InvalidInput, MissingFigure, tax_change_effect, tax_per_ore

from .factories import income_2020, make_cell, tabell_4, tax_rate_2026

TAX_2026 = tabell_4().cell("Skatteintäkter", "Budget 2026")  # Regionplan 2026–2028, Tabell 4: 4 054,6 mkr
RATE = tax_rate_2026()  # Regionplan 2026–2028, Budget 2026–2028: utdebitering 11,70 kronor


class TestTaxPerOre:
    def test_2026(self):
        # 4 054,6 mkr / 1 170 öre = 3,465 47… mkr per öre
        result = tax_per_ore(TAX_2026, RATE)
        assert result.value.quantize(Decimal("0.00001")) == Decimal("3.46547")
        assert result.steps[-2:] == (
            "Skattesats 11,70 kr = 1 170 öre.",
            "4 054,6 mkr / 1 170 öre = 3,47 mkr per skatteöre.",
        )
        assert result.sources == (TAX_2026, RATE)
        assert result.source_year == 2026

    def test_decimals_without_sources(self):
        # Regionplan 2020–2022, Tabell 4: Skatteintäkter Budget 2020 = 3 183,2 mkr at 11,70 kr
        result = tax_per_ore(Decimal("3183.2"), Decimal("11.70"))
        assert result.sources == ()
        assert result.value * 1170 == Decimal("3183.2")

    def test_zero_rate(self):
        with pytest.raises(InvalidInput, match="Skattesatsen måste vara större än 0 kr"):
            tax_per_ore(TAX_2026, 0)

    def test_rate_in_percent_of_a_thousand(self):
        with pytest.raises(InvalidInput, match="kronor per hundralapp"):
            tax_per_ore(TAX_2026, 1170)

    def test_text_income(self):
        with pytest.raises(InvalidInput, match="Skatteintäkterna måste vara ett tal"):
            tax_per_ore("4 054,6", RATE)

    def test_empty_cell(self):
        empty = make_cell("x#4", "Skatteintäkter", "Plan 2031", "-")
        with pytest.raises(MissingFigure, match="'Skatteintäkter' / 'Plan 2031' i x#4 har inget tal"):
            tax_per_ore(empty, RATE)


class TestTaxChangeEffect:
    def test_the_2020_increase_of_50_ore(self):
        # Regionplan 2020–2022: +50 öre to 11,70 kr, "beräknas ge ökade skatteintäkter med 139 miljoner kronor för 2020";
        # the proportional rule on Tabell 4's Budget 2020 (3 183,2 mkr) gives 136,03 mkr
        income = income_2020().cell("Skatteintäkter", "Budget 2020")
        result = tax_change_effect(income, Decimal("11.70"), 50)
        assert result.value.quantize(Decimal("0.01")) == Decimal("136.03")
        assert result.steps[-1] == "Förändring: 2,72 mkr × 50 öre = 136,03 mkr."
        assert result.inputs["change_ore"] == 50

    @given(st.integers(-100, 100), st.integers(-100, 100))
    def test_effect_is_monotone_in_the_change(self, a, b):
        low, high = sorted((a, b))
        assert tax_change_effect(TAX_2026, RATE, low).value <= tax_change_effect(TAX_2026, RATE, high).value

    def test_zero_change(self):
        assert tax_change_effect(TAX_2026, RATE, 0).value == 0
