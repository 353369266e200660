"""Errors the calculators raise, under ``ingest.errors.PlanError``.

    PlanError
    └── CalculationError       a calculation could not be made from the figures given
        ├── MissingFigure      a row, column or cell the calculation needs is not in the table
        ├── UnknownYear        the table has no column for the year asked about
        └── InvalidInput       an argument is not a usable number (text, negative salary, …)

Messages are Swedish and name the object and the fix, e.g.
"Året 2035 finns inte i Tabell 3 (2025–2030); välj ett år inom tabellens period."
"""

from __future__ import annotations

from ingest.errors import PlanError


class CalculationError(PlanError):
    """A calculation could not be made from the figures and arguments given."""


class MissingFigure(CalculationError):
    """A row, column or cell value that the calculation needs is not in the table."""


class UnknownYear(CalculationError):
    """The table has no column for the year asked about."""


class InvalidInput(CalculationError):
    """An argument is not a usable value: text where a number belongs, a negative salary, …"""
