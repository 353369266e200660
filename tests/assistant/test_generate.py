"""Generation against a real HTTP server on 127.0.0.1: good replies are used, anything else falls back."""

from __future__ import annotations

import json
import logging
import time

import pytest

from assistant.errors import SettingsError
from assistant.generate import (
    DISABLED_REASON,
    GenerationConfig,
    GenerationResult,
    build_messages,
    generate_answer,
    verify_reply,
)
from assistant.models import Citation
from tests.llm_endpoint import Endpoint, EndpointServer, chat_reply

KEY = "sk-test-hemlig-nyckel-4711"
QUESTION = "Vilket lånetak gäller för 2027?"
EXTRACTIVE = "Tak 2027: 850 mkr [1]"
CITATIONS = (
    Citation(
        passage_id="p1",
        document="regionplan-2026-2028",
        title="Regionplan och budget 2026–2028",
        section="Tabell 7. Maximalt beslutad lånevolym",
        page=41,
        # Regionplan och budget 2026–2028, tabell 7 (shortened): the ceiling is 850 mkr for 2027.
        text="Lånetak, mkr\nTak 2026 Tak 2027 Tak 2028\n700 850 1 005,5",
        score=1.0,
    ),
    Citation(
        passage_id="p2",
        document="regionplan-2026-2028",
        title="Regionplan och budget 2026–2028",
        section="Reglering av balanskravsresultat",
        page=12,
        text="Ett negativt balanskravsresultat ska regleras under de närmast följande tre åren.",
        score=0.5,
    ),
)


def config_for(endpoint: Endpoint, **changes) -> GenerationConfig:
    values = {"base_url": endpoint.url, "model": "test-model", "api_key": KEY, "timeout_s": 5.0, **changes}
    return GenerationConfig(**values)


def ask(endpoint: Endpoint, calculation: dict | None = None, **changes) -> GenerationResult:
    return generate_answer(QUESTION, CITATIONS, calculation, EXTRACTIVE, config_for(endpoint, **changes))


def assert_fell_back(result: GenerationResult, *words: str) -> None:
    assert result.text == EXTRACTIVE
    assert not result.used_llm
    assert result.reason
    for word in words:
        assert word in result.reason


class TestGenerateAnswer:
    def test_good_reply_is_used(self, endpoint):
        result = ask(endpoint)

        assert result == GenerationResult("Lånetaket för 2027 är 850 mkr [1].", used_llm=True, reason=None)
        assert [request.path for request in endpoint.requests] == ["/v1/chat/completions"]

    def test_garbled_reply_falls_back(self, endpoint):
        endpoint.body = b"<html>Bad Gateway</html>"

        assert_fell_back(ask(endpoint), "tolka")

    @pytest.mark.parametrize("body", [b"{}", b'{"choices": []}', b'{"choices": [{"message": {"content": 7}}]}', b"[]"])
    def test_reply_not_in_openai_shape_falls_back(self, endpoint, body):
        endpoint.body = body

        assert_fell_back(ask(endpoint))

    def test_slow_reply_falls_back_within_the_timeout(self, endpoint):
        endpoint.delay_s = 5.0
        started = time.perf_counter()

        result = ask(endpoint, timeout_s=0.5)

        assert time.perf_counter() - started < 2.0
        assert_fell_back(result, "0.5 s")

    def test_marker_outside_the_passages_falls_back(self, endpoint):
        endpoint.body = chat_reply("Lånetaket för 2027 är 850 mkr [7].")

        assert_fell_back(ask(endpoint), "[7]", "2 källor")

    def test_reply_without_marker_falls_back(self, endpoint):
        endpoint.body = chat_reply("Lånetaket för 2027 är 850 mkr.")

        assert_fell_back(ask(endpoint), "källhänvisning")

    def test_figure_in_no_passage_falls_back(self, endpoint):
        endpoint.body = chat_reply("Lånetaket för 2027 är 900 mkr [1].")

        assert_fell_back(ask(endpoint), "900")

    def test_figure_from_the_calculation_is_used(self, endpoint):
        endpoint.body = chat_reply("Lånetaket ökar med 21,4 % från 2026 till 2027 [1].")
        calculation = {"steps": ["Tak 2026: 700 mkr; Tak 2027: 850 mkr.", "Ökning: 21,4 %."], "result": "21.43"}

        assert ask(endpoint, calculation).used_llm

    def test_http_error_falls_back(self, endpoint):
        endpoint.status = 500
        endpoint.body = b'{"error": "internt fel"}'

        assert_fell_back(ask(endpoint), "HTTP 500")

    def test_unreachable_endpoint_falls_back(self, endpoint):
        closed = EndpointServer(Endpoint())
        url = f"http://127.0.0.1:{closed.server_address[1]}/v1"
        closed.server_close()

        assert_fell_back(ask(endpoint, base_url=url), "kunde inte nås")

    @pytest.mark.parametrize("changes", [{"model": None}, {"base_url": None}, {"base_url": "", "model": ""}])
    def test_disabled_config_sends_nothing(self, endpoint, changes):
        result = ask(endpoint, **changes)

        assert result == GenerationResult(EXTRACTIVE, used_llm=False, reason=DISABLED_REASON)
        assert endpoint.requests == []

    def test_no_passages_sends_nothing(self, endpoint):
        result = generate_answer(QUESTION, (), None, EXTRACTIVE, config_for(endpoint))

        assert_fell_back(result, "källor")
        assert endpoint.requests == []

    def test_request_carries_passages_question_and_key(self, endpoint):
        ask(endpoint)

        (request,) = endpoint.requests
        body = json.loads(request.body)
        user = body["messages"][1]["content"]
        assert (body["model"], body["temperature"], body["messages"][0]["role"]) == ("test-model", 0, "system")
        assert QUESTION in user
        assert "[1] Regionplan och budget 2026–2028 – Tabell 7. Maximalt beslutad lånevolym – s. 41" in user
        assert all(citation.text in user for citation in CITATIONS)
        assert request.headers["authorization"] == f"Bearer {KEY}"

    def test_no_key_no_authorization_header(self, endpoint):
        ask(endpoint, api_key=None)

        assert "authorization" not in endpoint.requests[0].headers

    @pytest.mark.parametrize(
        "setup",
        [
            {},
            {"status": 401, "body": b'{"error": "fel nyckel: "}', "echo_authorization": True},
            {"body": b"inte json: ", "echo_authorization": True},
            {"body": chat_reply("Taket är 999 mkr [1].")},
        ],
    )
    def test_key_never_in_result_or_logs(self, endpoint, caplog, setup):
        for name, value in setup.items():
            setattr(endpoint, name, value)
        caplog.set_level(logging.DEBUG)

        result = ask(endpoint)

        assert endpoint.requests[0].headers["authorization"] == f"Bearer {KEY}"
        assert KEY not in repr(result)
        assert KEY not in f"{result.text} {result.reason}"
        assert KEY not in caplog.text
        assert all(KEY not in record.getMessage() for record in caplog.records)
        assert KEY not in repr(config_for(endpoint))


