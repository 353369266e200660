"""Tables as Swedish text: no Python or pandas word ("None", "nan", "NaN", "<NA>", "True") ever reaches the page.

Streamlit prints a missing value as "None" in a data grid and as "None" or "nan" in a static table.
Every table the app shows passes through ``swedish_table`` first, which turns each cell into the text
a Swedish reader expects: an empty cell, or a phrase saying what is missing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from decimal import Decimal

import pandas as pd

PYTHON_WORDS = re.compile(r"(?<![\w<])(None|nan|NaN|NaT|<NA>|True|False|null|undefined|dtype|Timestamp)(?![\w>])")
"""Words of Python, pandas or JavaScript that must not appear on a page."""


def is_missing(value: object) -> bool:
    """None, NaN, pandas' NA and NaT: a cell without a value."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | Decimal):
        return math.isnan(value)
    return False


def cell_text(value: object, missing: str = "") -> str:
    """One cell as Swedish text: ``missing`` for no value, "ja"/"nej" for truth values, lists joined by commas.

    >>> [cell_text(None), cell_text(float("nan"), "Ingen status"), cell_text(True), cell_text(2026.0), cell_text(1.5)]
    ['', 'Ingen status', 'ja', '2026', '1,5']
    """
    if is_missing(value):
        return missing
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(cell_text(item) for item in value if not is_missing(item))
    if isinstance(value, float | Decimal):
        return str(int(value)) if value == int(value) else str(value).replace(".", ",")
    return str(value)


def swedish_table(frame: pd.DataFrame, missing: Mapping[str, str] | None = None) -> pd.DataFrame:
    """``frame`` with every cell as text (``cell_text``); ``missing`` gives a column's phrase for an empty cell.

    >>> swedish_table(pd.DataFrame({"Status": [None, "Klar"], "År": [pd.NA, 2026]}), {"Status": "Ingen status"}).to_dict("list")
    {'Status': ['Ingen status', 'Klar'], 'År': ['', '2026']}
    """
    missing = missing or {}
    columns = {name: [cell_text(value, missing.get(name, "")) for value in frame[name].tolist()] for name in frame.columns}
    return pd.DataFrame(columns, index=frame.index, columns=list(frame.columns), dtype=object)


def python_words(frame: pd.DataFrame) -> list[str]:
    """The cells and headings of ``frame`` that show a Python or pandas word; none in a table fit to show."""
    texts = [str(name) for name in frame.columns] + [str(value) for value in frame.to_numpy().ravel()]
    return [text for text in texts if PYTHON_WORDS.search(text)]
