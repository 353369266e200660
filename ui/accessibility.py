"""Accessibility (WCAG 2.1 AA): the allow-list of Streamlit's own axe violations, the axe summary and the statement.

The browser test (tests/e2e/test_accessibility.py) runs axe-core on every page state and reduces each report
with ``summarize``; the committed summary (accessibility/axe-summary.json) is rendered by ``statement_markdown``
into the tillgänglighetsredogörelse, both the app's page and TILLGANGLIGHETSREDOGORELSE.md, so the statement
cannot drift from the latest axe run. Nothing here imports streamlit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUMMARY_PATH = ROOT / "accessibility" / "axe-summary.json"
STATEMENT_PATH = ROOT / "TILLGANGLIGHETSREDOGORELSE.md"
STYLESHEET = Path(__file__).resolve().parent / "accessibility.css"
"""Focus outlines, caption contrast and zoom reflow: what the app's own CSS fixes in Streamlit's defaults."""

PAGE_LANGUAGE = "sv"
IMPACTS = ("critical", "serious", "moderate", "minor")
IMPACT_NAMES = {"critical": "kritisk", "serious": "allvarlig", "moderate": "måttlig", "minor": "mindre"}
"""axe-core's impact levels, most severe first, with the Swedish word the statement uses."""
BLOCKING = ("critical", "serious")
"""Impacts that fail the browser test unless the violation is on the allow-list."""

PAGE_STATES = {
    "chatt-start": "Chatt innan en fråga ställts",
    "chatt-svar": "Chatt med ett svar, en öppnad källa och beräkningens steg",
    "kalkyler": "Kalkyler med diagram, tabeller och beräkningens steg",
    "uppdrag": "Uppdrag med uppdragstabellen och en öppnad källtext",
    "styrmodellen": "Styrmodellen med en öppnad källa",
    "dokument-fel": "Dokument med ett felmeddelande efter en misslyckad uppladdning",
    "tillganglighet": "Tillgänglighetsredogörelsen",
}
"""Every page state the browser test checks with axe-core: state name (also the screenshot's name) → description."""


@dataclass(frozen=True)
class AllowedViolation:
    """An axe violation Streamlit itself causes and the app cannot change; frozen, since it is reviewed code.

    ``rule_id`` is axe-core's rule; ``target`` a regular expression every violating node's HTML must match,
    so the same rule on the app's own content still fails; ``reason`` (Swedish) says why it is Streamlit's;
    ``upstream`` points at the issue or source where it can be fixed.
    """

    rule_id: str
    target: str
    reason: str
    upstream: str

    def covers(self, rule_id: str, node_html: str) -> bool:
        """Whether this entry allows ``rule_id`` on the node whose HTML is ``node_html``."""
        return rule_id == self.rule_id and re.search(self.target, node_html) is not None


ALLOW_LIST: tuple[AllowedViolation, ...] = (
    AllowedViolation(
        rule_id="presentation-role-conflict",
        target=r'^<section role="presentation"[^>]*data-testid="stFileUploaderDropzone"',
        reason=(
            'Streamlits uppladdningsyta (st.file_uploader) är ett section-element med role="presentation" och en '
            'aria-label och tabindex="-1"; appen kan inte ändra elementets attribut. Knappen i ytan har en egen etikett '
            "och nås med tangentbordet, så uppladdningen fungerar utan ytan."
        ),
        upstream="https://github.com/streamlit/streamlit/pull/15928",
    ),
)
"""The only axe violations the browser test accepts; each names its rule, its nodes, the reason and where to fix it."""


@dataclass(frozen=True)
class KnownGap:
    """A gap found by hand (axe cannot see it) that Streamlit causes: what, its consequence, and the upstream reference."""

    text: str
    upstream: str


