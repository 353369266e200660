"""Hypothesis fuzzing of everything a question passes through: the reader, the answer routes, the engine, calculators, the CLI.

Inputs are arbitrary Unicode (right-to-left, zero-width, combining marks, NUL), huge numbers
("1e308", 400 nines, "−1 000 000 000 000 mkr"), empty and very long strings (100 000
characters), alone and inside questions that reach each calculator. Nothing may raise but the
product's own CalculationError (which the engine turns into a Swedish answer), and every
answer must keep the JSON contract of ``ask --json``. Each test's example count is bounded so
the whole file runs in well under a minute on two cores.
"""

from __future__ import annotations

import json
import math
import re
import time
from decimal import Decimal

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import calculators as calc
from assistant import calculations, owners, statements
from assistant.candidates import Candidate
from assistant.cli import cli
from assistant.compose import ABSTAIN_TEXT, EMPTY_TEXT, NO_FIGURE_TEXT
from assistant.query import MAX_CHARS, Query, read_query, scenario_results
from calculators import Calculation, CalculationError
from tests.calculators import factories

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], derandomize=True)

CONTRACT = {"question", "answer", "abstained", "intent", "latency_ms", "citations", "calculation"}
CITATION = {"document", "title", "section", "page", "pages", "text", "score", "passage_id"}
CALCULATION = {"calculator", "inputs", "result", "unit", "steps", "sources"}
INTENTS = {"search", "calculation", "table", "assignment", "empty"}  # "table": a cell read, not computed

HUGE = (
    "1e308",
    "1E+999999",
    "9" * 400,
    "−1 000 000 000 000 mkr",
    "-1 000 000 000 000 000 000 kr",
    "0,000000000000000000000001",
    "NaN",
    "Infinity",
    "1 005,5",
    "99999999999999999999 %",
    "9" * 5000 + " vårdbesök",  # more digits than int() converts
)
ODD = (
    "",
    " ",
    "\t\n\r",
    "\x00",
    "\u200b\u200c\u200d\ufeff",  # zero-width characters only
    "ما هو سقف الاقتراض لعام 2027؟",  # Arabic, right to left
    "\u202eVilket lånetak gäller för 2027?",  # right-to-left override
    "Vilket la\u030anetak ga\u0308ller fo\u0308r 2027?",  # decomposed å, ä, ö (combining marks)
    "Vad är målbilden?" * 2000,
    "x" * 100_000,
    "2027 " * 20_000,
    "Region " * 500,
    "[1] [2] [999] {} %s %d {0} ${x} \\n",
    "😀🇸🇪" * 50,
)
TEMPLATES = (
    "Vad kostar en medarbetare med årslön {} kr 2026?",
    "Vad kostar en medarbetare med månadslön {}?",
    "Vad blir underskottet om årets resultat 2027 blir {} miljoner kronor?",
    "Säg att 2026 slutar på {} miljoner. När är underskottet återställt?",
    "Vad betalar jag för {} vårdbesök och {} receptförnyelser?",
    "Hur mycket ger en skattehöjning med {} öre?",
    "Vad blir resultatet 2027 om kostnaderna ökar med {} %?",
    "Hur mycket ökar skatteintäkterna mellan {} och 2027?",
    "Hur stor andel av skatteintäkterna är årets resultat {}?",
    "Vilket lånetak gäller för {}?",
    "Vem ska {}?",
    "Hur mycket {} per invånare blir det i budget {}?",
    "Om {} 2028 blir {} procent lägre, vad blir årets resultat 2028?",
    "Vad blir summan av {} och {} 2027?",
    "Med hur många procent väntas {} överskrida sin budget {}?",
    "Hur mycket förändrades {} från {} till 2029?",
)

