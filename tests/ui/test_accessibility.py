"""The accessibility helpers: the allow-list, the axe summary and the statement rendered from it."""

from __future__ import annotations

import json

import pytest

from ui.accessibility import (
    ALLOW_LIST,
    PAGE_STATES,
    STATEMENT_PATH,
    SUMMARY_PATH,
    AllowedViolation,
    alert_text,
    allowed_by,
    blocking,
    comparable,
    dump_summary,
    impact_counts,
    load_summary,
    page_language_html,
    statement_markdown,
    statement_sections,
    summarize,
)

DROPZONE = '<section role="presentation" tabindex="-1" data-testid="stFileUploaderDropzone" aria-label="Ladda upp">'
OWN_SECTION = '<section role="presentation" aria-label="Vår egen yta">'


def violation(rule: str, impact: str, *html: str) -> dict:
    """An axe-core violation as ``axe.run`` reports it, with one node per HTML snippet."""
    return {"id": rule, "impact": impact, "help": f"Hjälp för {rule}", "nodes": [{"html": snippet} for snippet in html]}


def test_the_committed_statement_is_the_rendering_of_the_committed_summary():
    # The e2e test keeps the summary equal to the latest axe run; this keeps the statement equal to the summary.
    assert STATEMENT_PATH.read_text(encoding="utf-8") == statement_markdown(load_summary())


def test_the_committed_summary_covers_every_page_state_and_is_written_canonically():
    summary = load_summary()
    assert set(summary["states"]) == set(PAGE_STATES)
    assert SUMMARY_PATH.read_text(encoding="utf-8") == dump_summary(summary)


def test_the_committed_summary_has_no_blocking_violation():
    summary = load_summary()
    found = {state: blocking(result["violations"]) for state, result in summary["states"].items()}
    assert {state: rows for state, rows in found.items() if rows} == {}


def test_allow_list_entries_name_rule_reason_and_upstream():
    for entry in ALLOW_LIST:
        assert entry.rule_id and entry.reason and entry.upstream.startswith("https://github.com/streamlit/streamlit/")


def test_allow_list_covers_streamlits_dropzone_but_not_the_same_rule_on_our_content():
    assert allowed_by("presentation-role-conflict", [{"html": DROPZONE}]) is ALLOW_LIST[0]
    assert allowed_by("presentation-role-conflict", [{"html": DROPZONE}, {"html": OWN_SECTION}]) is None
    assert allowed_by("color-contrast", [{"html": DROPZONE}]) is None
    assert allowed_by("presentation-role-conflict", []) is None


def test_summarize_sorts_by_impact_and_marks_allowed_rules():
    response = {
        "violations": [
            violation("presentation-role-conflict", "minor", DROPZONE),
            violation("color-contrast", "serious", "<p>Källa</p>"),
            violation("image-alt", "critical", "<img>"),
        ]
    }
    rows = summarize(response)
    assert [(row["rule"], row["impact"], row["allowed"]) for row in rows] == [
        ("image-alt", "critical", False),
        ("color-contrast", "serious", False),
        ("presentation-role-conflict", "minor", True),
    ]
    assert [row["rule"] for row in blocking(rows)] == ["image-alt", "color-contrast"]
    assert impact_counts(rows) == {"critical": 1, "serious": 1, "moderate": 0, "minor": 1}


def test_a_serious_violation_on_the_allow_list_does_not_block():
    entry = AllowedViolation(
        "scrollable-region-focusable", r"stDataFrame", "Streamlits tabell.", "https://github.com/streamlit/streamlit/issues/1"
    )
    rows = summarize({"violations": [violation("scrollable-region-focusable", "serious", '<div class="stDataFrame">')]}, [entry])
    assert rows[0]["allowed"] and blocking(rows) == []


def test_comparable_ignores_help_text_order_and_date():
    first = {
        "checked": "2026-01-01",
        "states": {"a": {"violations": [{"rule": "x", "impact": "minor", "allowed": True, "help": "1"}]}},
    }
    second = json.loads(json.dumps(first))
    second["checked"] = "2026-02-02"
    second["states"]["a"]["violations"][0]["help"] = "2"
    assert comparable(first) == comparable(second)
    second["states"]["a"]["violations"][0]["impact"] = "serious"
    assert comparable(first) != comparable(second)


def test_statement_lists_allowed_rules_with_reason_and_its_own_violations():
    summary = {
        "axe_version": "4.12.1",
        "checked": "2026-11-24",
        "states": {
            "dokument-fel": {
                "violations": summarize({"violations": [violation("presentation-role-conflict", "minor", DROPZONE)]})
            },
            "kalkyler": {"violations": summarize({"violations": [violation("svg-img-alt", "serious", "<g>")]})},
        },
    }
    text = statement_markdown(summary)
    assert text.startswith("# Tillgänglighetsredogörelse för Planeringsassistenten\n")
    assert "delvis förenlig" in text
    assert "- **presentation-role-conflict** (mindre), på: Dokument med ett felmeddelande" in text
    assert ALLOW_LIST[0].upstream in text
    assert "- Kalkyler med diagram, tabeller och beräkningens steg: svg-img-alt (allvarlig)" in text
    assert "| Kalkyler med diagram, tabeller och beräkningens steg | 0 | 1 | 0 | 0 |" in text
    assert "axe-core 4.12.1" in text and "Senaste granskning: 2026-11-24." in text
    assert "https://www.digg.se/tdosanmalan" in text


def test_statement_lists_page_states_in_page_order_whatever_the_json_order():
    summary = {"states": {state: {"violations": []} for state in sorted(PAGE_STATES)}}
    table = [line for line in statement_markdown(summary).splitlines() if line.startswith("| ") and "Sidtillstånd" not in line]
    assert [line.split(" | ")[0][2:] for line in table] == list(PAGE_STATES.values())


def test_statement_without_findings_is_fully_compliant():
    summary = {"axe_version": "4", "checked": "2026-11-24", "states": {"chatt-start": {"violations": []}}}
    sections = statement_sections(summary, allow_list=(), known_gaps=())
    assert sections[1].body == "Tjänsten är helt förenlig med kraven i WCAG 2.1 nivå AA."
    assert [section.level for section in sections] == [1, 2, 2, 2, 2, 2, 2]


def test_page_language_script_sets_swedish_and_refuses_other_text():
    assert 'document.documentElement.lang = "sv"' in page_language_html()
    with pytest.raises(ValueError):
        page_language_html('sv"; alert(1); "')


@pytest.mark.parametrize(
    ("kind", "word"), [("error", "Fel"), ("warning", "Varning"), ("info", "Information"), ("success", "Klart")]
)
def test_every_message_names_its_kind_in_words(kind, word):
    assert alert_text(kind, "Något hände.") == f"**{word}:** Något hände."