KNOWN_GAPS: tuple[KnownGap, ...] = (
    KnownGap(
        'Sidan anger svenska (lang="sv") först när appen har startat i webbläsaren; Streamlit skickar sidan med '
        'lang="en", så en skärmläsare kan läsa de första ögonblicken med engelskt uttal.',
        "https://github.com/streamlit/streamlit/issues/15726",
    ),
    KnownGap(
        "Några av Streamlits egna kontroller och områden har engelska namn som appen inte kan översätta: "
        "”Skip to main content”, ”Sidebar”, ”App pages” (sidnavigeringen), ”Send message” (skicka frågan), ”Stop” "
        "och ”Running...” medan ett svar tas fram, ”Open” i flervalslistorna, ”Upload” och ”Drag and drop files here” "
        "vid uppladdning, ”Chat message from user/assistant” runt chattens meddelanden och "
        "verktygsknapparna ”Show/hide columns”, ”Download as CSV”, ”Search” och ”Fullscreen” på uppdragstabellen "
        "(som också kan laddas ned med knappen ”Ladda ner som CSV”).",
        "https://github.com/streamlit/streamlit/issues/1353",
    ),
)
"""Gaps outside axe's reach, listed in the statement under the allow-listed violations."""


def allowed_by(
    rule_id: str, nodes: Sequence[Mapping], allow_list: Iterable[AllowedViolation] = ALLOW_LIST
) -> AllowedViolation | None:
    """The allow-list entry that covers every node of a violation, or None: one uncovered node makes it the app's."""
    for entry in allow_list:
        if nodes and all(entry.covers(rule_id, str(node.get("html", ""))) for node in nodes):
            return entry
    return None


def summarize(response: Mapping, allow_list: Iterable[AllowedViolation] = ALLOW_LIST) -> list[dict]:
    """An axe-core result reduced to what the statement needs: one row per violated rule, sorted by impact and rule.

    Each row: ``rule``, ``impact``, ``help`` (axe's English one-line description) and ``allowed`` (whether the
    allow-list covers it). How many elements fail is left out: it follows the answer's length, not the app's code.
    """
    entries = list(allow_list)
    rows = [
        {
            "rule": violation["id"],
            "impact": violation.get("impact") or "minor",
            "help": violation.get("help", ""),
            "allowed": allowed_by(violation["id"], violation.get("nodes", ()), entries) is not None,
        }
        for violation in response.get("violations", ())
    ]
    return sorted(rows, key=lambda row: (IMPACTS.index(row["impact"]), row["rule"]))


def blocking(rows: Iterable[Mapping]) -> list[Mapping]:
    """The rows that fail the browser test: critical or serious, and not on the allow-list."""
    return [row for row in rows if row["impact"] in BLOCKING and not row["allowed"]]


def impact_counts(rows: Iterable[Mapping]) -> dict[str, int]:
    """Violated rules per impact level, every level present (0 when none)."""
    counts = dict.fromkeys(IMPACTS, 0)
    for row in rows:
        counts[row["impact"]] += 1
    return counts


def comparable(summary: Mapping) -> dict[str, list[tuple[str, str, bool]]]:
    """The part of a summary a new axe run must reproduce: per state, the (rule, impact, allowed) triples.

    Node counts and the date are left out, so a longer answer or another day does not make the statement stale.
    """
    return {
        state: sorted((row["rule"], row["impact"], row["allowed"]) for row in result["violations"])
        for state, result in summary.get("states", {}).items()
    }


def in_page_order(states: Mapping[str, Mapping]) -> dict[str, Mapping]:
    """The states in the order of ``PAGE_STATES`` (the committed JSON sorts its keys), unknown ones last."""
    order = list(PAGE_STATES)
    return dict(sorted(states.items(), key=lambda item: (order.index(item[0]) if item[0] in order else len(order), item[0])))


def load_summary(path: Path = SUMMARY_PATH) -> dict:
    """The committed axe summary (accessibility/axe-summary.json)."""
    return json.loads(path.read_text(encoding="utf-8"))


def dump_summary(summary: Mapping) -> str:
    """The summary as the committed JSON text: sorted keys, two-space indent, UTF-8 characters as they are."""
    return json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def page_language_html(language: str = PAGE_LANGUAGE) -> str:
    """A script that sets the page's language on <html> (WCAG 3.1.1); Streamlit serves ``lang="en"``.

    ``st.html`` runs it in the page itself (not an iframe), so screen readers and axe see the new value.

    >>> page_language_html("sv")
    '<script data-page-language="sv">document.documentElement.lang = "sv";</script>'
    """
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", language):
        raise ValueError(f"Ogiltig språkkod: {language!r}")
    return f'<script data-page-language="{language}">document.documentElement.lang = "{language}";</script>'


