"""Återställande av underskott, checked by hand against Regionplan 2026–2028, Tabell 3."""

from __future__ import annotations

import json
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculators import (
    InvalidInput,
    MissingFigure,
    UnknownYear,
    accumulated_deficit,
    even_surplus_needed,
    extra_needed,
    figure,
    remaining_deficit,
    restoration_plan,
    restoration_year,
)

from . import strategies
from .factories import IB_ROW, RESULT_ROW, UB_ROW, make_table, tabell_3

TABELL_3 = tabell_3()


def _restored(results: dict) -> int | float:
    """The restoration year, with "never" as infinity so years compare."""
    year = restoration_year(TABELL_3, results).value
    return float("inf") if year is None else year


class TestRestorationPlan:
    def test_opening_is_ib_2026(self):
        # Regionplan 2026–2028, Tabell 3: IB 2026 = UB 2025 = -1 005 mkr
        first = restoration_plan(TABELL_3).value.years[0]
        assert (first.year, first.opening) == (2026, Decimal("-1005"))

    def test_planned_results(self):
        # Regionplan 2026–2028, Tabell 3: Årets resultat 2026–2030 = 0, 260, 263, 268, 269
        results = [row.result for row in restoration_plan(TABELL_3).value.years]
        assert results == [Decimal(n) for n in ("0", "260", "263", "268", "269")]

    def test_closing_balances_match_the_table(self):
        # Regionplan 2026–2028, Tabell 3: UB 2026–2030 = -1 005, -745, -482, -214, 55
        closing = [row.closing for row in restoration_plan(TABELL_3).value.years]
        assert closing == [Decimal(n) for n in ("-1005", "-745", "-482", "-214", "55")]

    def test_restored_in_2030(self):
        # Regionplan 2026–2028, Tabell 3: UB 2030 = 55 ≥ 0, and "fram till och med år 2030"
        plan = restoration_plan(TABELL_3)
        assert plan.value.restored_in == 2030
        assert plan.value.remaining == 0
        assert plan.steps[-1] == "Underskottet är återställt 2030 (UB 55 mkr)."

    def test_steps_show_each_year(self):
        steps = restoration_plan(TABELL_3).steps
        assert steps[0] == "Källa: Regionplan och budget 2026–2028, Tabell 3 (mkr)."
        assert steps[1] == "IB 2026 (ackumulerade ej återställda negativa resultat): -1 005 mkr."
        assert "2028: -745 + 263 = -482 mkr (UB)." in steps

    def test_sources_are_the_cells_used(self):
        sources = restoration_plan(TABELL_3).sources
        assert [(cell.row_label, cell.col_label) for cell in sources] == [
            (IB_ROW, "Plan 2026"),
            *((RESULT_ROW, f"Plan {year}") for year in range(2026, 2031)),
        ]

    def test_a_replaced_result_is_marked_and_not_cited(self):
        plan = restoration_plan(TABELL_3, {2027: Decimal("100")})
        assert plan.value.years[1].replaced
        assert "2027: -1 005 + 100 (i stället för planens 260) = -905 mkr (UB)." in plan.steps
        assert all(cell.col_label != "Plan 2027" for cell in plan.sources)
        assert plan.inputs["results"] == {2027: Decimal("100")}

    def test_start_in_2025_shows_that_the_table_does_not_add_up(self):
        # Regionplan 2026–2028, Tabell 3, 2025: IB -675 + result -230 = -905, but the table's UB is -1 005
        # (Tabell 4's Prognos 2025 is -329,9, so the UB row uses the prognosis, the result row the budget).
        plan = restoration_plan(TABELL_3, start_year=2025)
        assert plan.value.years[0].closing == Decimal("-905")
        assert any(step.startswith("Obs: Tabell 3 anger UB 2025 = -1 005") for step in plan.steps)

    def test_to_dict_is_the_json_contract(self):
        data = restoration_plan(TABELL_3, {2027: Decimal("100")}).to_dict()
        assert set(data) == {"calculator", "inputs", "result", "unit", "steps", "sources"}
        assert data["result"]["remaining"] == "105"
        assert data["inputs"]["results"] == {"2027": "100"}
        assert data["sources"][0]["col_label"] == "Plan 2026"
        json.dumps(data)

    def test_unknown_year_in_results(self):
        with pytest.raises(UnknownYear, match=r"Året 2035 finns inte i Tabell 3 \(2026–2030\)"):
            restoration_plan(TABELL_3, {2035: Decimal("100")})

    def test_year_before_the_start_cannot_be_replaced(self):
        with pytest.raises(InvalidInput, match="ange start_year=2025"):
            restoration_plan(TABELL_3, {2025: Decimal("-330")})

    def test_unknown_start_year(self):
        with pytest.raises(UnknownYear, match=r"Året 2019 finns inte i Tabell 3 \(2025–2030\)"):
            restoration_plan(TABELL_3, start_year=2019)

    def test_text_where_a_number_belongs(self):
        with pytest.raises(InvalidInput, match="Årets resultat 2027 måste vara ett tal"):
            restoration_plan(TABELL_3, {2027: "100"})

    def test_missing_result_row(self):
        table = make_table({IB_ROW: {"Plan 2026": "-1 005"}}, table_id="3", caption="Tabell 3. Plan för återställande")
        with pytest.raises(MissingFigure, match="Raden 'Årets resultat' finns inte i Tabell 3"):
            restoration_plan(table)

    def test_empty_cell(self):
        table = make_table({IB_ROW: {"Plan 2026": "-1 005"}, RESULT_ROW: {"Plan 2026": "-"}}, table_id="3", caption="Tabell 3.")
        with pytest.raises(MissingFigure, match=r"Tabell 3 har inget tal för 'Årets resultat.*' i kolumnen 'Plan 2026'"):
            restoration_plan(table)

    @given(strategies.results_by_year, strategies.plan_years, strategies.positive_amounts)
    def test_a_higher_result_never_restores_later(self, results, year, extra):
        better = dict(results)
        better[year] = results.get(year, TABELL_3.cell(RESULT_ROW, f"Plan {year}").value) + extra
        assert _restored(better) <= _restored(results)

    @given(strategies.results_summing_to_deficit())
    def test_results_summing_to_the_deficit_restore_exactly(self, results):
        plan = restoration_plan(TABELL_3, results).value
        assert plan.years[-1].closing == 0
        assert plan.remaining == 0
        assert plan.restored_in is not None

    @given(strategies.results_by_year)
    def test_each_year_closes_at_opening_plus_result(self, results):
        years = restoration_plan(TABELL_3, results).value.years
        assert all(row.closing == row.opening + row.result for row in years)
        assert all(later.opening == earlier.closing for earlier, later in pairwise(years))


