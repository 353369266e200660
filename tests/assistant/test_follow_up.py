"""Follow-ups complete the previous turn's Query (assistant.follow_up), in conversations no dev file holds.

Each conversation is asked through the engine in one Session, as the CLI and the app ask it:
the follow-up is rewritten into a self-contained question, that question is answered, and the
answer must be the figure the conversation asks for. Classes: another year, another document,
another board, another subject, the owner of the uppdrag just named, the previous figure as
a share, a new scenario figure "i stället".
"""

from __future__ import annotations

import pytest

from assistant.models import Answer
from assistant.session import Session, ask_in_session, load_session, resolve_follow_up, save_session

PLAN_2020 = "regionplan-med-budget-2020-2022.txt"
PLAN_2026 = "regionplan-och-budget-2026-2028.txt"


def converse(seed_assistant, *questions: str) -> tuple[Session, list[Answer]]:
    """Ask ``questions`` in one session through the engine; the session and the answers."""
    session = Session()
    answers = [ask_in_session(seed_assistant.answer, question, session, seed_assistant.resolve) for question in questions]
    return session, answers


def resolved(session: Session) -> list[str]:
    return [turn.resolved for turn in session.turns]


def first_line(answer: Answer) -> str:
    return answer.text.split("\n")[0]


@pytest.mark.parametrize(
    ("first", "follow_up", "rewritten", "line"),
    [
        pytest.param(
            # Regionplan med budget 2020–2022, Tabell 8: Regionstyrelsen Plan 2022 1550,2
            "Vilken budgetram hade regionstyrelsen i plan för 2021?",
            "Och 2022?",
            "Vilken budgetram hade regionstyrelsen i plan för 2022?",
            "Regionstyrelsen – Plan 2022: 1550,2 mkr",
            id="another year",
        ),
        pytest.param(
            # Avskrivningar of the 2026 plan, then Tabell 4 of the 2020 plan (Utfall 2018 -137,3 first)
            "Hur stora är avskrivningarna i budget 2026?",
            "Och i den gamla planen?",
            "Hur stora är avskrivningarna i den gamla planen?",
            "Avskrivningar – Utfall 2018: -137,3 mkr (Tabell 4. Resultatbudget, Regionplan med budget 2020–2022)",
            id="another document",
        ),
        pytest.param(
            # Regionplan med budget 2020–2022, Tabell 8: Hälso- och sjukvårdsnämnden Plan 2021 2 612,7
            "Vilken budgetram hade regionstyrelsen i plan för 2021?",
            "Och HSN?",
            "Vilken budgetram hade HSN i plan för 2021?",
            "Hälso- och sjukvårdsnämnden – Plan 2021: 2 612,7 mkr",
            id="another board by abbreviation",
        ),
        pytest.param(
            # Same table: Regionala utvecklingsnämnden Budget 2020 338,6
            "Hur stor budgetram hade patientnämnden i budget 2020?",
            "Och regionala utvecklingsnämnden?",
            "Hur stor budgetram hade regionala utvecklingsnämnden i budget 2020?",
            "Regionala utvecklingsnämnden – Budget 2020: 338,6 mkr",
            id="another board by name",
        ),
        pytest.param(
            # Regionplan och budget 2026–2028, Tabell 2: Avskrivningar Plan 2027 -170,0
            "Hur stora är skatteintäkterna 2027?",
            "Och avskrivningarna?",
            "Hur stora är avskrivningarna 2027?",
            "Avskrivningar – Plan 2027: -170,0 mkr",
            id="another row",
        ),
        pytest.param(
            # Tertialrapport 1 2026, Regionstaben inkl Vårdval: Ekonomiavdelningen Prognos 2026 -55,5
            "Hur stor var HR-avdelningens prognos 2026?",
            "Och Ekonomiavdelningens?",
            "Hur stor var Ekonomiavdelningens prognos 2026?",
            "Ekonomiavdelningen – Prognos 2026: -55,5 mkr",
            id="another avdelning",
        ),
    ],
)
def test_a_follow_up_changes_only_what_it_says(seed_assistant, first, follow_up, rewritten, line):
    """Another year, document, board or subject: the rest of the previous question is kept, and answered."""
    session, answers = converse(seed_assistant, first, follow_up)
    assert resolved(session)[1] == rewritten
    assert first_line(answers[1]).startswith(line)
    assert answers[1].question == follow_up  # the answer reports the question as asked


