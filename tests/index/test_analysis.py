"""Swedish analysis for BM25: tokens, stop words, Snowball stems and character n-grams."""

from __future__ import annotations

import pytest

from index.analysis import char_ngrams, stems, words


@pytest.mark.parametrize(
    ("inflected", "base"),
    [
        ("sjukvårdsnämnden", "sjukvårdsnämnd"),
        ("nämnderna", "nämnd"),
        ("Balanskravet", "balanskrav"),
        ("tandvården", "tandvård"),
        ("investeringar", "investering"),
    ],
)
def test_inflected_forms_share_a_stem(inflected, base):
    assert stems(inflected) == stems(base)
    assert len(stems(inflected)) == 1


def test_stems_are_snowball_swedish():
    assert stems("Kollektivtrafiknämnden lånetak balanskravet tandvården") == [
        "kollektivtrafiknämnd",
        "lånetak",
        "balanskrav",
        "tandvård",
    ]


@pytest.mark.parametrize("text", ["vad är det", "Och det är för att", "", "  \n "])
def test_stop_words_and_blank_text_leave_nothing(text):
    assert stems(text) == []
    assert char_ngrams(text) == []


def test_decimal_number_is_one_token_and_is_not_stemmed():
    # "investeringar till 18,4 mkr": Tertialrapport 1 2026, the answer to dev question D11.
    assert stems("investeringar till 18,4 mkr") == ["investering", "18,4", "mkr"]
    assert words("Räntan 2,5 procent") == ["räntan", "2,5", "procent"]


def test_single_letters_are_dropped_but_single_digits_kept():
    assert words("a b 7 x") == ["7"]


def test_text_is_lower_cased_and_nfkc_normalised():
    # U+FB01 "ﬁ" is a ligature that NFKC turns into "fi".
    assert words("Regionstyrelsen FINANSIELLA \ufb01nansiella") == ["regionstyrelsen", "finansiella", "finansiella"]


def test_char_ngrams_mark_word_boundaries():
    grams = char_ngrams("nämnd")
    assert grams == [
        "#nä", "näm", "ämn", "mnd", "nd#",
        "#näm", "nämn", "ämnd", "mnd#",
        "#nämn", "nämnd", "ämnd#",
    ]  # fmt: skip


def test_char_ngrams_let_a_compound_share_grams_with_its_parts():
    compound = set(char_ngrams("sjukvårdsnämnden"))
    assert {"nämn", "vård", "#sjuk"} <= compound
    assert "#nämn" not in compound  # the boundary mark tells a word start from a compound part
    assert "#nämn" in char_ngrams("nämnden")


def test_char_ngrams_keep_numbers_whole():
    assert char_ngrams("18,4 ab") == ["18,4", "#ab", "ab#", "#ab#"]