class TestAccumulatedDeficit:
    def test_ub_2028(self):
        # Regionplan 2026–2028, Tabell 3: UB 2028 = -482 mkr
        assert accumulated_deficit(TABELL_3, 2028).value == Decimal("-482")

    def test_ub_2029(self):
        # Regionplan 2026–2028, Tabell 3: UB 2029 = -214 mkr (dev question D17)
        result = accumulated_deficit(TABELL_3, 2029)
        assert result.value == Decimal("-214")
        assert result.steps[-1] == "UB 2029: -214 mkr ej återställt."
        assert max(cell.year for cell in result.sources) == 2029

    def test_with_a_replaced_year(self):
        # -1 005 + 0 + 100 = -905 at the end of 2027
        assert accumulated_deficit(TABELL_3, 2027, {2027: Decimal("100")}).value == Decimal("-905")

    def test_unknown_year(self):
        with pytest.raises(UnknownYear, match=r"Året 2035 finns inte i Tabell 3 \(2026–2030\)"):
            accumulated_deficit(TABELL_3, 2035)

    def test_prognosis_year_needs_an_earlier_start(self):
        with pytest.raises(InvalidInput, match=r"Året 2025 ligger utanför beräkningen: .*ange start_year=2025"):
            accumulated_deficit(TABELL_3, 2025)
        # Regionplan 2026–2028, Tabell 3: IB 2025 -675 + årets resultat 2025 -230 = -905
        assert accumulated_deficit(TABELL_3, 2025, start_year=2025).value == Decimal("-905")


