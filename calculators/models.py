"""The record every calculator returns: the result, the steps in Swedish, and the cells used."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal

from ingest.models import Cell


@dataclass(frozen=True)
class Calculation:
    """One deterministic calculation, traceable to the table cells it used.

    ``calculator`` is the function's name ("restoration_plan"). ``value`` is the
    result: a ``Decimal``, a year, or a small frozen dataclass (a schedule, a
    change in mkr and %). ``unit`` is the unit of ``value`` ("mkr", "%", "kr").
    ``steps`` are Swedish sentences with the figures in Swedish format, in the
    order the arithmetic was done; the last one states the answer. ``sources``
    are the cells whose values entered the arithmetic. ``inputs`` are the
    arguments that were not cells (years, replaced results, a salary).
    ``document`` is the title of the document the figures come from and
    ``source_year`` the plan year they belong to.

    Frozen, like the cells it cites: an answer that quotes a calculation must
    quote what was computed, not something edited afterwards.
    """

    calculator: str
    value: object
    unit: str
    steps: tuple[str, ...]
    sources: tuple[Cell, ...]
    inputs: dict = field(default_factory=dict, hash=False)
    document: str | None = None
    source_year: int | None = None

    def to_dict(self) -> dict:
        """The JSON contract: calculator, inputs, result, unit, steps, sources (Decimals as strings)."""
        return {
            "calculator": self.calculator,
            "inputs": _jsonable(self.inputs),
            "result": _jsonable(self.value),
            "unit": self.unit,
            "steps": list(self.steps),
            "sources": [cell.to_dict() for cell in self.sources],
        }

    def __repr__(self) -> str:
        return (
            f"Calculation({self.calculator!r}, value={self.value!r}, unit={self.unit!r}, "
            f"{len(self.steps)} steps, {len(self.sources)} sources)"
        )


def _jsonable(value: object) -> object:
    """``value`` with Decimals as strings, dataclasses and mappings as dicts, tuples as lists."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Cell):
        return value.to_dict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value
