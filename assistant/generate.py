"""Optional generation: an OpenAI-compatible model rephrases the answer, and its reply is checked against the sources.

Off unless PA_LLM_BASE_URL and PA_LLM_MODEL are set; nothing is sent anywhere otherwise.
The model sees only the numbered passages and the calculation. Its reply is used only
when every [n] marker names a given passage and every figure in it stands in a cited
passage or in the calculation; on any failure the extractive answer is returned, with a
Swedish reason, and nothing is raised.
"""

from __future__ import annotations

import logging
import math
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import httpx

from assistant.errors import SettingsError
from assistant.models import Citation
from ingest.text import years_in

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 20.0
SYSTEM_PROMPT = (
    "Du är Planeringsassistenten och svarar på frågor om Region Jämtland Härjedalens planeringsdokument. "
    "Svara enbart utifrån de numrerade källorna och beräkningen i meddelandet, med en eller två meningar på svenska. "
    "Hänvisa till källan efter varje påstående med dess nummer i hakparentes, t.ex. [1], och använd bara de nummer som getts. "
    "Skriv inga siffror som inte står i källorna eller beräkningen, och räkna inte själv. "
    "Om källorna inte besvarar frågan, säg det och hänvisa till den källa som ligger närmast."
)
DISABLED_REASON = "Generering är avstängd: PA_LLM_BASE_URL och PA_LLM_MODEL är inte satta."
NO_SOURCES_REASON = "Det finns inga källor att generera ett svar ur."
KEY_IN_REPLY_REASON = "Språkmodellens svar innehöll tjänstens nyckel och visas inte."

MARKER = re.compile(r"\[\s*(\d+(?:\s*,\s*\d+)*)\s*\]")
# A figure: groups of three digits after a space ("1 234 567") or a plain run, with an optional
# decimal part after a comma (Swedish) or a point (as Decimals print in the calculation's result).
FIGURE = re.compile(r"(?<![\d.,])(?P<whole>\d{1,3}(?: \d{3})+|\d+)(?:[.,](?P<fraction>\d+))?(?!\d)")
WHITESPACE = re.compile(r"\s+")  # in str patterns \s also matches no-break and thin spaces


@dataclass(frozen=True)
class GenerationConfig:
    """Where the chat-completions endpoint is, which model to ask, and how long to wait.

    Frozen so one config can be shared between threads. The key is left out of the repr,
    and is sent only in the Authorization header.
    """

    # Base URL of an OpenAI-compatible API, e.g. "http://localhost:8000/v1" (PA_LLM_BASE_URL).
    base_url: str | None = None
    # Model name sent with each request (PA_LLM_MODEL).
    model: str | None = None
    # Bearer token, if the endpoint needs one (PA_LLM_API_KEY); never logged or shown.
    api_key: str | None = field(default=None, repr=False)
    # Seconds to wait for connecting and for each read (PA_LLM_TIMEOUT).
    timeout_s: float = DEFAULT_TIMEOUT_S

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> GenerationConfig:
        """The config from PA_LLM_* variables; blank ones count as unset, bad ones raise SettingsError."""
        environ = os.environ if environ is None else environ
        base_url = _variable(environ, "PA_LLM_BASE_URL")
        if base_url and not base_url.startswith(("http://", "https://")):
            raise SettingsError("PA_LLM_BASE_URL måste börja med http:// eller https://.")
        model, api_key = _variable(environ, "PA_LLM_MODEL"), _variable(environ, "PA_LLM_API_KEY")
        return cls(base_url, model, api_key, _timeout(_variable(environ, "PA_LLM_TIMEOUT")))

    @property
    def enabled(self) -> bool:
        """True only when both an endpoint and a model are configured."""
        return bool(self.base_url and self.model)

    @property
    def url(self) -> str:
        """The chat-completions address under ``base_url``."""
        return f"{(self.base_url or '').rstrip('/')}/chat/completions"