class TestRestorationYear:
    def test_planned(self):
        # Regionplan 2026–2028, Tabell 3: the first non-negative UB is 2030 (55 mkr)
        assert restoration_year(TABELL_3).value == 2030

    def test_never_with_200_a_year(self):
        # Dev question D18: 200 mkr each year 2027–2030 → -1 005 + 0 + 800 = -205, not restored in 2030
        assert restoration_year(TABELL_3, dict.fromkeys(range(2027, 2031), Decimal("200"))).value is None

    def test_earlier_with_larger_surpluses(self):
        # -1 005 + 0 + 500 + 505 = 0 at the end of 2028
        assert restoration_year(TABELL_3, {2027: Decimal("500"), 2028: Decimal("505")}).value == 2028


class TestRemainingDeficit:
    def test_planned_leaves_nothing(self):
        # Regionplan 2026–2028, Tabell 3: UB 2030 = +55
        assert remaining_deficit(TABELL_3).value == 0

    def test_2027_at_100(self):
        # -1 005 + 0 + 100 + 263 + 268 + 269 = -105
        result = remaining_deficit(TABELL_3, {2027: Decimal("100")})
        assert result.value == Decimal("105")
        assert result.steps[-1] == "Underskottet är inte återställt: efter 2030 återstår 105 mkr."

    def test_2026_at_minus_230(self):
        # Dev question D32: -1 005 - 230 + 260 + 263 + 268 + 269 = -175
        assert remaining_deficit(TABELL_3, {2026: Decimal("-230")}).value == Decimal("175")

    def test_200_a_year_2027_to_2030(self):
        # Dev question D18: -1 005 + 0 + 4 × 200 = -205
        result = remaining_deficit(TABELL_3, dict.fromkeys(range(2027, 2031), Decimal("200")))
        assert result.value == Decimal("205")


class TestEvenSurplusNeeded:
    def test_from_2026_to_2030(self):
        # 1 005 / 5 years = 201 mkr per year
        assert even_surplus_needed(TABELL_3, 2030).value == Decimal("201")

    def test_from_2027_keeps_2026_as_planned(self):
        # Plan 2026 = 0, so 1 005 / 4 = 251,25 mkr per year 2027–2030
        result = even_surplus_needed(TABELL_3, 2030, from_year=2027)
        assert result.value == Decimal("251.25")
        assert [cell.col_label for cell in result.sources] == ["Plan 2026", "Plan 2026"]

    def test_a_quotient_that_does_not_end_rounds_up(self):
        # With 2026 at -230: (1 005 + 230) / 3 = 411,666… for 2027–2029, rounded up in the 28th digit
        needed = even_surplus_needed(TABELL_3, 2029, results={2026: Decimal("-230")}, from_year=2027).value
        assert Decimal("411.6666") < needed < Decimal("411.6667")
        assert needed * 3 >= Decimal("1235")

    def test_nothing_to_restore(self):
        assert even_surplus_needed(TABELL_3, 2030, from_year=2029, results={2027: Decimal("2000")}).value == 0

    def test_target_before_start(self):
        with pytest.raises(InvalidInput, match="Målåret 2027 ligger före startåret 2028"):
            even_surplus_needed(TABELL_3, 2027, from_year=2028)

    def test_target_outside_the_plan(self):
        with pytest.raises(UnknownYear, match="Året 2031 finns inte i Tabell 3"):
            even_surplus_needed(TABELL_3, 2031)

    def test_replaced_year_inside_the_even_span(self):
        with pytest.raises(InvalidInput, match="ersätts av det jämna överskottet"):
            even_surplus_needed(TABELL_3, 2030, from_year=2027, results={2028: Decimal("100")})

    @given(st.sampled_from((2026, 2027, 2028, 2029)), st.data())
    def test_the_even_surplus_restores_by_the_target(self, first, data):
        target = data.draw(st.integers(min_value=first, max_value=2030))
        needed = even_surplus_needed(TABELL_3, target, from_year=first).value
        results = dict.fromkeys(range(first, target + 1), needed)
        assert accumulated_deficit(TABELL_3, target, results).value >= 0

    def test_from_the_first_plan_year_cites_the_opening_deficit(self):
        # Tabell 3: IB 2026 -1 005, restored by 2029 over 4 years: 251,25 mkr per year
        result = even_surplus_needed(TABELL_3, 2029)
        assert result.value == Decimal("251.25")
        assert figure(TABELL_3, IB_ROW, 2026) in result.sources


