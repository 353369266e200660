"""ingest.numbers: Swedish figures as the documents print them, parsed, formatted and split."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.numbers import format_number, is_figure, parse_number, split_at_most, split_numbers

amounts = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), allow_nan=False, allow_infinity=False, places=2)
precise_amounts = st.decimals(min_value=-(10**9), max_value=10**9, allow_nan=False, allow_infinity=False)


class TestParseNumber:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("-7 267,6", "-7267.6"),  # Regionplan 2026–2028, Tabell 4, Verksamhetens kostnader Utfall 2024
            ("1 050,0", "1050.0"),
            ("45,82%", "45.82"),  # Tabell 24: percent points, not a fraction
            ("45,82 %", "45.82"),
            ("<16%", "16"),  # Tabell 1, Skuldsättningstak: the comparison stays in the raw text
            ("348*", "348"),  # Tabell 8: the footnote mark stays in the raw text
            ("−12", "-12"),  # U+2212 minus
            ("–12", "-12"),  # en dash used as minus
            ("+1,009%", "1.009"),
            ("2400", "2400"),
            ("2400 kr", "2400"),
            ("1 150 kr", "1150"),
            ("0,090", "0.090"),
            ("0", "0"),
            ("10 215 309", "10215309"),
            ("1\u00a0234,5", "1234.5"),  # no-break space
            ("1\u2009234", "1234"),  # thin space
            ("1\u202f234", "1234"),  # narrow no-break space
            ("+-0", "0"),  # "±0": no change
        ],
    )
    def test_printed_figures(self, text, expected):
        assert parse_number(text) == Decimal(expected)

    def test_keeps_the_printed_precision(self):
        assert str(parse_number("0,090")) == "0.090"
        assert str(parse_number("1 050,0")) == "1050.0"

    @pytest.mark.parametrize(
        "text",
        ["-", "- ", "–", "—", "", "   ", "abc", "1.5", "1 05", "1234 567", "026", ",5", "5,", "12,3,4", "±5", "1e5", "NaN", "٣"],
    )
    def test_not_exactly_one_figure_is_none(self, text):
        assert parse_number(text) is None

    @given(st.text())
    def test_never_raises(self, text):
        value = parse_number(text)
        assert value is None or value.is_finite()


class TestFormatNumber:
    @pytest.mark.parametrize(
        ("value", "decimals", "expected"),
        [
            ("-7267.6", None, "-7 267,6"),
            ("1050.0", None, "1 050,0"),
            ("0.090", None, "0,090"),
            ("45.815", 1, "45,8"),
            ("2.5", 0, "3"),  # half up, as Swedish rounding is taught, not banker's rounding
            ("-0.04", 1, "0,0"),  # never "-0,0"
            ("1E+3", None, "1 000"),
            ("10215309", None, "10 215 309"),
        ],
    )
    def test_swedish_display(self, value, decimals, expected):
        assert format_number(Decimal(value), decimals) == expected

    def test_uses_a_plain_space_between_thousands(self):
        assert "\u00a0" not in format_number(Decimal("1234567.5"))

    @pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
    def test_non_finite_values_are_refused(self, value):
        with pytest.raises(ValueError, match="ändligt"):
            format_number(Decimal(value))

    @given(amounts)
    def test_round_trip(self, value):
        assert parse_number(format_number(value)) == value

    @given(precise_amounts)
    def test_round_trip_at_any_precision(self, value):
        assert parse_number(format_number(value)) == value

    @given(amounts, st.integers(min_value=0, max_value=3))
    def test_round_trip_with_fixed_decimals(self, value, decimals):
        expected = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        assert parse_number(format_number(value, decimals)) == expected

    @given(amounts)
    def test_round_trip_through_babels_no_break_space(self, value):
        assert parse_number(format_number(value).replace(" ", "\u00a0")) == value


class TestSplitNumbers:
    @pytest.mark.parametrize(
        ("text", "count", "expected"),
        [
            ("-7 267,6 -6 776,6 -7 121,9", 3, ("-7 267,6", "-6 776,6", "-7 121,9")),
            ("348* 289 292 302", 4, ("348*", "289", "292", "302")),  # Tabell 8, Summa total investeringsram
            ("1 574 1674 1774 1874 1974", 5, ("1 574", "1674", "1774", "1874", "1974")),  # Tabell 5
            ("229 160 258 220,0 220,0", 5, ("229", "160", "258", "220,0", "220,0")),  # Tabell 4, Riktade statsbidrag
            ("<16% <16% <15%", 3, ("<16%", "<16%", "<15%")),
            ("5975,2 1 270,0 -7245,2 0", 4, ("5975,2", "1 270,0", "-7245,2", "0")),
            ("10 215 309 10 311 365", 2, ("10 215 309", "10 311 365")),
            ("300 kr", 1, ("300 kr",)),
            ("1 150 kr", 1, ("1 150 kr",)),
            ("- - 12,0", 3, ("-", "-", "12,0")),
            # Tertialrapport 1 2026, Köp av verksamhet: signs settle every boundary
            (
                "-373 278 -313 971 -59 306 -367 942 -5 336 1,5",
                6,
                ("-373 278", "-313 971", "-59 306", "-367 942", "-5 336", "1,5"),
            ),
            # Tertialrapport, Försäljning: two-digit heads and "026" cannot stand alone
            ("158 448 128 298 30 151 149 026 9 422 6,3", 6, ("158 448", "128 298", "30 151", "149 026", "9 422", "6,3")),
            # Tertialrapport, Patientavgifter: where several groupings fit, the earliest join wins
            ("1 278 300 978 312 966 309,5%", 6, ("1 278", "300", "978", "312", "966", "309,5%")),
        ],
    )
    def test_splits_into_the_column_count(self, text, count, expected):
        assert split_numbers(text.split(), count) == expected

    @pytest.mark.parametrize(
        ("text", "count"),
        [("1 2 3", 2), ("-1 -2", 1), ("abc", 1), ("1234 567", 1), ("", 1), ("1", 0), ("kr 300", 1)],
    )
    def test_no_grouping_fits(self, text, count):
        assert split_numbers(text.split(), count) is None

    def test_at_most_takes_the_most_figures_that_fit(self):
        assert split_at_most("-33,2% -24,2%".split(), 3) == ("-33,2%", "-24,2%")
        assert split_at_most("1 2 3 4".split(), 3) is None

    @given(st.lists(amounts.filter(lambda value: value != 0), min_size=1, max_size=8))
    def test_figures_with_decimals_split_back(self, values):
        printed = [format_number(value, 2) for value in values]
        assert split_numbers(" ".join(printed).split(), len(printed)) == tuple(printed)

    @given(st.lists(st.integers(min_value=-(10**9), max_value=-1), min_size=1, max_size=8))
    def test_negative_figures_split_back(self, values):
        printed = [format_number(Decimal(value)) for value in values]
        assert split_numbers(" ".join(printed).split(), len(printed)) == tuple(printed)

    @given(st.lists(st.sampled_from(["1", "234", "-5", "12,5", "026", "%", "kr", "-", "7"]), max_size=14), st.integers(1, 8))
    def test_a_split_loses_no_token(self, tokens, count):
        figures = split_numbers(tokens, count)
        if figures is not None:
            assert len(figures) == count
            assert " ".join(figures).split() == tokens
            assert all(is_figure(figure) for figure in figures)
