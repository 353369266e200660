"""Tables as Swedish text: no missing value reaches a page as "None" or "nan"."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from ui.tables import PYTHON_WORDS, cell_text, python_words, swedish_table


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (float("nan"), ""),
        (pd.NA, ""),
        (pd.NaT, ""),
        (Decimal("NaN"), ""),
        (True, "ja"),
        (False, "nej"),
        (2026.0, "2026"),
        (Decimal("1.25"), "1,25"),
        (("Regionstyrelsen", None, "HSN"), "Regionstyrelsen, HSN"),
        ("Pågående enligt plan", "Pågående enligt plan"),
    ],
)
def test_cell_text(value, text):
    assert cell_text(value) == text


def test_a_column_can_say_what_is_missing():
    frame = pd.DataFrame({"Status": ["Klar", None, float("nan")], "Kommentar": [None, "Bra", None]})
    shown = swedish_table(frame, {"Status": "Ingen status rapporterad"})
    assert shown.to_dict("list") == {
        "Status": ["Klar", "Ingen status rapporterad", "Ingen status rapporterad"],
        "Kommentar": ["", "Bra", ""],
    }
    assert python_words(shown) == [] and python_words(frame)


@pytest.mark.parametrize("text", ["None", "nan", "NaN", "<NA>", "True", "Status: None", "dtype: object"])
def test_python_words_are_found(text):
    assert PYTHON_WORDS.search(text)


@pytest.mark.parametrize("text", ["Nanna", "Finansnetto", "nano", "Ingen status rapporterad", "Trueman"])
def test_swedish_words_are_not(text):
    assert not PYTHON_WORDS.search(text)
