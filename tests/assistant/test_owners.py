"""Owner questions answered from the assignment registry of the real documents."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.owners import MATCH_PREFIX, MIN_WORDS, _content, _score, answer_owner_question, board_view
from index.analysis import same_word


@pytest.fixture(scope="module")
def registry(seed_assistant):
    return seed_assistant.registry


@pytest.mark.parametrize(
    ("question", "owners"),
    [
        # Regionplan 2026–2028, Målområde för hälso- och sjukvård, uppdrag 2026
        ("Vem ska tillhandahålla en säker vård där vårdskador förebyggs?", ("Regionstyrelsen", "Hälso- och sjukvårdsnämnden")),
        # Målområde för Ledningsprocesser: "Regionstyrelsen och samtliga nämnder ska minska …"
        ("Vilka ska minska sin miljö- och klimatpåverkan?", ("Regionstyrelsen", "samtliga nämnder")),
        # Målområde för Regionalt utvecklingsansvar: transportinfrastruktur och NATO, två ägare
        (
            "Vem ska arbeta för ökade satsningar på transportinfrastruktur i Jämtlands län?",
            ("Regionstyrelsen", "Regionala utvecklingsnämnden"),
        ),
    ],
)
def test_owner_answer_names_every_owner(registry, question, owners):
    found = answer_owner_question(question, registry)
    assert found is not None
    assert set(found.assignments[0].owners) == set(owners)
    for owner in owners:
        assert owner in found.text


def test_status_comes_from_the_tertial_report(registry):
    found = answer_owner_question(
        "Hur går det med uppdraget att ge akut och förebyggande tandvård till barn och vuxna?", registry
    )
    assert "Pågående enligt plan" in found.text and "F-intyg" in found.text


def test_unrelated_questions_are_not_owner_questions(registry):
    assert answer_owner_question("Vilket lånetak gäller för 2027?", registry) is None
    assert answer_owner_question("Vem är regiondirektör?", registry) is None


def test_listing_a_boards_assignments(registry):
    found = answer_owner_question("Vilka uppdrag har kollektivtrafiknämnden?", registry)
    assert any("kollektivtrafikens intäkter" in a.text for a in found.assignments)
    assert all("Kollektivtrafiknämnden" in a.owners or a.all_boards for a in found.assignments)


def test_engine_cites_the_assignment_passage_first(seed_assistant):
    answer = seed_assistant.answer("Vilken nämnd ska verka för ökad samisk kulturkompetens i vården?")
    assert answer.intent == "assignment"
    assert "Hälso- och sjukvårdsnämnden ska verka för ökad samisk kulturkompetens" in answer.citations[0].text


def test_board_view_filters_and_exports_csv(registry, built_index, tmp_path):
    frame = board_view(registry, board="kollektivtrafik")
    assert set(frame["board"]) == {"Kollektivtrafiknämnden"}
    path = tmp_path / "uppdrag.csv"
    env = {"PA_DOCUMENTS_DIR": str(built_index.documents_dir), "PA_INDEX_DIR": str(built_index.index_dir)}
    result = CliRunner().invoke(cli, ["uppdrag", "--board", "kollektivtrafik", "--csv", str(path)], env=env)
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8").splitlines()[0].startswith("board,goal_area,year,text,status")
    assert len(path.read_text(encoding="utf-8").splitlines()) == len(frame) + 1


def test_the_prefix_shortcut_scores_as_the_full_comparison(registry):
    """_score skips texts sharing too few word prefixes; it must never skip one the full comparison keeps."""
    texts = [record.text for record in registry if hasattr(record, "text")]
    questions = [*texts[::5], "Vem ska utreda framtidens ambulanssjukvård i länet?"]
    compared = 0
    for question in questions:
        wanted = _content(question)
        for text in texts:
            found = sum(1 for stem in wanted if any(same_word(stem, word, min_length=MATCH_PREFIX) for word in _content(text)))
            full = found / len(wanted) if wanted and found >= MIN_WORDS else 0.0
            assert _score(wanted, text) == full
            compared += full > 0
    assert compared > len(questions)  # the texts do match each other, so the shortcut was tested on matches too