class TestAnotherDocument:
    def test_och_i_nya_planen(self, seed_assistant):
        session, _ = converse(
            seed_assistant,
            "Hur stora var skatteintäkterna i plan för 2021 enligt regionplanen 2020–2022?",
            "Och i nya planen?",
        )
        assert seed_assistant.read(resolved(session)[1]).document_ids == {PLAN_2026}

    def test_the_same_of_the_old_plan(self, seed_assistant):
        session, _ = converse(
            seed_assistant,
            "Hur stor var investeringsramen 2027 enligt regionplanen 2026–2028?",
            "Vad sa den gamla planen om samma sak?",
        )
        query = seed_assistant.read(resolved(session)[1])
        assert query.document_ids == {PLAN_2020}
        assert "investeringsram" in query.stems

    def test_the_old_plan_is_what_the_rewritten_question_names(self, seed_assistant):
        session, _ = converse(seed_assistant, "Hur stora är avskrivningarna i budget 2026?", "Och i den gamla planen?")
        assert seed_assistant.read(resolved(session)[1]).document_ids == {PLAN_2020}


class TestOwnerOfTheUppdrag:
    def test_vem_ager_det_uppdraget(self, seed_assistant):
        session, answers = converse(
            seed_assistant,
            "Vem ska verka för att barntandvården fördelas jämnt mellan utförarna?",
            "Vem äger det uppdraget?",
        )
        assert "barntandvården" in resolved(session)[1]
        assert answers[1].text.startswith("Regionstyrelsen äger uppdraget (uppdrag 2025, Tandvård")

    def test_the_uppdrag_remembered_from_an_owner_answer(self, resolve):
        # The owner answer's own form, as owners.py writes it, recorded as an assignment answer
        session = Session()
        text = (
            "Regionstyrelsen äger uppdraget (uppdrag 2025, Tandvård, Regionplan och budget 2026–2028): ”Regionstyrelsen "
            "ska verka för att barntandvården i större utsträckning fördelas jämnt mellan de utförare som finns i länet.” [1]"
        )
        question = "Vem ska verka för att barntandvården fördelas jämnt mellan utförarna?"
        session.record(question, question, Answer(question, text, intent="assignment"))
        assert resolve_follow_up("Vem äger det uppdraget?", session, resolve) == (
            "Vem äger uppdraget ”Regionstyrelsen ska verka för att barntandvården i större utsträckning fördelas "
            "jämnt mellan de utförare som finns i länet.”?"
        )


class TestPercentOfThePrevious:
    def test_hur_stor_andel_ar_det(self, seed_assistant):
        # Regionplan och budget 2026–2028, Tabell 8, Plan 2028: Nyinvesteringar 37 of Summa total investeringsram 302
        session, answers = converse(seed_assistant, "Hur stora är nyinvesteringarna 2028?", "Hur stor andel är det?")
        assert resolved(session)[1] == "Hur stor andel är nyinvesteringarna 2028?"
        assert first_line(answers[1]).startswith("Andel: 37 / 302 = 12,3 %.")

    def test_hur_manga_procent_av_totalen(self, seed_assistant):
        # Tabell 8, Plan 2027: Reinvesteringar 198 of Summa total investeringsram 292 = 67,8 %
        _, answers = converse(seed_assistant, "Hur mycket är reinvesteringarna 2027?", "Hur många procent av totalen är det?")
        assert first_line(answers[1]).startswith("Andel: 198 / 292 = 67,8 %.")


