"""Routing numeric questions to calculators over the tables parsed from the real documents."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.calculate import calculate
from calculators import CalculationError


@pytest.fixture(scope="module")
def tables(seed_corpus):
    return [table for document in seed_corpus.documents for table in document.tables]


@pytest.mark.parametrize(
    ("question", "calculator", "value"),
    [
        # Regionplan 2026–2028, Tabell 3: UB 2029 = -214 mkr
        (
            "Hur stort är det ackumulerade ej återställda underskottet vid utgången av 2029 enligt planen?",
            "accumulated_deficit",
            -214,
        ),
        # Tabell 3: -1 005 + 0 + 4 × 200 = -205 mkr kvar efter 2030
        (
            "Om årets resultat blir 200 miljoner kronor varje år 2027–2030, är underskottet återställt 2030?",
            "remaining_deficit",
            205,
        ),
        # Tabell 3: -1 005 - 230 + 260 + 263 + 268 + 269 = -175 mkr
        (
            "Säg att 2026 slutar på minus 230 miljoner kronor. Hur mycket av underskottet återstår då att täcka efter 2030?",
            "remaining_deficit",
            175,
        ),
        # Tabell 4: -6 978,5 - (-7 075,2) = 96,7 mkr
        ("Hur mycket minskar verksamhetens kostnader från 2026 till 2027 i budgeten?", "change", Decimal("96.7")),
        # Tabell 24: 500 000 × 1,4442 = 722 100 kr
        ("Vad kostar en medarbetare med årslön 500 000 kronor inklusive PO-pålägg 2027?", "personnel_cost", 722100),
        # Regionplan 2020–2022, Bilaga 4: 3 × 300 + 150 = 1 050 kr
        ("Vad betalar jag för tre vårdbesök och en receptförnyelse per telefon?", "patient_fees", 1050),
    ],
)
def test_numeric_questions_reach_the_right_calculator(tables, question, calculator, value):
    calculation = calculate(question, tables)
    assert calculation is not None
    assert calculation.calculator == calculator
    result = getattr(calculation.value, "difference", calculation.value)
    assert Decimal(result) == Decimal(value)
    assert calculation.sources, "a calculation cites the cells it used"
    assert calculation.steps


def test_result_ratio_2028(tables):
    # Tabell 4: 262,9 / (4 393,9 + 1 423,8) = 4,5 %
    calculation = calculate("Hur stor andel av skatteintäkter och generella statsbidrag utgör årets resultat 2028?", tables)
    assert "4,5" in calculation.steps[-1]


def test_deviation_from_budget_in_the_tertial_report(tables):
    # Tertialrapport 1 2026, Intäkter och kostnader: -373 278 - (-313 971) = -59 307 tkr
    calculation = calculate("Hur mycket dyrare än budgeterat blev köp av verksamhet?", tables)
    assert calculation.calculator == "change"
    assert calculation.value.difference == Decimal(-59307)


def test_non_numeric_question_has_no_calculation(tables):
    assert calculate("Vem ska verka för ökad samisk kulturkompetens i vården?", tables) is None


def test_unknown_year_is_a_swedish_error_not_a_guess(tables):
    with pytest.raises(CalculationError, match="2035"):
        calculate("Vad kostar en medarbetare med årslön 500 000 kronor 2035?", tables)


def test_calculation_answer_states_steps_and_cites_the_table(seed_assistant):
    answer = seed_assistant.answer("Hur stort är det ackumulerade ej återställda underskottet vid utgången av 2029?")
    assert answer.intent == "calculation"
    assert set(answer.calculation) == {"calculator", "inputs", "result", "unit", "steps", "sources"}
    assert "-214" in answer.text and "Så här är det beräknat" in answer.text
    assert answer.citations[0].section.endswith("Tabell 3. Plan för återställande av underskott.")


def test_failed_calculation_says_so_and_gives_passages(seed_assistant):
    # Tabell 24 runs 2022–2027; 2030 is in the documents but has no PO-pålägg
    answer = seed_assistant.answer("Vad kostar en medarbetare med årslön 500 000 kronor 2030?")
    assert answer.intent == "calculation" and answer.calculation is None
    assert "kan inte räkna ut" in answer.text and "2030" in answer.text
    assert answer.citations


def test_a_year_no_document_mentions_is_an_abstention(seed_assistant):
    answer = seed_assistant.answer("Vad kostar en medarbetare med årslön 500 000 kronor 2035?")
    assert answer.abstained and "2035" in answer.text and answer.calculation is None


def test_tax_rate_from_the_plan_text_and_income_from_the_table(seed_assistant):
    # Regionplan 2026–2028: "utdebitering på 11,70 kronor"; Tabell 4 Skatteintäkter Budget 2026 = 4 054,6 mkr
    answer = seed_assistant.answer("Vad ger ett skatteöre?")
    assert answer.calculation["calculator"] == "tax_per_ore"
    assert "4 054,6 mkr / 1 170 öre = 3,47 mkr" in answer.text
    assert any("11,70" in citation.text for citation in answer.citations)


def test_cost_sensitivity(tables):
    # Tabell 4, Plan 2027: kostnader -6 978,5 mkr; +1 % = -69,785 → årets resultat 260,1 - 69,79 = 190,32 mkr
    calculation = calculate("Vad blir årets resultat 2027 om verksamhetens kostnader ökar med 1 %?", tables)
    assert calculation.calculator == "cost_sensitivity"
    assert "190,32" in calculation.steps[-1]