numbers_as_text = st.one_of(
    st.sampled_from(HUGE),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(lambda value: str(value).replace(".", ",")),
    st.text(max_size=12),
)
fillers = st.one_of(numbers_as_text, st.sampled_from(ODD), st.text(max_size=40))
templated = st.builds(
    lambda template, values: template.format(*values), st.sampled_from(TEMPLATES), st.lists(fillers, min_size=2, max_size=2)
)
questions = st.one_of(
    st.text(max_size=300),
    st.sampled_from(ODD + HUGE),
    templated,
    st.builds(lambda a, b: a + b, templated, st.text(max_size=50)),
)


def short(value: str) -> str:
    """A test id: the first characters of an input, and its length."""
    return f"{value[:12]!r}x{len(value)}"


def numbers_in(text: str) -> set[str]:
    return set(re.findall(r"\d+", text))


def assert_contract(data: dict, passage_ids: set[str], documents: set[str]) -> None:
    """The ``ask --json`` contract: keys and types, real citations, no figure in an abstention."""
    json.loads(json.dumps(data, ensure_ascii=False, allow_nan=False))
    assert set(data) == CONTRACT
    assert isinstance(data["question"], str)
    assert isinstance(data["answer"], str) and data["answer"].strip()
    assert isinstance(data["abstained"], bool)
    assert data["intent"] in INTENTS
    assert isinstance(data["latency_ms"], float) and data["latency_ms"] >= 0
    for citation in data["citations"]:
        assert set(citation) == CITATION
        assert citation["passage_id"] in passage_ids
        assert citation["document"] in documents
        assert isinstance(citation["text"], str) and citation["text"]
        assert citation["page"] is None or isinstance(citation["page"], int)
        assert isinstance(citation["pages"], list) and len(citation["pages"]) <= 3
        assert citation["page"] is None or citation["page"] in citation["pages"]
        assert isinstance(citation["score"], float) and math.isfinite(citation["score"])
    if data["calculation"] is not None:
        assert set(data["calculation"]) == CALCULATION
        assert all(isinstance(step, str) for step in data["calculation"]["steps"])
    if data["abstained"]:
        assert data["calculation"] is None
        rest = data["answer"]
        for fixed in (ABSTAIN_TEXT, EMPTY_TEXT, NO_FIGURE_TEXT):
            rest = rest.replace(fixed, "")
        assert numbers_in(rest) <= numbers_in(data["question"]), "an abstention states no figure of its own"


@pytest.fixture(scope="module")
def known(seed_assistant) -> tuple[set[str], set[str]]:
    passages = seed_assistant.retriever.passages
    return {passage.id for passage in passages}, {passage.doc_id for passage in passages}


@pytest.fixture(scope="module")
def routes(seed_assistant):
    """Every answer route of the assistant, called on a read question without retrieval (the corpus's first passages)."""
    passages = seed_assistant.retriever.passages
    context = calculations.Context(
        seed_assistant.table_index, seed_assistant.vocabulary, passages[: statements.PASSAGES], passages
    )

    def candidates(query: Query) -> list[Candidate]:
        found: list[Candidate] = []
        for index, part in enumerate(query.parts):
            if part.asking:
                found += calculations.candidates(query, index, context, found)
                found += owners.candidates(query, index, seed_assistant.registry)
                found += seed_assistant.table_index.candidates(query, index)
        return found

    return candidates


@settings(FUZZ, max_examples=400)
@given(question=questions)
def test_answer_never_raises_and_keeps_the_contract(seed_assistant, known, question):
    answer = seed_assistant.answer(question)
    assert_contract(answer.to_dict(), *known)


@pytest.mark.parametrize("question", [*ODD, *HUGE], ids=short)
def test_each_odd_input_is_answered_within_the_contract(seed_assistant, known, question):
    answer = seed_assistant.answer(question)
    assert_contract(answer.to_dict(), *known)
    if not question.strip("\u200b\u200c\u200d\ufeff \t\n\r\x00"):
        assert answer.abstained  # nothing to answer: invisible characters or NUL only
    if not question.split():
        assert answer.intent == "empty"