class TestNewScenarioFigure:
    def test_another_percentage_i_stallet(self, seed_assistant):
        # Tabell 2, Plan 2028: Skatteintäkter 4 393,9 × 3 % = 131,817; 262,9 − 131,817 = 131,083
        session, answers = converse(
            seed_assistant,
            "Om skatteintäkterna 2028 blir 1 procent lägre, vad blir årets resultat 2028?",
            "Och om de i stället blir 3 procent lägre?",
        )
        assert resolved(session)[1] == "Om skatteintäkterna 2028 blir 3 procent lägre, vad blir årets resultat 2028?"
        assert answers[1].calculation["result"] == "131.083"

    def test_another_count_of_visits(self, seed_assistant):
        # 4 × 300 + 3 × 150 = 1 650 kr, over the ceiling: 1 150 kr
        session, answers = converse(
            seed_assistant,
            "Vad betalar jag för två vårdbesök och tre receptförnyelser per telefon?",
            "Och om det i stället är fyra vårdbesök?",
        )
        assert resolved(session)[1] == "Vad betalar jag för fyra vårdbesök och tre receptförnyelser per telefon?"
        assert answers[1].calculation["steps"][-1] == "Att betala: 1 150 kr."

    def test_another_salary_with_its_unit(self, seed_assistant):
        # PO 2024 57,21 %: 500 000 × 1,5721 = 786 050 kr
        session, answers = converse(
            seed_assistant,
            "Hur mycket kostar en medarbetare med årslön 450 000 kronor 2024?",
            "Och med 500 000 kronor i stället?",
        )
        assert resolved(session)[1] == "Hur mycket kostar en medarbetare med årslön 500 000 kronor 2024?"
        assert answers[1].calculation["steps"][-1] == "Lönekostnad inklusive PO-pålägg 2024: 500 000 × 1,5721 = 786 050 kr."

    def test_another_salary_without_a_unit(self, seed_assistant):
        # 41 000 × 12 = 492 000; PO 2026 45,82 %: 492 000 × 1,4582 = 717 434,40 kr
        session, answers = converse(
            seed_assistant,
            "Vad kostar en medarbetare med månadslön 38 000 kronor 2026?",
            "Och med 41 000 i stället?",
        )
        assert resolved(session)[1] == "Vad kostar en medarbetare med månadslön 41 000 kronor 2026?"
        assert answers[1].calculation["steps"][-1] == "Lönekostnad inklusive PO-pålägg 2026: 492 000 × 1,4582 = 717 434,40 kr."


def test_a_question_that_names_its_own_subject_is_not_rewritten(seed_assistant):
    session, _ = converse(
        seed_assistant,
        "Vilken budgetram hade regionstyrelsen i plan för 2021?",
        "Vilka uppdrag har regionala utvecklingsnämnden inom kultur och hälsa?",
    )
    assert resolved(session)[1] == "Vilka uppdrag har regionala utvecklingsnämnden inom kultur och hälsa?"


@pytest.mark.parametrize("question", ["Hur stora är avskrivningarna 2029?", "Vad är lånetaket 2027?"])
def test_a_short_question_with_its_own_subject_is_not_rewritten(seed_assistant, question):
    session, _ = converse(seed_assistant, "Vilken budgetram hade regionstyrelsen i plan för 2021?", question)
    assert resolved(session)[1] == question


def test_a_conversation_round_trips_through_its_file(seed_assistant, tmp_path):
    """A saved conversation loads as it was, and its next follow-up resolves against the loaded turns."""
    session, _ = converse(seed_assistant, "Vilken budgetram hade regionstyrelsen i plan för 2021?", "Och HSN?")
    path = tmp_path / "samtal" / "budgetramar.json"
    save_session(session, path)
    loaded = load_session(path)
    assert loaded == session
    assert resolve_follow_up("Och 2022?", loaded, seed_assistant.resolve) == "Vilken budgetram hade HSN i plan för 2022?"
