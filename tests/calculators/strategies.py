"""Hypothesis strategies for the calculators: amounts, years, percentages, salaries, visits."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from .factories import AMBULANCE_ROW

PLAN_YEARS = (2026, 2027, 2028, 2029, 2030)
"""The plan years of Tabell 3 in Regionplan 2026–2028 (2025 is its prognosis column)."""
DEFICIT = Decimal("1005")
"""IB 2026 in Tabell 3: the unrestored deficit the plan starts from, as a positive amount."""

amounts = st.decimals(min_value=-2000, max_value=2000, places=1, allow_nan=False, allow_infinity=False)
"""Yearly results in mkr, with the one decimal Tabell 4 prints."""

positive_amounts = st.decimals(min_value=Decimal("0.1"), max_value=2000, places=1)
plan_years = st.sampled_from(PLAN_YEARS)
results_by_year = st.dictionaries(plan_years, amounts, max_size=len(PLAN_YEARS))
"""What-if results replacing the plan's for some years."""

percentages = st.decimals(min_value=-50, max_value=50, places=2, allow_nan=False, allow_infinity=False)
salaries = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000000"), places=2)
po_years = st.sampled_from((2022, 2023, 2024, 2025, 2026, 2027))
"""The years of Tabell 24 (Sociala avgifter 2022–2027)."""

COUNTED_VISITS = (
    "Vårdbesök oavsett vårdgivarkategori",
    "Gruppbesök och teambesök",
    "Vårdbesök på jourtid och på akutmottagning",
    "Receptförnyelse per telefon/elektroniskt",
)
"""Visit types of Bilaga 4 (2020–2022) whose fees count toward the högkostnadsskydd."""

counted_visits = st.dictionaries(st.sampled_from(COUNTED_VISITS), st.integers(min_value=0, max_value=30))
all_visits = st.dictionaries(st.sampled_from((*COUNTED_VISITS, AMBULANCE_ROW)), st.integers(min_value=0, max_value=30))


@st.composite
def results_summing_to_deficit(draw: st.DrawFn) -> dict[int, Decimal]:
    """Results for every plan year that add up to exactly the deficit (1 005 mkr)."""
    head = [draw(amounts) for _ in PLAN_YEARS[:-1]]
    return dict(zip(PLAN_YEARS, [*head, DEFICIT - sum(head)], strict=True))