class TestExtraNeeded:
    """How much larger than the plan's the results must be, in total and per year, to restore by a year."""

    def test_restored_by_2028_from_2027(self):
        # Tabell 3: UB 2028 = -1 005 + 0 + 260 + 263 = -482; 482 mkr more over 2027–2028, 241 per year
        result = extra_needed(TABELL_3, 2028, from_year=2027)
        assert result.value == {"total": Decimal(482), "per_year": Decimal(241)}
        assert result.steps[-2] == (
            "UB 2028 enligt planen: -482 mkr; resultaten 2027–2028 måste sammanlagt bli 482 mkr större "
            "för att underskottet ska vara återställt 2028."
        )
        assert result.steps[-1] == "Jämnt fördelat: 482 / 2 år = 241,00 mkr mer per år 2027–2028."
        assert [cell.col_label for cell in result.sources] == ["Plan 2026", "Plan 2026", "Plan 2027", "Plan 2028"]

    def test_nothing_extra_when_the_plan_restores_by_then(self):
        # Tabell 3: UB 2030 = 55, already restored
        assert extra_needed(TABELL_3, 2030, from_year=2026).value == {"total": Decimal(0), "per_year": Decimal(0)}

    def test_with_a_replaced_result(self):
        # 2027 at 100 instead of 260: UB 2029 = -1 005 + 0 + 100 + 263 + 268 = -374; 374 / 3 = 124,67 per year
        result = extra_needed(TABELL_3, 2029, from_year=2027, results={2027: Decimal(100)})
        assert result.value["total"] == Decimal(374)
        assert result.steps[-1] == "Jämnt fördelat: 374 / 3 år ≈ 124,67 mkr mer per år 2027–2029 (avrundat uppåt)."

    def test_target_before_start(self):
        with pytest.raises(InvalidInput, match="Målåret 2027 ligger före startåret 2028"):
            extra_needed(TABELL_3, 2027, from_year=2028)

    def test_target_outside_the_plan(self):
        with pytest.raises(UnknownYear, match="Året 2031 finns inte i Tabell 3"):
            extra_needed(TABELL_3, 2031, from_year=2028)

    @given(st.sampled_from((2026, 2027, 2028, 2029, 2030)), st.data())
    def test_the_extra_total_restores_by_the_target(self, first, data):
        target = data.draw(st.integers(min_value=first, max_value=2030))
        extra = extra_needed(TABELL_3, target, from_year=first).value
        results = {year: figure(TABELL_3, RESULT_ROW, year).value for year in range(first, target + 1)}
        results[target] += extra["total"]
        assert accumulated_deficit(TABELL_3, target, results).value >= 0

    def test_the_even_extra_per_year_restores_by_the_target(self):
        # Tabell 3: UB 2029 = -214; 214 mkr more over 2027–2029
        extra = extra_needed(TABELL_3, 2029, from_year=2027).value
        results = {year: figure(TABELL_3, RESULT_ROW, year).value + extra["per_year"] for year in (2027, 2028, 2029)}
        assert accumulated_deficit(TABELL_3, 2029, results).value >= 0


def test_ub_row_is_optional():
    # Regionplan 2026–2028, Tabell 3 without its UB row
    table = make_table(
        {
            IB_ROW: {"Plan 2026": "-1 005"},
            RESULT_ROW: {"Plan 2026": "0", "Plan 2027": "260", "Plan 2028": "263", "Plan 2029": "268", "Plan 2030": "269"},
        },
        table_id="3",
        caption="Tabell 3.",
    )
    assert restoration_plan(table).value.restored_in == 2030
    assert UB_ROW not in table.rows
