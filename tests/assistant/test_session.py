"""Conversation sessions: follow-ups rewritten by rule, standalone questions left alone, JSON persistence, the CLI."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from assistant.cli import cli
from assistant.errors import SessionError
from assistant.models import Answer
from assistant.session import (
    MAX_TURNS,
    Session,
    Turn,
    ask_in_session,
    load_session,
    resolve_follow_up,
    save_session,
    session_path,
)
from tests.conftest import DEV_QUESTIONS

SAMISK = "Vem ska verka för ökad samisk kulturkompetens i vården?"
SAMISK_ANSWER = (
    "Hälso- och sjukvårdsnämnden äger uppdraget (uppdrag 2026, Hälso- och sjukvård, Regionplan och budget 2026–2028): "
    "”Verka för ökad samisk kulturkompetens i vården” [1]"
)


# Defects of assistant.follow_up these tests found (each marked xfail where it bites; see the closing report).
ELLIPTIC = (
    "follow_up._elliptic counts a question with at most one content word as leaning on the previous one, so a "
    "self-contained question is rewritten into the previous frame ('Vilket lånetak gäller för 2027?' → 'Vem ska "
    "lånetak år 2027?')"
)
PRONOUN = (
    "follow_up.REFERENCE matches any 'det'/'den', so an idiomatic 'det' ('Hur går det med …', 'Vad innebär det "
    "för …', 'kostar det nya …') gets the previous question's subject inserted after it"
)
UNIT = (
    "a bare number replacing an amount takes its unit from the old amount's text after the first space, which is "
    "inside the number: 'minus 230 miljoner kronor' → '150 230 miljoner kronor', '40 000 kronor' → '45 000 000 kronor'"
)
SWAP = (
    "a follow-up that asks 'Hur såg/ser det ut …' or 'Vem fick beloppet?' is taken as a subject swap and its verb "
    "or pronoun becomes the new subject ('Hur stor är såg i regionplanen 2020–2022?', 'Hur mycket beloppet i "
    "budgeten för 2026?', 'Vem ska uppdraget?')"
)


def xfail(reason: str, *values):
    return pytest.param(*values, marks=pytest.mark.xfail(reason=reason, strict=True))


def session_of(*questions: str, text: str = "Svar. [1]", intent: str = "search", calculation: dict | None = None) -> Session:
    """A session whose turns asked ``questions`` (already self-contained) and got the same answer."""
    session = Session()
    for question in questions:
        session.record(question, question, Answer(question, text, intent=intent, calculation=calculation))
    return session


def resolved_in_turn(conversation: list[str], resolve) -> list[str]:
    """Each question of ``conversation`` as resolved, the turns resolved one after another."""
    session = Session()
    for question in conversation:
        ask_in_session(lambda resolved: Answer(resolved, "Svar. [1]"), question, session, resolve)
    return [turn.resolved for turn in session.turns]


class TestDevConversationShapes:
    """The three dev conversations (shared/eval/dev-conversations.jsonl), turn by turn."""

    def test_document_and_years_replace_the_old_ones_and_pengarna_da_adds_subject_and_period(self, resolve):
        assert resolved_in_turn(
            [
                "Hur mycket kompenseras kollektivtrafiknämnden för Norrtåg i budgeten för 2026?",
                "Och hur mycket var det i förra regionplanen, den som gällde 2020–2022?",
                "Vilken nämnd fick pengarna då?",
            ],
            resolve,
        )[1:] == [
            # The 2020 plan never names kollektivtrafiknämnden (it had no such board): the board is left out.
            "Hur mycket kompenseras för Norrtåg i förra regionplanen, den som gällde 2020–2022?",
            # The board asked for ("vilken nämnd") is not carried over: the 2026 board did not get the 2020 money.
            "Vilken nämnd fick pengarna (Norrtåg) i förra regionplanen, den som gällde 2020–2022?",
        ]

    def test_och_year_replaces_the_year_and_det_aret_names_it(self, resolve):
        assert resolved_in_turn(
            [
                "Är vi ensamma om underskotten? "
                "Hur stort var det samlade underskottet för Sveriges regioner 2023 enligt regionplanen?",
                "Och 2024?",
                "I hur många regioner var verksamhetens resultat negativt det året?",
            ],
            resolve,
        )[1:] == [
            "Är vi ensamma om underskotten? "
            "Hur stort var det samlade underskottet för Sveriges regioner 2024 enligt regionplanen?",
            "I hur många regioner var verksamhetens resultat negativt enligt regionplanen år 2024?",
        ]

    def test_och_subject_keeps_the_frame_and_report(self, resolve):
        assert resolved_in_turn(
            [
                "Hur stor andel av de riktade hälsosamtalen har genomförts enligt tertialrapport 1, och vad är målet?",
                "Och hur ligger vi till med säkerheten hos mjukvaran i IT-miljön?",
                "Och hårdvaran?",
            ],
            resolve,
        )[1:] == [
            "Hur stor andel av säkerheten hos mjukvaran i IT-miljön har genomförts enligt tertialrapport 1, och vad är målet?",
            # "hårdvaran" resembles "mjukvaran" (same compound head): only that word is swapped.
            "Hur stor andel av säkerheten hos hårdvaran i IT-miljön har genomförts enligt tertialrapport 1, och vad är målet?",
        ]

    def test_bare_subject_replaces_the_whole_subject_with_its_determiner(self, resolve):
        session = session_of(
            "Hur stor andel av de riktade hälsosamtalen har genomförts enligt tertialrapport 1, och vad är målet?"
        )
        assert resolve_follow_up("Och hårdvaran?", session, resolve) == (
            "Hur stor andel av hårdvaran har genomförts enligt tertialrapport 1, och vad är målet?"
        )


@pytest.mark.parametrize(
    ("previous", "question", "expected"),
    [
        # New years: the year expression is replaced, wherever it stands.
        ("Vilket lånetak gäller för 2027?", "Och 2028?", "Vilket lånetak gäller för 2028?"),
        ("Vilket lånetak gäller för 2027?", "Och för år 2029 då?", "Vilket lånetak gäller för 2029?"),
        ("Vilket lånetak gäller för 2027?", "Samma för 2028?", "Vilket lånetak gäller för 2028?"),
        ("Vilket lånetak gäller för 2027?", "Hur blir det 2028?", "Vilket lånetak gäller för 2028?"),
        (
            "Hur stora positiva resultat krävs årligen 2027–2030 enligt den långsiktiga resultatbudgeten?",
            "Och 2028–2031?",
            "Hur stora positiva resultat krävs årligen 2028–2031 enligt den långsiktiga resultatbudgeten?",
        ),
        # The document's own years stay when the question's data year changes.
        (
            "Vilket lånetak gäller för 2027 i regionplanen 2026–2028?",
            "Och 2028?",
            "Vilket lånetak gäller för 2028 i regionplanen 2026–2028?",
        ),
        # Two years for two: pairwise.
        (
            "Hur mycket minskar verksamhetens kostnader från 2026 till 2027 i budgeten?",
            "Och från 2027 till 2028?",
            "Hur mycket minskar verksamhetens kostnader från 2027 till 2028 i budgeten?",
        ),
        # No year before: the new one is added.
        ("Vad är resultatmålet?", "Och 2027?", "Vad är resultatmålet år 2027?"),
        # New document.
        (
            "Hur stor är nettokostnadsutvecklingen i regionplanen 2026–2028?",
            "Och i tertialrapport 1?",
            "Hur stor är nettokostnadsutvecklingen i tertialrapport 1?",
        ),
        (
            "Hur stor är nettokostnadsutvecklingen i regionplanen 2026–2028?",
            "Hur såg det ut i regionplanen 2020–2022?",
            "Hur stor är nettokostnadsutvecklingen i regionplanen 2020–2022?",
        ),
        # A document with years drops the previous question's loose year.
        (
            "Hur många vårdbesök gjordes i tandvården 2024?",
            "Hur ser det ut i regionplanen 2020–2022?",
            "Hur många vårdbesök gjordes i tandvården i regionplanen 2020–2022?",
        ),
    ],
)
def test_new_period_or_document(previous, question, expected, resolve):
    assert resolve_follow_up(question, session_of(previous), resolve) == expected


@pytest.mark.parametrize(
    ("previous", "question", "expected"),
    [
        (
            "Hur stor är budgeten för kollektivtrafiknämnden 2026?",
            "Och för regionala utvecklingsnämnden?",
            "Hur stor är budgeten för regionala utvecklingsnämnden 2026?",
        ),
        (
            "Hur många vårdbesök gjordes i primärvården 2024?",
            "Hur är det med tandvården?",
            "Hur många vårdbesök gjordes i tandvården 2024?",
        ),
        (
            "Hur mycket ökar kostnaderna för läkemedel 2027?",
            "Och för hjälpmedel?",
            "Hur mycket ökar kostnaderna för hjälpmedel 2027?",
        ),
        # New subject and new year at once.
        (
            "Hur mycket ökar kostnaderna för läkemedel 2027?",
            "Och hjälpmedel 2028?",
            "Hur mycket ökar kostnaderna för hjälpmedel 2028?",
        ),
    ],
)
def test_new_subject_in_the_previous_frame(previous, question, expected, resolve):
    assert resolve_follow_up(question, session_of(previous), resolve) == expected


@pytest.mark.parametrize(
    ("previous", "question", "expected"),
    [
        ("Vilket lånetak gäller för 2027?", "Hur stort är det?", "Hur stort är det (lånetak) år 2027?"),
        ("Vilket lånetak gäller för 2027?", "Varför är det så högt då?", "Varför är det (lånetak) så högt år 2027?"),
        (
            "Hur många regioner hade negativt resultat 2024?",
            "Vilka regioner var det?",
            "Vilka regioner var det (negativt resultat) år 2024?",
        ),
        xfail(
            SWAP,
            "Hur mycket kompenseras kollektivtrafiknämnden för Norrtåg i budgeten för 2026?",
            "Vem fick beloppet?",
            "Vem fick beloppet (kollektivtrafiknämnden för Norrtåg) i budgeten för 2026?",
        ),
        # Without a remembered uppdrag, "det uppdraget" points at the previous question's subject.
        xfail(
            SWAP, SAMISK, "Vem äger det uppdraget?", "Vem äger det uppdraget (verka för ökad samisk kulturkompetens i vården)?"
        ),
    ],
)
def test_anaphors_get_the_previous_subject_and_period(previous, question, expected, resolve):
    assert resolve_follow_up(question, session_of(previous), resolve) == expected


def test_det_uppdraget_is_the_uppdrag_the_answer_named_even_turns_ago(resolve):
    session = session_of(SAMISK, text=SAMISK_ANSWER, intent="assignment")
    session.record("Vilket lånetak gäller för 2027?", "Vilket lånetak gäller för 2027?", Answer("", "850 mkr [1]"))
    assert session.last_assignment() == "Verka för ökad samisk kulturkompetens i vården"
    assert resolve_follow_up("Vem äger det uppdraget?", session, resolve) == (
        "Vem äger uppdraget ”Verka för ökad samisk kulturkompetens i vården”?"
    )


CALCULATED = {"calculator": "remaining_deficit", "inputs": {"results": {"2026": "-230"}}}


@pytest.mark.parametrize(
    ("previous", "question", "expected"),
    [
        (
            "Hur mycket av underskottet återstår efter 2030 om årets resultat 2026 blir minus 230 miljoner kronor?",
            "Vad blir det om resultatet i stället blir 150?",
            "Hur mycket av underskottet återstår efter 2030 om årets resultat 2026 blir 150 miljoner kronor?",
        ),
        (
            "Hur mycket av underskottet återstår efter 2030 om årets resultat 2026 blir minus 230 miljoner kronor?",
            "Och om det i stället blir minus 300 miljoner kronor?",
            "Hur mycket av underskottet återstår efter 2030 om årets resultat 2026 blir minus 300 miljoner kronor?",
        ),
        # A calculation's what-if needs no "i stället".
        (
            "Hur mycket av underskottet återstår efter 2030 om årets resultat 2026 blir minus 230 miljoner kronor?",
            "Vad blir det om resultatet blir 100 miljoner kronor?",
            "Hur mycket av underskottet återstår efter 2030 om årets resultat 2026 blir 100 miljoner kronor?",
        ),
        (
            "Hur mycket kostar en medarbetare med månadslön 40 000 kronor 2027?",
            "Och med 45 000 i stället?",
            "Hur mycket kostar en medarbetare med månadslön 45 000 kronor 2027?",
        ),
        (
            "Vad händer med resultatet 2027 om kostnaderna ökar med 2 procent?",
            "Och om de i stället ökar med 3 procent?",
            "Vad händer med resultatet 2027 om kostnaderna ökar med 3 procent?",
        ),
        (
            "Vad betalar jag för tre vårdbesök och en receptförnyelse per telefon?",
            "Och om det i stället är fem vårdbesök?",
            "Vad betalar jag för fem vårdbesök och en receptförnyelse per telefon?",
        ),
    ],
)
def test_a_new_figure_replaces_the_old_one(previous, question, expected, resolve):
    assert resolve_follow_up(question, session_of(previous, intent="calculation", calculation=CALCULATED), resolve) == expected


def test_follow_ups_chain_on_the_resolved_question(resolve):
    assert resolved_in_turn(["Vilket lånetak gäller för 2027?", "Och 2028?", "Och 2029?"], resolve) == [
        "Vilket lånetak gäller för 2027?",
        "Vilket lånetak gäller för 2028?",
        "Vilket lånetak gäller för 2029?",
    ]


# Dev questions the follow-up rules would rewrite after the Norrtåg question (none today; an entry here is an xfail).
REWRITTEN_DEV: frozenset[str] = frozenset()
PRONOUN_DEV: frozenset[str] = frozenset()


class TestStandaloneQuestionsAreLeftAlone:
    """Conservative: only elliptic questions and anaphors are rewritten."""

    @pytest.mark.parametrize(
        "question",
        [
            "Vilket lånetak gäller för 2027?",
            "Vad innebär det för kollektivtrafiken?",
            "Hur går det med uppdraget om kompetensförsörjning?",
            "Vilka regioner hade underskott 2024?",
            "Vilken nämnd ansvarar för kollektivtrafiken?",
            # "och", but nothing the previous question adds
            xfail(ELLIPTIC, "Och vem ska minska sin miljö- och klimatpåverkan?"),
            "Och?",
            "",
        ],
    )
    def test_own_subject_no_anaphor(self, question, resolve):
        assert (
            resolve_follow_up(question, session_of("Vem ska verka för ökad samisk kulturkompetens i vården?"), resolve)
            == question
        )

    def test_a_first_question_is_never_rewritten(self, resolve):
        assert resolve_follow_up("Och 2024?", Session(), resolve) == "Och 2024?"

    def test_what_if_without_a_figure_before_is_not_a_figure_swap(self, resolve):
        session = session_of("Vem ska verka för ökad samisk kulturkompetens i vården?")
        assert resolve_follow_up("Vad blir det om resultatet i stället blir 150?", session, resolve) == (
            "Vad blir det om resultatet i stället blir 150?"
        )

    @pytest.mark.parametrize(
        "line",
        [
            xfail(PRONOUN if json.loads(line)["id"] in PRONOUN_DEV else ELLIPTIC, line)
            if json.loads(line)["id"] in REWRITTEN_DEV
            else line
            for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines()
        ],
    )
    def test_every_dev_question_stands_on_its_own(self, line, resolve):
        question = json.loads(line)["q"]
        session = session_of("Hur mycket kompenseras kollektivtrafiknämnden för Norrtåg i budgeten för 2026?")
        assert resolve_follow_up(question, session, resolve) == question


class TestRecording:
    def test_a_turn_keeps_question_resolution_intent_years_calculation_and_uppdrag(self):
        session = Session()
        calculation = {"calculator": "remaining_deficit", "inputs": {"year": 2030}, "result": "-175", "steps": []}
        session.record(" Och  2026? ", "Vad återstår 2026?", Answer("", "175 mkr", intent="calculation", calculation=calculation))
        session.record(SAMISK, SAMISK, Answer(SAMISK, SAMISK_ANSWER, intent="assignment"))
        first, second = session.turns
        assert (first.question, first.resolved, first.intent, first.years) == (
            "Och 2026?",
            "Vad återstår 2026?",
            "calculation",
            (2026,),
        )
        assert first.calculation == {"calculator": "remaining_deficit", "inputs": {"year": 2030}}
        assert second.assignment == "Verka för ökad samisk kulturkompetens i vården"
        assert second.years == (2026, 2027, 2028)  # named by the answer, the question names none

    def test_only_the_last_turns_are_kept(self):
        session = session_of(*(f"Fråga {number}?" for number in range(MAX_TURNS + 5)))
        assert len(session.turns) == MAX_TURNS
        assert session.turns[-1].question == f"Fråga {MAX_TURNS + 4}?"

    def test_ask_in_session_answers_the_resolved_question_and_reports_the_asked_one(self, resolve):
        asked = []
        session = session_of("Vilket lånetak gäller för 2027?")
        answer = ask_in_session(
            lambda question: asked.append(question) or Answer(question, "950 mkr [1]"), "Och  2028?", session, resolve
        )
        assert asked == ["Vilket lånetak gäller för 2028?"]
        assert answer.question == "Och 2028?"
        assert session.last.resolved == "Vilket lånetak gäller för 2028?"


class TestPersistence:
    def test_round_trip_through_json(self, tmp_path):
        session = session_of("Vilket lånetak gäller för 2027?", intent="calculation", calculation=CALCULATED)
        session.record(SAMISK, SAMISK, Answer(SAMISK, SAMISK_ANSWER, intent="assignment"))
        path = tmp_path / "sessions" / "möte.json"
        save_session(session, path)
        assert load_session(path) == session
        assert json.loads(path.read_text(encoding="utf-8"))["turns"][1]["assignment"].startswith("Verka")
        assert [p.name for p in path.parent.iterdir()] == ["möte.json"], "no temporary file left behind"

    def test_a_missing_file_is_a_new_session(self, tmp_path):
        assert load_session(tmp_path / "ny.json") == Session()

    @pytest.mark.parametrize("content", ["{inte json", "[]", '{"turns": [{"resolved": "utan fråga"}]}'])
    def test_a_broken_file_is_a_session_error_saying_what_to_do(self, tmp_path, content):
        path = tmp_path / "trasig.json"
        path.write_text(content, encoding="utf-8")
        with pytest.raises(SessionError, match=r"läsas|format"):
            load_session(path)

    def test_saving_replaces_the_file_whole(self, tmp_path):
        path = tmp_path / "s.json"
        save_session(session_of("Första?", "Andra?"), path)
        save_session(session_of("Tredje?"), path)
        assert [turn.question for turn in load_session(path).turns] == ["Tredje?"]

    def test_turns_load_with_defaults_for_absent_fields(self):
        session = Session.from_dict({"turns": [{"question": "Och 2024?", "resolved": "Lånetak 2024?"}]})
        assert session.turns == [Turn("Och 2024?", "Lånetak 2024?")]


class TestSessionNames:
    @pytest.mark.parametrize(
        ("name", "file_name"),
        [
            ("test", "test.json"),
            ("../etc", "etc.json"),
            ("../../etc/passwd", "etc_passwd.json"),
            ("/tmp/x", "tmp_x.json"),
            ("möte 1", "mote_1.json"),
            ("a" * 100, "a" * 64 + ".json"),
            ("mitt-samtal_2", "mitt-samtal_2.json"),
        ],
    )
    def test_names_are_reduced_to_safe_file_names_in_the_folder(self, tmp_path, name, file_name):
        path = session_path(tmp_path, name)
        assert path == tmp_path / file_name
        assert path.resolve().parent == tmp_path.resolve()

    @pytest.mark.parametrize("name", ["", "..", "///", "…"])
    def test_a_name_without_letters_or_digits_is_refused(self, tmp_path, name):
        with pytest.raises(SessionError, match="--session"):
            session_path(tmp_path, name)


def env_for(settings) -> dict[str, str]:
    return {"PA_DOCUMENTS_DIR": str(settings.documents_dir), "PA_INDEX_DIR": str(settings.index_dir)}


def test_cli_ask_session_resolves_the_follow_up_and_saves_both_turns(built_index, tmp_path):
    runner = CliRunner()
    first_question = "Hur stort var det samlade underskottet för Sveriges regioner 2023 enligt regionplanen?"
    options = ["ask", "--session", "test", "--sessions-dir", str(tmp_path)]
    first = runner.invoke(cli, [*options, first_question], env=env_for(built_index))
    assert first.exit_code == 0, first.output
    assert "Tolkad som" not in first.stderr

    second = runner.invoke(cli, [*options, "--json", "Och 2024?"], env=env_for(built_index))
    assert second.exit_code == 0, second.output
    resolved = "Hur stort var det samlade underskottet för Sveriges regioner 2024 enligt regionplanen?"
    assert f"Tolkad som: {resolved}" in second.stderr.splitlines()
    answer = json.loads(second.stdout)
    assert answer["question"] == "Och 2024?"
    assert "preliminärt minus 10 miljarder för 2024" in " ".join(c["text"] for c in answer["citations"][:3])

    saved = load_session(tmp_path / "test.json")
    assert [(turn.question, turn.resolved) for turn in saved.turns] == [(first_question, first_question), ("Och 2024?", resolved)]


def test_cli_ask_session_with_an_unusable_name_fails_cleanly(built_index, tmp_path):
    result = CliRunner().invoke(
        cli, ["ask", "--session", "..", "--sessions-dir", str(tmp_path), "Och 2024?"], env=env_for(built_index)
    )
    assert result.exit_code == 1
    assert "Samtalsnamnet" in result.output and "Traceback" not in result.output
