"""The Calculation record, the error tree, and the package's purity (no I/O layers imported)."""

from __future__ import annotations

import ast
import dataclasses
import json
from decimal import Decimal
from pathlib import Path

import pytest

import calculators
from calculators import (
    Calculation,
    CalculationError,
    InvalidInput,
    MissingFigure,
    UnknownYear,
    change,
    patient_fees,
    personnel_cost,
    restoration_plan,
    tax_per_ore,
)
from ingest.errors import PlanError

from .factories import fee_tables_2020, open_care_ceiling_2020, tabell_3, tabell_4, tabell_24, tax_rate_2026

CONTRACT = {"calculator", "inputs", "result", "unit", "steps", "sources"}
PACKAGE = Path(calculators.__file__).parent


def _examples() -> list[Calculation]:
    return [
        restoration_plan(tabell_3(), {2027: Decimal("100")}),
        change(tabell_4(), "Verksamhetens kostnader", 2026, 2027),
        personnel_cost(tabell_24(), 500_000, 2027),
        patient_fees({"Vårdbesök oavsett vårdgivarkategori": 3}, fee_tables_2020(), open_care_ceiling_2020()),
        tax_per_ore(Decimal("4054.6"), tax_rate_2026()),
    ]


class TestCalculation:
    @pytest.mark.parametrize("calculation", _examples(), ids=lambda c: c.calculator)
    def test_to_dict_is_the_json_contract(self, calculation):
        data = calculation.to_dict()
        assert set(data) == CONTRACT
        assert data["sources"] == [cell.to_dict() for cell in calculation.sources]
        assert json.loads(json.dumps(data)) == data

    def test_decimals_are_strings(self):
        # Regionplan 2026–2028, Tabell 4: -6 978,5 - (-7 075,2) = 96,7
        data = change(tabell_4(), "Verksamhetens kostnader", 2026, 2027).to_dict()
        assert data["result"]["difference"] == "96.7"
        assert data["inputs"] == {"table": "regionplan-och-budget-2026-2028.txt#4", "row": "Verksamhetens kostnader",
                                  "start": 2026, "end": 2027}  # fmt: skip

    def test_frozen(self):
        calculation = _examples()[0]
        with pytest.raises(dataclasses.FrozenInstanceError):
            calculation.value = Decimal(0)

    def test_short_repr(self):
        assert repr(personnel_cost(tabell_24(), 500_000, 2027)) == (
            "Calculation('personnel_cost', value=Decimal('722100.0000'), unit='kr', 3 steps, 1 sources)"
        )

    def test_document(self):
        calculation = _examples()[0]
        assert (calculation.document, calculation.source_year) == ("Regionplan och budget 2026–2028", 2026)


class TestErrors:
    @pytest.mark.parametrize("error", [MissingFigure, UnknownYear, InvalidInput])
    def test_tree(self, error):
        assert issubclass(error, CalculationError)
        assert issubclass(error, PlanError)

    @pytest.mark.parametrize("error", [CalculationError, MissingFigure, UnknownYear, InvalidInput])
    def test_one_line_docstring(self, error):
        assert error.__doc__ and "\n" not in error.__doc__.strip()


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda path: path.name)
def test_imports_only_earlier_stages(path):
    if path.name == "conftest.py":
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and not node.level}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    roots = {name.split(".")[0] for name in imported if name}
    assert roots <= {"__future__", "babel", "collections", "dataclasses", "decimal", "ingest", "re", "typing"}
    assert all(name in ("ingest.models", "ingest.errors") for name in imported if name.startswith("ingest"))
