"""The Styrmodellen page's data over the real registry (Regionplan och budget 2026–2028)."""

from __future__ import annotations

import pytest

from ui.steering import board_text, boards, owners_text, passage_text, source_label, steering_document, steering_model

PLAN = "regionplan-och-budget-2026-2028.txt"


@pytest.fixture(scope="module")
def model(seed_assistant):
    return steering_model(seed_assistant.registry)


def test_the_newest_plan_holds_the_steering_model(seed_assistant):
    assert steering_document(seed_assistant.registry) == PLAN


def test_eight_malomraden_in_the_plans_order(model):
    # Regionplan och budget 2026–2028: "Målområde för Ledningsprocesser" … "Målområde för Stödverksamhet"
    assert [item.area.name for item in model] == [
        "Ledningsprocesser",
        "Hälso- och sjukvård",
        "Tandvård",
        "Regionalt utvecklingsansvar",
        "Kollektivtrafik",
        "Kultur",
        "Folkhögskolor",
        "Stödverksamhet",
    ]


def test_halso_och_sjukvard_goal_nyckeltal_and_uppdrag(model):
    care = next(item for item in model if item.area.name == "Hälso- och sjukvård")
    assert care.area.goal == "God och nära vård i hela Jämtland Härjedalen"
    assert len(care.assignments) == 9
    assert len(care.key_figures) == 10
    assert all(assignment.owners for assignment in care.assignments)
    assert [a.source_lines for a in care.assignments] == sorted(a.source_lines for a in care.assignments)


def test_every_statement_has_a_source_in_the_index(seed_assistant, model):
    records = [r for item in model for r in (item.area, *item.key_figures, *item.assignments)]
    records += boards(seed_assistant.registry)
    for record in records:
        assert source_label(record).startswith("Källa: Regionplan och budget 2026–2028")
        assert passage_text(seed_assistant.retriever, record)
    care = next(item for item in model if item.area.name == "Hälso- och sjukvård")
    assert "God och nära vård i hela Jämtland Härjedalen" in passage_text(seed_assistant.retriever, care.area)
    assert (
        source_label(care.area)
        == "Källa: Regionplan och budget 2026–2028, Målområde för hälso- och sjukvård"
        + (f", s. {care.area.page}" if care.area.page else "")
        + ", rad 442–446"
    )


def test_boards_and_owner_text(seed_assistant, model):
    names = [board.name for board in boards(seed_assistant.registry)]
    assert names[:2] == ["Regionfullmäktige", "Regionstyrelsen"]
    assert "Hälso- och sjukvårdsnämnden" in names
    assert board_text(boards(seed_assistant.registry)[0]).endswith(", fullmäktige")
    two = next(a for item in model for a in item.assignments if len(a.owners) == 2)
    assert owners_text(two) == f"{two.owners[0]} och {two.owners[1]}"


def test_a_passage_outside_the_index_is_none(model):
    class Nothing:
        def position_of_line(self, doc_id, source_line):
            return None

        def context(self, position):
            raise AssertionError

    assert passage_text(Nothing(), model[0].area) is None


def test_styrkedja_and_the_three_budget_levels_come_from_the_plan(seed_assistant):
    from ui.steering import core_passages

    passages = core_passages(seed_assistant.retriever)
    labels = " ".join(label for label, _ in passages)
    texts = " ".join(text for _, text in passages)
    assert "Nivå 1 Regionfullmäktige" in labels and "Nivå 2" in labels and "Nivå 3" in labels
    assert "styrkedja" in texts  # Regionplan och budget 2026–2028, Styrmodell
    assert all(label.startswith("Källa: Regionplan och budget 2026–2028") for label, _ in passages)