class TestVerifyReply:
    @pytest.mark.parametrize(
        "reply",
        [
            "Lånetaket för 2027 är 850 mkr [1].",
            "Taket är 1\u00a0005,5 mkr 2028 [1].",  # no-break space between thousands
            "Taket är 1 005,5 mkr [1], och underskott regleras inom tre år [2].",
            "Taken är 700 och 850 mkr [1, 2].",
            "Tabell 7 på s. 41 anger taket [1].",  # the heading the model was shown
        ],
    )
    def test_supported_replies_pass(self, reply):
        assert verify_reply(reply, QUESTION, CITATIONS, None) is None

    @pytest.mark.parametrize(
        ("reply", "printed"),
        [
            ("Lånetaket är 851 mkr [1].", "851"),
            ("Taket är 1 005 mkr [1].", "1 005"),  # rounded: not the printed figure
            ("Lånetaket för 2030 är 850 mkr [1].", "2030"),  # a year the question does not name
            ("Underskott regleras inom tre år, taket är 850 mkr [2].", "850"),  # figure only in an uncited passage
        ],
    )
    def test_unsupported_figure_is_named(self, reply, printed):
        assert f"siffran {printed}," in (verify_reply(reply, QUESTION, CITATIONS, None) or "")

    def test_year_the_question_names_needs_no_source(self):
        reply = "Källorna anger inget lånetak för 2024 [1]."

        assert verify_reply(reply, "Vilket lånetak gällde 2024?", CITATIONS, None) is None
        assert "2024" in (verify_reply(reply, QUESTION, CITATIONS, None) or "")

    def test_marker_number_is_not_a_figure(self):
        assert verify_reply("Underskott regleras under tre år [2].", "Hur regleras underskott?", CITATIONS, None) is None

    def test_calculation_result_counts_as_source(self):
        calculation = {"steps": ["Ökning: 150 mkr."], "result": {"difference": "150", "percent": "21.43"}}

        assert verify_reply("Ökningen är 21,43 % [1].", QUESTION, CITATIONS, calculation) is None


class TestBuildMessages:
    def test_calculation_steps_follow_the_passages(self):
        messages = build_messages(QUESTION, CITATIONS, {"steps": ["Tak 2027: 850 mkr."]})

        assert messages[0]["content"].startswith("Du är Planeringsassistenten")
        assert messages[1]["content"].endswith("Beräkning (redan utförd ur tabellerna):\n- Tak 2027: 850 mkr.")


class TestGenerationConfig:
    def test_off_by_default(self):
        config = GenerationConfig.from_env({})

        assert config == GenerationConfig(None, None, None, 20.0)
        assert not config.enabled

    def test_from_env(self):
        environ = {
            "PA_LLM_BASE_URL": "http://localhost:8000/v1/",
            "PA_LLM_MODEL": "qwen",
            "PA_LLM_API_KEY": KEY,
            "PA_LLM_TIMEOUT": "2,5",
        }

        config = GenerationConfig.from_env(environ)

        assert config == GenerationConfig("http://localhost:8000/v1/", "qwen", KEY, 2.5)
        assert config.enabled
        assert config.url == "http://localhost:8000/v1/chat/completions"

    def test_repr_hides_the_key(self):
        assert KEY not in repr(GenerationConfig("http://localhost:8000/v1", "qwen", KEY))

    @pytest.mark.parametrize("timeout", ["snart", "0", "-1", "inf", "nan"])
    def test_bad_timeout_fails_at_startup(self, timeout):
        with pytest.raises(SettingsError, match="PA_LLM_TIMEOUT") as raised:
            GenerationConfig.from_env({"PA_LLM_API_KEY": KEY, "PA_LLM_TIMEOUT": timeout})
        assert KEY not in str(raised.value)

    def test_base_url_needs_a_scheme(self):
        with pytest.raises(SettingsError, match="PA_LLM_BASE_URL"):
            GenerationConfig.from_env({"PA_LLM_BASE_URL": "localhost:8000", "PA_LLM_MODEL": "qwen"})