@dataclass(frozen=True)
class GenerationResult:
    """The answer text to show; ``used_llm`` when it is the model's checked reply, else ``reason`` says why not."""

    text: str
    used_llm: bool
    reason: str | None = None


class _Fallback(Exception):
    """Internal: the reply cannot be used; carries the Swedish reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def generate_answer(
    question: str, citations: Sequence[Citation], calculation: dict | None, extractive: str, config: GenerationConfig
) -> GenerationResult:
    """Ask the configured model to answer from the passages, and use its reply only if it checks out.

    Args:
        question: The user's question.
        citations: The passages, numbered [1], [2], … in this order, as in the answer's source list.
        calculation: ``Calculation.to_dict()`` when a calculator answered, else None.
        extractive: The answer composed without a model; returned on any failure.
        config: The endpoint; when not enabled, no request is made.

    Returns:
        The model's text with ``used_llm=True``, or ``extractive`` with the reason it was kept.
    """
    if not config.enabled:
        return GenerationResult(extractive, used_llm=False, reason=DISABLED_REASON)
    if not citations:
        return _fallback(extractive, NO_SOURCES_REASON)
    try:
        text = _complete(build_messages(question, citations, calculation), config)
        reason = verify_reply(text, question, citations, calculation)
        if config.api_key and config.api_key in text:
            reason = KEY_IN_REPLY_REASON  # a model or proxy repeating the Authorization header
    except _Fallback as failure:
        return _fallback(extractive, failure.reason)
    except Exception as error:  # never raise: generation is an optional extra over a complete answer
        return _fallback(extractive, f"Oväntat fel vid generering ({type(error).__name__}).")
    if reason is not None:
        return _fallback(extractive, reason)
    logger.debug("Genererat svar från %s godkänt", config.model)
    return GenerationResult(text, used_llm=True)


def build_messages(question: str, citations: Sequence[Citation], calculation: dict | None) -> list[dict[str, str]]:
    """The chat messages: the Swedish instructions, then the question, the numbered passages and the calculation."""
    passages = "\n\n".join(f"[{number}] {_passage(citation)}" for number, citation in enumerate(citations, start=1))
    parts = [f"Fråga: {question}", f"Källor:\n{passages}"]
    if calculation and calculation.get("steps"):
        steps = "\n".join(f"- {step}" for step in calculation["steps"])
        parts.append(f"Beräkning (redan utförd ur tabellerna):\n{steps}")
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": "\n\n".join(parts)}]


def verify_reply(text: str, question: str, citations: Sequence[Citation], calculation: dict | None) -> str | None:
    """Why the reply cannot be used (in Swedish), or None when it checks out.

    The reply must cite with [n] markers, every n within 1..len(citations), and every
    figure in it must stand in a passage it cites or in the calculation's steps or result.
    Figures are compared by value, so "1 005,5" (with a plain or a no-break space) and
    "1005.5" are the same figure, and "4,5 %" matches a table cell "4,5". Years the
    question names need no source.
    """
    cited = _markers(text)
    if not cited:
        return "Svaret saknar källhänvisning i formen [n]."
    outside = [number for number in cited if not 1 <= number <= len(citations)]
    if outside:
        return f"Svaret hänvisar till källa [{outside[0]}], men bara {len(citations)} källor gavs."
    known = _source_figures([_passage(citations[number - 1]) for number in cited] + _calculation_texts(calculation))
    known |= {Decimal(year) for year in years_in(question)}
    for printed, value in _answer_figures(MARKER.sub(";", text)):
        if value not in known:
            return f"Svaret innehåller siffran {printed}, som inte står i de citerade källorna eller beräkningen."
    return None


def _variable(environ: Mapping[str, str], name: str) -> str | None:
    """A variable's value with surrounding space removed; blank counts as unset."""
    return (environ.get(name) or "").strip() or None


