"""Names the doctests in this package use: the documents' tables, built in tests/calculators/factories.py.

``tabell_3`` is Tabell 3 of Regionplan och budget 2026–2028 as ingest/tables.py
parses it, and so on; the examples read like answers to real questions.
"""

from __future__ import annotations

import pytest

from tests.calculators import factories


@pytest.fixture(autouse=True)
def _document_tables(doctest_namespace: dict) -> None:
    doctest_namespace.update(
        tabell_3=factories.tabell_3(),
        tabell_4=factories.tabell_4(),
        tabell_5=factories.tabell_5(),
        tabell_24=factories.tabell_24(),
        avgifter_2020=factories.fee_tables_2020(),
        hogkostnadsskydd_2020=factories.open_care_ceiling_2020(),
    )