ALERT_WORDS = {"error": "Fel", "warning": "Varning", "info": "Information", "success": "Klart"}
"""The word each kind of message starts with, so its kind is read aloud and seen, not only shown by colour (1.4.1)."""


def alert_text(kind: str, message: str) -> str:
    """The message as Markdown, led by its kind in bold: ``**Fel:** Indexet kunde inte byggas …``.

    >>> alert_text("error", "tom.txt sparades inte.")
    '**Fel:** tom.txt sparades inte.'
    """
    return f"**{ALERT_WORDS[kind]}:** {message}"


REPORT_CONTACT = (
    "Skriv till Region Jämtland Härjedalen och ange ”Planeringsassistenten – tillgänglighet” i ämnesraden. "
    "Berätta vilken sida det gäller, vad du försökte göra och vilket hjälpmedel du använde, så svarar vi "
    "inom två veckor."
)
"""How to report a problem; the organisation's own address is added where the statement is published."""
SUPERVISION_URL = "https://www.digg.se/tdosanmalan"
"""Digg's form for reporting a public body under lagen (2018:1937) om tillgänglighet till digital offentlig service."""


@dataclass(frozen=True)
class StatementSection:
    """One part of the statement: a heading at ``level`` (1 = page title) and its Markdown body (may be empty)."""

    level: int
    heading: str
    body: str


def statement_sections(
    summary: Mapping,
    allow_list: Sequence[AllowedViolation] = ALLOW_LIST,
    known_gaps: Sequence[KnownGap] = KNOWN_GAPS,
) -> list[StatementSection]:
    """The tillgänglighetsredogörelse in Swedish, section by section, rendered from the axe summary alone.

    The app draws each heading as a heading without Streamlit's English anchor link; ``statement_markdown``
    joins the same sections into TILLGANGLIGHETSREDOGORELSE.md, so page and file say what the latest run found.
    """
    states = in_page_order(summary.get("states", {}))
    rows = [row for result in states.values() for row in result["violations"]]
    own = [(state, row) for state, result in states.items() for row in result["violations"] if not row["allowed"]]
    status = (
        "Tjänsten är helt förenlig med kraven i WCAG 2.1 nivå AA."
        if not rows and not known_gaps
        else "Tjänsten är delvis förenlig med lagen om tillgänglighet till digital offentlig service (WCAG 2.1 nivå AA), "
        "på grund av de brister som beskrivs nedan."
    )
    return [
        StatementSection(1, "Tillgänglighetsredogörelse för Planeringsassistenten", INTRODUCTION),
        StatementSection(2, "Hur tillgänglig är tjänsten?", status),
        StatementSection(2, "Vad kan du göra om du inte kan använda delar av tjänsten?", ALTERNATIVES),
        StatementSection(2, "Rapportera brister i tjänstens tillgänglighet", REPORT_CONTACT),
        StatementSection(2, "Tillsyn", SUPERVISION),
        StatementSection(2, "Innehåll som inte är tillgängligt", _own_section(own)),
        *_allowed_section(states, allow_list),
        *_gaps_section(known_gaps),
        StatementSection(2, "Hur vi testat tjänsten", _method(summary)),
    ]


def statement_markdown(
    summary: Mapping,
    allow_list: Sequence[AllowedViolation] = ALLOW_LIST,
    known_gaps: Sequence[KnownGap] = KNOWN_GAPS,
) -> str:
    """The statement as one Markdown document: TILLGANGLIGHETSREDOGORELSE.md is exactly this text."""
    parts = []
    for section in statement_sections(summary, allow_list, known_gaps):
        parts += [f"{'#' * section.level} {section.heading}", ""]
        if section.body:
            parts += [section.body, ""]
    return "\n".join(parts)


