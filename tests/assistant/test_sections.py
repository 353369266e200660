"""Where the documents say something (assistant.sections): the heading path of the passage that names it."""

from __future__ import annotations

import pytest

from assistant.query import read_query


@pytest.mark.parametrize(
    ("question", "section"),
    [
        # Tertialrapport 1 2026: the key figures stand under each målområde's "Kortsiktiga nyckeltal"
        ("Under vilket målområde står hälsosamtalen i tertialrapport 1?", "Stödverksamhet – Kortsiktiga nyckeltal"),
        ("Under vilket målområde i tertialrapporten redovisas andelen HVO?", "Ledningsprocesser – Kortsiktiga nyckeltal"),
        # Regionplan och budget 2026–2028, Tabell 18 under Målområde för folkhögskolor
        ("Under vilket målområde i regionplanen 2026–2028 står folkhögskoleplanen?", "Målområde för folkhögskolor"),
    ],
)
def test_the_section_of_the_passage_that_names_it(seed_assistant, question, section):
    answer = seed_assistant.answer(question)
    assert answer.text.startswith(f"Det står under {section}")
    assert answer.citations and answer.text.rstrip().endswith("[1]")


def test_a_goal_area_question_takes_only_a_goal_areas_section(seed_assistant):
    # "Kriterier för bedömning av uppdrag" also names hälsosamtal, but it is no målområde
    answer = seed_assistant.answer("Under vilket målområde står hälsosamtalen i tertialrapport 1?")
    assert "Kriterier" not in answer.text


def test_where_is_read_as_a_place(vocabulary):
    assert read_query("I vilket avsnitt står lånetaket?", vocabulary).answer == "section"
    assert read_query("Var i rapporten står det om Birka?", vocabulary).answer == "section"
    assert read_query("Vilket lånetak gäller 2027?", vocabulary).answer != "section"


def test_nothing_named_gives_no_section(seed_assistant):
    answer = seed_assistant.answer("Under vilket målområde står rymdforskningen?")
    assert not answer.text.startswith("Det står under")