def _timeout(raw: str | None) -> float:
    """PA_LLM_TIMEOUT in seconds: a positive number, 20 when unset."""
    if not raw:
        return DEFAULT_TIMEOUT_S
    try:
        seconds = float(raw.replace(",", "."))
    except ValueError as error:
        raise SettingsError(f"PA_LLM_TIMEOUT: väntade ett tal i sekunder, fick '{raw}'") from error
    if not math.isfinite(seconds) or seconds <= 0:
        raise SettingsError(f"PA_LLM_TIMEOUT måste vara större än 0, fick '{raw}'")
    return seconds


def _fallback(extractive: str, reason: str) -> GenerationResult:
    logger.warning("Generering: det extraktiva svaret används. %s", reason)
    return GenerationResult(extractive, used_llm=False, reason=reason)


def _complete(messages: list[dict[str, str]], config: GenerationConfig) -> str:
    """POST the messages and return the reply's text; failures raise _Fallback without the key in them."""
    headers = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
    body = {"model": config.model, "messages": messages, "temperature": 0}
    try:
        response = httpx.post(config.url, json=body, headers=headers, timeout=config.timeout_s)
    except httpx.TimeoutException as error:
        raise _Fallback(f"Språkmodellen svarade inte inom {config.timeout_s:g} s.") from error
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        raise _Fallback(f"Språkmodellen kunde inte nås ({type(error).__name__}).") from error
    if not response.is_success:
        raise _Fallback(f"Språkmodellen svarade med HTTP {response.status_code}.")
    return _reply_text(response)


def _reply_text(response: httpx.Response) -> str:
    """``choices[0].message.content`` of an OpenAI-shaped reply, or _Fallback."""
    try:
        content = response.json()["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise _Fallback("Språkmodellens svar gick inte att tolka som ett chat-completions-svar.") from error
    if not isinstance(content, str) or not content.strip():
        raise _Fallback("Språkmodellens svar saknade text.")
    return content.strip()


def _passage(citation: Citation) -> str:
    """A passage as the model sees it: where it is (title – section – page), then its text."""
    where = [citation.title, citation.section, f"s. {citation.page}" if citation.page is not None else None]
    return " – ".join(part for part in where if part) + "\n" + citation.text.strip()


def _markers(text: str) -> list[int]:
    """The passage numbers the text cites, in order of first mention ("[1, 3]" gives 1 and 3)."""
    numbers = (int(number) for group in MARKER.findall(text) for number in group.split(","))
    return list(dict.fromkeys(numbers))


def _calculation_texts(calculation: dict | None) -> list[str]:
    """The calculation's steps and its result (a figure, or a mapping of figures) as text."""
    if not calculation:
        return []
    return [str(step) for step in calculation.get("steps", [])] + list(_strings(calculation.get("result")))


def _strings(value: object) -> Iterable[str]:
    if isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
    elif value is not None:
        yield str(value)


def _answer_figures(text: str) -> list[tuple[str, Decimal]]:
    """Each figure in the reply as printed and as a value; signs are ignored ("minskar med 96,7")."""
    found = FIGURE.finditer(WHITESPACE.sub(" ", text))
    return [(match.group(), _value(match["whole"].split(" "), match["fraction"])) for match in found]


def _source_figures(texts: Iterable[str]) -> set[Decimal]:
    """Every value the sources print, reading a run like "700 850 900" both whole and as its groups.

    Table rows put cells side by side, so "Lånetak 700 850 900" holds 850 as well as 700 850 900.
    """
    values: set[Decimal] = set()
    for match in FIGURE.finditer(WHITESPACE.sub(" ", "\n".join(texts))):
        groups = match["whole"].split(" ")
        for start in range(len(groups)):
            for end in range(start + 1, len(groups) + 1):
                values.add(_value(groups[start:end], match["fraction"] if end == len(groups) else None))
    return values


def _value(groups: Sequence[str], fraction: str | None) -> Decimal:
    return Decimal("".join(groups) + (f".{fraction}" if fraction else ""))