INTRODUCTION = (
    "Region Jämtland Härjedalen står bakom Planeringsassistenten, en chattassistent över regionens "
    "planeringsdokument. Vi vill att alla ska kunna använda den, oavsett om du använder skärmläsare, bara "
    "tangentbordet, förstoring eller högkontrastläge. Här beskriver vi hur tjänsten uppfyller lagen (2018:1937) "
    "om tillgänglighet till digital offentlig service, vilka brister vi känner till och hur du rapporterar "
    "problem till oss."
)
ALTERNATIVES = (
    "Varje svar i chatten kan laddas ned som en textfil (Markdown) med källorna, och uppdragstabellen kan laddas "
    "ned som CSV. Behöver du innehållet på annat sätt, kontakta oss så hjälper vi dig."
)
SUPERVISION = (
    "Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn över lagen om tillgänglighet till "
    "digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du kontakta Digg och "
    f"påtala det: {SUPERVISION_URL}"
)


def _method(summary: Mapping) -> str:
    """How the service was tested, the counts per page state and impact, and the date of the run."""
    return "\n\n".join(
        [
            f"Testsviten granskar varje sidtillstånd nedan automatiskt med axe-core {summary.get('axe_version', '?')} "
            "(reglerna för WCAG 2.0 och 2.1 nivå A och AA samt bästa praxis) i webbläsaren Chromium. Testet misslyckas "
            "om en kritisk eller allvarlig brist finns som inte står bland undantagen ovan. Ett annat test använder "
            "tjänsten med bara tangentbordet: ställer en fråga, öppnar den första källan, öppnar beräkningens steg och "
            "byter sida. Sidorna prövas också i 640 pixlars bredd, som motsvarar 200 % förstoring.",
            "Antal överträdda axe-regler per sidtillstånd och allvarlighetsgrad (undantagen inräknade):",
            _counts_table(in_page_order(summary.get("states", {}))),
            f"Senaste granskning: {summary.get('checked', 'okänt datum')}. Redogörelsen skapas ur granskningens "
            "resultat (accessibility/axe-summary.json).",
        ]
    )


def _own_section(own: Sequence[tuple[str, Mapping]]) -> str:
    """Violations the app itself causes: none is the goal; any found are listed with their page state."""
    if not own:
        return "Den automatiska granskningen hittar inga brister i appens eget innehåll."
    lines = ["Brister i appens eget innehåll som vi åtgärdar:", ""]
    for state, row in own:
        lines.append(f"- {PAGE_STATES.get(state, state)}: {row['rule']} ({IMPACT_NAMES[row['impact']]}) – {row['help']}")
    return "\n".join(lines)


def _allowed_section(states: Mapping, allow_list: Sequence[AllowedViolation]) -> list[StatementSection]:
    """The allow-listed violations the latest run found, each with its page states, reason and upstream reference."""
    found: dict[str, list[str]] = {}
    impacts: dict[str, str] = {}
    for state, result in states.items():
        for row in result["violations"]:
            if row["allowed"]:
                found.setdefault(row["rule"], []).append(PAGE_STATES.get(state, state))
                impacts[row["rule"]] = row["impact"]
    lines = [
        f"- **{entry.rule_id}** ({IMPACT_NAMES[impacts[entry.rule_id]]}), på: {'; '.join(found[entry.rule_id])}. "
        f"{entry.reason} Se {entry.upstream}"
        for entry in allow_list
        if entry.rule_id in found
    ]
    if not lines:
        return []
    return [StatementSection(3, "Brister i ramverket Streamlit som appen inte kan ändra", "\n".join(lines))]


def _gaps_section(known_gaps: Sequence[KnownGap]) -> list[StatementSection]:
    """Gaps found by hand that axe cannot detect."""
    if not known_gaps:
        return []
    body = "\n".join(f"- {gap.text} Se {gap.upstream}" for gap in known_gaps)
    return [StatementSection(3, "Brister som hittats vid manuell granskning", body)]


def _counts_table(states: Mapping) -> str:
    """A Markdown table: page state × impact, counting violated rules."""
    header = "| Sidtillstånd | " + " | ".join(IMPACT_NAMES[impact] for impact in IMPACTS) + " |"
    lines = [header, "|---|" + "---|" * len(IMPACTS)]
    for state, result in states.items():
        counts = impact_counts(result["violations"])
        lines.append(f"| {PAGE_STATES.get(state, state)} | " + " | ".join(str(counts[impact]) for impact in IMPACTS) + " |")
    return "\n".join(lines)
