"""Small text helpers shared by the stages: year spans and match normalisation."""

from __future__ import annotations

import re
import unicodedata

_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d|2100)(?!\d)")
_RANGE = re.compile(r"(?<!\d)(20\d\d)\s*[–—-]\s*(20\d\d)(?!\d)")
_SPACES = re.compile(r"\s+")
_SOFT_HYPHEN_BREAK = re.compile(r"(\w)-\s+(\w)")


def years_in(text: str) -> tuple[int, ...]:
    """All years a text names, ranges expanded ("2026–2028" → 2026, 2027, 2028), sorted."""
    years: set[int] = set()
    for start, end in _RANGE.findall(text):
        first, last = int(start), int(end)
        if 0 <= last - first <= 12:
            years.update(range(first, last + 1))
    years.update(int(year) for year in _YEAR.findall(text))
    return tuple(sorted(years))


def normalise_for_match(text: str) -> str:
    """Fold text so an evidence string matches a passage regardless of layout.

    Case, Unicode form, dashes, whitespace and end-of-line hyphenation are
    ignored: "fak- torer" and "faktorer" compare equal, as do "2026–2028" and
    "2026-2028". Used by eval to decide whether a citation contains evidence.
    """
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.replace("–", "-").replace("—", "-").replace("\u00ad", "")
    text = _SPACES.sub(" ", text).strip()
    text = _SOFT_HYPHEN_BREAK.sub(r"\1\2", text).replace("-", "").replace(" ", "")
    # PDFs may give "å" as "a˚", which NFKC makes "a", space, combining ring: with the space gone, compose again.
    return unicodedata.normalize("NFKC", text)
