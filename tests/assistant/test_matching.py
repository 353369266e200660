"""Word matching (assistant.matching) on literal Swedish words and evidence texts.

One matcher serves every route, so these rules decide which rows, sentences and uppdrag a
question can reach: inflections and derivations are the same word; a compound found only by
its first part needs its head as well; a compound found by its head alone counts half; typos
are forgiven only for words the documents never use.
"""

from __future__ import annotations

import pytest

from assistant.matching import FULL, HEAD, HEAD_CREDIT, NONE, Text, coverage, found, keys, match_kind, names, question_keys
from assistant.query import Word
from index.analysis import stems


def kind(question_word: str, evidence: str, *, typo: bool = False) -> str:
    """How the question word (as the reader stems it) matches the evidence text."""
    (stem,) = stems(question_word)
    return match_kind(stem, Text.of(evidence), question_word.lower(), typo)


def word(stem: str, weight: float = 1.0, text: str | None = None, known: bool = True) -> Word:
    return Word(text or stem, 0, 0, stem, weight, known)


class TestInflections:
    """The same word in another form: definite, plural, genitive."""

    @pytest.mark.parametrize(
        ("question_word", "evidence"),
        [
            ("budgetramen", "Budgetramar per nämnd"),
            ("budgetramarna", "budgetram"),
            ("kostnaden", "Verksamhetens kostnader"),
            ("skatteintäkterna", "Skatteintäkter"),
            ("personalkostnader", "Personalkostnad"),
            ("leverantörstroheten", "Leverantörstrohet (RJH totalt)"),
        ],
    )
    def test_inflected_forms_are_found(self, question_word, evidence):
        assert kind(question_word, evidence) == FULL

    def test_text_keeps_stems_and_words_without_figures(self):
        text = Text.of("Verksamhetens kostnader 2026 -7 075,2")
        assert text.stems == {"verksam", "kostnad"}
        assert text.words == {"verksamhetens", "kostnader"}


class TestDerivations:
    """One word family: a verb and its noun, a stem and its derived forms."""

    @pytest.mark.parametrize(
        ("question_word", "evidence"),
        [
            ("kompenseras", "kompensation för Norrtåg"),
            ("organiseras", "flyttas organisatoriskt"),
            ("kostar", "kostnader"),
        ],
    )
    def test_derived_forms_are_found(self, question_word, evidence):
        assert kind(question_word, evidence) == FULL


class TestCompounds:
    """Swedish compounds: a part found in the other text, and which part it is."""

    def test_a_word_inside_a_compound_of_the_evidence(self):
        assert kind("befolkning", "Egna befolkningsantaganden") == FULL
        assert kind("kollektivtrafik", "Kollektivtrafiknämnden") == FULL

    def test_a_compound_found_by_its_first_part_needs_its_head(self):
        # "befolkningsantaganden" starts with "befolkning": without "antaganden" the text is about something else
        assert kind("befolkningsantaganden", "Befolkningen i riket") == NONE
        assert kind("befolkningsantaganden", "antaganden för befolkningen") == FULL
        assert kind("soliditetsmål", "Soliditet exklusive ansvarsförbindelsen") == NONE
        assert kind("soliditetsmål", "målet för soliditeten") == FULL
        assert kind("samverkansavtal", "samverkan med kommunerna") == NONE
        assert kind("samverkansavtal", "ett nytt avtal om samverkan") == FULL

    def test_a_compound_found_by_its_head_alone_is_more_general(self):
        assert kind("läkemedelskostnader", "ökade kostnader") == HEAD
        assert kind("helårsprognos", "prognos 2026") == HEAD
        assert kind("merkostnad", "kostnader för arkivet") == HEAD
        assert kind("läkemedelskostnader", "kostnader för läkemedel") == FULL

    def test_a_head_alone_counts_half_of_its_weight(self):
        words = [word("läkemedelskostnad", 2.0, "läkemedelskostnader"), word("budget", 2.0)]
        share, hits = coverage(words, Text.of("kostnader i budget"))
        assert share == (2.0 * HEAD_CREDIT + 2.0) / 4.0
        assert hits == {"budget"}  # a half match is not a hit

    def test_different_compounds_sharing_a_first_part_do_not_match(self):
        assert kind("investeringsram", "Investeringsrådet") == NONE


class TestTypos:
    """One letter wrong, missing or extra in a long word, only for a word the documents never use."""

    def test_a_typo_is_matched_when_the_word_is_unknown(self):
        assert kind("skateintäkter", "Skatteintäkter", typo=True) == FULL

    def test_a_known_word_is_never_read_as_a_typo(self):
        assert kind("skateintäkter", "Skatteintäkter", typo=False) == NONE
        assert kind("investeringsram", "Investeringsrådet", typo=True) == NONE  # two letters: another word

    def test_coverage_forgives_typos_only_for_unknown_words(self):
        evidence = Text.of("Skatteintäkter 4 054,6")
        unknown = word("skateintäk", text="skateintäkter", known=False)
        known = word("skateintäk", text="skateintäkter", known=True)
        assert coverage([unknown], evidence) == (1.0, frozenset({"skateintäk"}))
        assert coverage([known], evidence) == (0.0, frozenset())


class TestSynonyms:
    """Swedish words for the same thing in planning documents."""

    @pytest.mark.parametrize(
        ("question_word", "evidence"),
        [
            ("folkmängd", "befolkning"),
            ("befolkning", "folkmängd"),
            ("gratis", "avgiftsfritt"),
            ("pengar", "medel"),
            ("anställda", "medarbetare"),
            ("politiker", "förtroendevalda"),
            ("dyrare", "ökade kostnader"),
            ("januari", "jan-apr"),
        ],
    )
    def test_a_synonym_is_found(self, question_word, evidence):
        assert kind(question_word, evidence) == FULL
        assert found(stems(question_word)[0], Text.of(evidence), question_word)

    def test_synonyms_reach_their_index_keys(self):
        assert {"mede", "edel"} <= question_keys("peng", "pengar")  # "pengar" reaches rows about "medel"
        assert keys("lånetak") == {"låne", "etak"}
        assert keys("tak") == {"tak"}


class TestNames:
    """Whether a text names a board: its name's last word or an inflection of it, never a part of another word."""

    @pytest.mark.parametrize(
        ("board", "evidence", "named"),
        [
            ("Regionstyrelsen", "Regionstyrelse", True),
            ("Regionstyrelsen", "Regionstyrelsens budgetram", True),
            ("Kollektivtrafiknämnden", "Kollektivtrafiknämndens budget", True),
            ("Kollektivtrafiknämnden", "kollektivtrafiken", False),
            ("Patientnämnden", "nämnderna", False),
            ("Regionstyrelsen", "Region", False),
            ("Hälso- och sjukvårdsnämnden", "Hälso- och sjukvård", False),
        ],
    )
    def test_names(self, board, evidence, named):
        assert names(board, Text.of(evidence)) is named


class TestCoverage:
    def test_weighted_share_of_the_words_found(self):
        words = [word("budgetram", 2.0), word("patient", 1.0)]
        assert coverage(words, Text.of("Budgetramar för nämnder")) == (2.0 / 3.0, frozenset({"budgetram"}))

    def test_no_words_cover_nothing(self):
        assert coverage([], Text.of("Skatteintäkter")) == (0.0, frozenset())
