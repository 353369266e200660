"""ingest.text: match normalisation and year spans."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.text import normalise_for_match, years_in


class TestNormaliseForMatch:
    @pytest.mark.parametrize(
        ("evidence", "passage"),
        [
            ("påverkande faktorer", "påverkande fak- torer"),
            ("Regionplan 2026–2028", "regionplan 2026-2028"),
            ("hälso- och sjukvård", "Hälso-  och\nsjukvård"),
            ("vård", "va\u030ard"),  # å as "a" plus a combining ring, as some PDFs store it
            ("vård", "va˚rd"),  # ...or with a spacing ring, which NFKC turns into space + combining ring
        ],
    )
    def test_layout_variants_compare_equal(self, evidence, passage):
        assert normalise_for_match(evidence) == normalise_for_match(passage)

    def test_different_words_stay_different(self):
        assert normalise_for_match("vård") != normalise_for_match("värd")


# Letters, the separators the function removes and the combining marks that can follow them.
match_text = st.text(st.sampled_from("aåöAÖ -–—\u00ad\u0301\u030a˚¨ﬁİẞ\n"), max_size=40) | st.text(max_size=200)


@given(match_text)
def test_normalise_for_match_is_idempotent(text):
    once = normalise_for_match(text)

    assert normalise_for_match(once) == once


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Regionplan och budget 2026–2028", (2026, 2027, 2028)),
        ("Tertialrapport 1 2026", (2026,)),
        ("planeringsförutsättningar 2027-2029", (2027, 2028, 2029)),
        ("diarienummer RS/997/2025, 12025 invånare", (2025,)),
        ("", ()),
    ],
)
def test_years_in(text, years):
    assert years_in(text) == years
