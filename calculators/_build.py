"""Shared pieces of every calculator's result: the source step and the ``Calculation`` itself."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ingest.models import Cell, Table

from ._numbers import first_year
from .lookup import table_name
from .models import Calculation


def source_step(table: Table) -> str:
    """The first step: where the figures come from ("Källa: Regionplan och budget 2026–2028, Tabell 4 (mkr).")."""
    unit = f" ({table.unit})" if table.unit else ""
    return f"Källa: {table.doc_title}, {table_name(table)}{unit}."


def calculation(
    name: str,
    value: object,
    unit: str,
    steps: Iterable[str],
    sources: Sequence[Cell],
    inputs: dict,
    *,
    table: Table | None = None,
    year: int | None = None,
) -> Calculation:
    """A ``Calculation`` naming the table's document; ``year`` defaults to the document's first plan year."""
    document = table.doc_title if table is not None else None
    return Calculation(
        calculator=name,
        value=value,
        unit=unit,
        steps=tuple(steps),
        sources=tuple(dict.fromkeys(sources)),
        inputs=({"table": table.table_id} if table is not None else {}) | inputs,
        document=document,
        source_year=year if year is not None else first_year(document),
    )
