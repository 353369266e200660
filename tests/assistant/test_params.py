"""Parameters of Swedish numeric questions: amounts, years, percentages, counts, salaries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.params import extract_parameters, parse_decimal, results_by_year


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("minus 230 miljoner kronor", Decimal(-230), "mkr"),
        ("200 mkr", Decimal(200), "mkr"),
        ("1,5 miljarder", Decimal(1500), "mkr"),
        ("500 000 kronor", Decimal(500000), "kr"),
        ("35 000 kr", Decimal(35000), "kr"),
        ("-12 mnkr", Decimal(-12), "mkr"),
        ("59 306 tkr", Decimal(59306000), "kr"),
    ],
)
def test_amounts_keep_sign_and_unit(text, value, unit):
    (amount,) = extract_parameters(f"Vad händer om det blir {text}?").amounts
    assert (amount.value, amount.unit) == (value, unit)


def test_years_are_not_amounts():
    parameters = extract_parameters("Hur stort är underskottet 2029 jämfört med 2028?")
    assert parameters.years == (2028, 2029)
    assert parameters.amounts == ()


def test_percentages_in_both_spellings():
    assert extract_parameters("Om kostnaderna ökar med 2,5 procent eller 3 %?").percents == (Decimal("2.5"), Decimal(3))


def test_counts_from_number_words_and_digits():
    parameters = extract_parameters("Vad betalar jag för tre vårdbesök och en receptförnyelse per telefon och 2 vårdbesök till?")
    assert parameters.counts["vårdbesök"] == 5
    assert parameters.counts["receptförnyelse"] == 1


@pytest.mark.parametrize(
    ("question", "monthly", "annual"),
    [
        ("Vad kostar en medarbetare med årslön 500 000 kronor inklusive PO-pålägg 2027?", None, Decimal(500000)),
        ("Vad kostar en anställd med en månadslön på 35 000 kr?", Decimal(35000), None),
        ("Vad kostar en medarbetare?", None, None),
    ],
)
def test_salary_kind_and_amount(question, monthly, annual):
    parameters = extract_parameters(question)
    assert (parameters.monthly_salary, parameters.annual_salary) == (monthly, annual)


def test_results_for_every_year_in_a_range():
    question = "Om årets resultat blir 200 miljoner kronor varje år 2027–2030, är underskottet återställt 2030?"
    assert results_by_year(question) == {2027: 200, 2028: 200, 2029: 200, 2030: 200}


def test_result_belongs_to_the_year_before_it():
    question = "Säg att 2026 slutar på minus 230 miljoner kronor och inte på noll. Hur mycket återstår efter 2030?"
    assert results_by_year(question) == {2026: -230}


def test_several_years_with_their_own_results():
    question = "Om resultatet 2027 blir 100 mkr och 2028 blir 150 mkr, när är underskottet återställt?"
    assert results_by_year(question) == {2027: 100, 2028: 150}


@given(st.text(max_size=300))
def test_arbitrary_text_never_raises(text):
    extract_parameters(text)
    results_by_year(text)


@pytest.mark.parametrize(("text", "value"), [("7 267,6", Decimal("7267.6")), ("1,5", Decimal("1.5")), ("abc", None)])
def test_parse_decimal(text, value):
    assert parse_decimal(text) == value
