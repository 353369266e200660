"""Calculators: pure, deterministic arithmetic over parsed tables, with steps and sources.

Every public function takes ``ingest.models.Table``/``Cell`` objects (or exact
``Decimal`` values) and returns a ``Calculation``: the value, its unit, the
steps in Swedish and the cells used. Nothing here does I/O or imports
streamlit, index or assistant.
"""

from .budget import (
    Change,
    Sensitivity,
    change,
    cost_sensitivity,
    debt_ratio,
    gross_cost_development,
    line_sum,
    net_cost_development,
    result_ratio,
    share,
    solidity,
)
from .cells import (
    adjusted,
    budget_from_deviation,
    ceiling_visit,
    comparison,
    difference,
    per_capita,
    per_period,
    ratio,
    same_document,
    total,
    what_if,
)
from .errors import CalculationError, InvalidInput, MissingFigure, UnknownYear
from .fees import patient_fees
from .lookup import Column, figure, find_column, find_row, table_name, table_with_rows, year_cells, years
from .models import Calculation
from .personnel import personnel_cost
from .restoration import (
    RestorationSchedule,
    RestorationYear,
    accumulated_deficit,
    even_surplus_needed,
    extra_needed,
    remaining_deficit,
    restoration_plan,
    restoration_year,
)
from .tax import tax_change_effect, tax_per_ore

__all__ = [
    "Calculation",
    "CalculationError",
    "Change",
    "Column",
    "InvalidInput",
    "MissingFigure",
    "RestorationSchedule",
    "RestorationYear",
    "Sensitivity",
    "UnknownYear",
    "accumulated_deficit",
    "adjusted",
    "budget_from_deviation",
    "ceiling_visit",
    "change",
    "comparison",
    "cost_sensitivity",
    "debt_ratio",
    "difference",
    "even_surplus_needed",
    "extra_needed",
    "figure",
    "find_column",
    "find_row",
    "gross_cost_development",
    "line_sum",
    "net_cost_development",
    "patient_fees",
    "per_capita",
    "per_period",
    "personnel_cost",
    "ratio",
    "remaining_deficit",
    "restoration_plan",
    "restoration_year",
    "result_ratio",
    "same_document",
    "share",
    "solidity",
    "table_name",
    "table_with_rows",
    "tax_change_effect",
    "tax_per_ore",
    "total",
    "what_if",
    "year_cells",
    "years",
]