def assert_candidate(candidate: Candidate) -> None:
    """A candidate the engine can compose: every line cites evidence it has, a calculation serialises."""
    assert candidate.lines and candidate.evidence
    assert all(0 <= line.evidence < len(candidate.evidence) for line in candidate.lines)
    if candidate.calculation is not None:
        data = candidate.calculation.to_dict()
        json.dumps(data, ensure_ascii=False)
        assert set(data) == CALCULATION and data["steps"]


@settings(FUZZ, max_examples=1000)
@given(question=st.one_of(questions, st.sampled_from(ODD)))
def test_routes_return_candidates_the_engine_can_compose(vocabulary, routes, question):
    for candidate in routes(read_query(question, vocabulary)):
        assert_candidate(candidate)


@settings(FUZZ, max_examples=1000)
@given(question=st.one_of(questions, st.sampled_from(ODD)))
def test_the_reader_reads_anything(vocabulary, question):
    query = read_query(question, vocabulary)
    assert isinstance(query, Query) and len(query.text) <= MAX_CHARS
    assert all(isinstance(mention.year, int) for mention in query.years)
    assert all(isinstance(a.value, Decimal) and a.value.is_finite() and a.unit in ("mkr", "kr") for a in query.amounts)
    assert all(isinstance(p.value, Decimal) and p.value.is_finite() for p in query.percents)
    assert all(isinstance(c.count, int) and c.count >= 0 for c in query.counts)
    for mention in (*query.years, *query.amounts, *query.percents, *query.boards, *query.organisations, *query.words):
        assert 0 <= mention.start <= mention.end <= len(query.text)
    for mention in (*query.years, *query.amounts, *query.percents):
        assert mention.text in query.text[mention.start : mention.end]
    assert query.parts and all(0 <= part.start <= part.end <= len(query.text) for part in query.parts)
    assert all(isinstance(value, Decimal) for value in scenario_results(query).values())
    assert query.search_text.strip() or not query.text.strip()


@pytest.mark.parametrize(
    "question", ["9" * 100_000 + " mkr", "9" * 100_000 + " %", "111 " * 25_000 + "kr", "krävs " * 17_000 + "per år"], ids=short
)
def test_long_inputs_are_read_in_bounded_time(vocabulary, routes, question):
    # Each took from seconds to minutes when every digit of a run, or every "krävs", was tried as a start.
    started = time.perf_counter()
    query = read_query(question, vocabulary)
    scenario_results(query)
    routes(query)
    assert time.perf_counter() - started < 5.0


amounts = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from([Decimal("1e308"), Decimal("9" * 400), Decimal("-1e12"), Decimal("1E+999999"), Decimal(0)]),
    st.integers(min_value=-(10**500), max_value=10**500),
    st.sampled_from(["100", 1.5, None, True, "", "1e308"]),
)
counts = st.one_of(st.integers(min_value=-5, max_value=10**400), st.sampled_from([True, 1.5, "3", None]))
years = st.one_of(st.integers(min_value=-(10**6), max_value=10**6), st.sampled_from([2026, 2027, 2030]))
fees = factories.fee_tables_2020()
CALCULATORS = {
    "personnel_cost": lambda data: calc.personnel_cost(factories.tabell_24(), data.draw(amounts), data.draw(years)),
    "personnel_cost_headcount": lambda data: calc.personnel_cost(
        factories.tabell_24(), Decimal(40000), 2026, period="month", headcount=data.draw(counts)
    ),
    "tax_per_ore": lambda data: calc.tax_per_ore(data.draw(amounts), data.draw(amounts)),
    "tax_change_effect": lambda data: calc.tax_change_effect(Decimal("3183.2"), Decimal("11.70"), data.draw(amounts)),
    "cost_sensitivity": lambda data: calc.cost_sensitivity(factories.costs_t1_2026(), data.draw(years), data.draw(amounts)),
    "restoration_plan": lambda data: calc.restoration_plan(factories.tabell_3(), {data.draw(years): data.draw(amounts)}),
    "remaining_deficit": lambda data: calc.remaining_deficit(factories.tabell_3(), {2027: data.draw(amounts)}),
    "restoration_year": lambda data: calc.restoration_year(factories.tabell_3(), {2026: data.draw(amounts)}),
    "accumulated_deficit": lambda data: calc.accumulated_deficit(factories.tabell_3(), data.draw(years)),
    "even_surplus_needed": lambda data: calc.even_surplus_needed(
        factories.tabell_3(), data.draw(years), results={2026: data.draw(amounts)}
    ),
    "patient_fees": lambda data: calc.patient_fees(
        {"Vårdbesök oavsett vårdgivarkategori": data.draw(counts)}, fees, data.draw(amounts)
    ),
    "debt_ratio": lambda data: calc.debt_ratio(data.draw(amounts), factories.tabell_5(), data.draw(years)),
    "change": lambda data: calc.change(factories.tabell_4(), data.draw(st.text(max_size=30)), data.draw(years), 2027),
}


