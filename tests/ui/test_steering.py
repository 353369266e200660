"""The Styrmodellen page's data over the real registry (Regionplan och budget 2026–2028)."""

from __future__ import annotations

import pytest

from ui.steering import (
    board_text,
    boards,
    budget_levels,
    list_source_label,
    model_statements,
    owners_text,
    passage_text,
    source_label,
    statements_of,
    steering_document,
    steering_model,
)

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


def test_the_steering_model_is_the_plans_own_words_in_its_order(seed_assistant):
    statements = model_statements(seed_assistant.retriever.passages, PLAN)
    texts = [statement.text for statement in statements]

    # Regionplan och budget 2026–2028, Styrmodell (rad 73–141)
    assert texts[1] == "Styrmodellen beskriver villkoren för hur organisationen ska ledas, planeras och följas upp."
    assert any("tydlig styrkedja" in text for text in texts)
    assert texts[-1].startswith("Styrelsen och nämnderna fastställer årliga planer med budget")
    source = "Källa: Regionplan och budget 2026–2028, Styrmodell, rad "
    assert all(statement.source.startswith(source) for statement in statements)
    lines = [int(statement.source.rsplit("rad ", 1)[1].split("–")[0]) for statement in statements]
    assert lines == sorted(lines)


def test_no_name_party_or_figure_line_is_a_statement(seed_assistant):
    texts = " ".join(statement.text for statement in model_statements(seed_assistant.retriever.passages, PLAN))
    assert "Bengt Bergqvist" not in texts
    assert "Socialdemokraterna Kristdemokraterna" not in texts
    assert "Figur 1" not in texts


def test_the_three_budget_levels_in_order_each_under_its_name(seed_assistant):
    levels = budget_levels(seed_assistant.retriever.passages, PLAN)

    assert levels[0].text == "Region Jämtland Härjedalen organiseras ur ett budgetperspektiv i 3 nivåer."
    assert [statement.lead for statement in levels if statement.lead] == [
        "Nivå 1 Regionfullmäktige",
        "Nivå 2 Nämnd/Styrelse",
        "Nivå 3 Närmaste nivå under nämnd/styrelse",
    ]
    assert levels[1].text.startswith("Regionfullmäktige fastställer övergripande mål och ekonomiska ramar.")
    assert levels[1].source == "Källa: Regionplan och budget 2026–2028, Nivå 1 Regionfullmäktige, rad 1438–1442"


@pytest.mark.parametrize(
    ("text", "statements"),
    [
        ("Anna Andersson Per Persson\n\nPlanen beskriver hur regionen styrs.", ["Planen beskriver hur regionen styrs."]),
        ("Styrkedjan binder ihop planen. Figur 2. Styrkedja.", ["Styrkedjan binder ihop planen."]),
        ("E-post: anna@region.se\n\nMittenpartiet Framtidspartiet", []),
    ],
)
def test_statements_of_a_passage_leave_out_names_contacts_and_figure_captions(text, statements):
    assert statements_of(text) == statements


def test_a_list_of_records_is_cited_once_with_its_lines(model):
    care = next(item for item in model if item.area.name == "Hälso- och sjukvård")
    label = list_source_label(care.assignments)
    assert label.startswith("Källa: Regionplan och budget 2026–2028, Målområde för hälso- och sjukvård › Uppdrag till")
    assert label.endswith(f"rad {care.assignments[0].source_lines[0]}–{care.assignments[-1].source_lines[1]}")