@settings(FUZZ, max_examples=1000)
@given(name=st.sampled_from(sorted(CALCULATORS)), data=st.data())
def test_calculators_raise_only_calculation_errors(name, data):
    try:
        result = CALCULATORS[name](data)
    except CalculationError as error:
        assert str(error).strip()
        return
    assert isinstance(result, Calculation)
    json.dumps(result.to_dict(), ensure_ascii=False)
    assert result.steps


@pytest.mark.parametrize(
    "value",
    [Decimal("1e308"), Decimal("9" * 400), Decimal("-1e15"), Decimal("NaN"), Decimal("-Infinity")],
    ids=["1e308", "400-nior", "-1e15", "NaN", "-Infinity"],
)
def test_absurd_amounts_are_refused_in_swedish(value):
    with pytest.raises(calc.InvalidInput, match="Lönen"):
        calc.personnel_cost(factories.tabell_24(), value, 2026)


def test_a_huge_count_of_visits_still_prints():
    result = calc.patient_fees({"Vårdbesök oavsett vårdgivarkategori": 10**40}, fees, factories.open_care_ceiling_2020())
    assert result.steps and all(isinstance(step, str) for step in result.steps)


@pytest.fixture(scope="module")
def env(built_index) -> dict[str, str]:
    """The CLI's environment; bm25, as the CLI's handling is under test and loading the model per call costs seconds."""
    folders = {"PA_DOCUMENTS_DIR": str(built_index.documents_dir), "PA_INDEX_DIR": str(built_index.index_dir)}
    return {**folders, "PA_STRATEGY": "bm25"}


class TestCommandLine:
    """`ask --json` and `ask --jsonl` with odd input: JSON or a Swedish error, never a traceback."""

    def test_jsonl_answers_every_odd_line_in_the_contract(self, env, known):
        lines = [line for line in (*ODD, *HUGE) if line.strip() and "\n" not in line and "\r" not in line]
        result = CliRunner().invoke(cli, ["ask", "--jsonl"], input="\n".join(lines) + "\n", env=env)
        assert result.exit_code == 0, result.output
        assert result.exception is None
        answers = [json.loads(line) for line in result.stdout.splitlines()]
        assert len(answers) == len([line for line in lines if line.strip()])
        for answer in answers:
            assert_contract(answer, *known)

    @pytest.mark.parametrize("question", ["\x00", "9" * 400, "1e308 mkr", "\u202e2027?", "x" * 100_000], ids=short)
    def test_json_answers_odd_questions(self, env, known, question):
        result = CliRunner().invoke(cli, ["ask", "--json", question], env=env)
        assert result.exit_code == 0, result.output
        assert "Traceback" not in result.output
        assert_contract(json.loads(result.stdout), *known)

    @pytest.mark.parametrize(
        "arguments", [["ask", "--json"], ["ask", "--json", ""], ["ask", "--json", "--strategy", "ingen", "x"]]
    )
    def test_missing_or_bad_input_is_a_swedish_usage_error(self, env, arguments):
        result = CliRunner().invoke(cli, arguments, env=env)
        assert result.exit_code == 2
        assert "Traceback" not in result.output
        assert result.stdout == "" or "Error" in result.output
        assert isinstance(result.exception, SystemExit)
