"""Every citation names a real section: asked with the real Assistant, over every dev question of both dev files.

A citation's ``section`` tells the reader where to look. It must never be a list of names or a
signature, a contact or header line, a table's column header, a legend line or a sentence
fragment — the labels issue 19 found on 148 of 975 citations.
"""

from __future__ import annotations

import json

import pytest

from ingest.headings import CAPTION, column_header, ends_mid_sentence, has_finite_verb, is_contact, is_legend, is_name_list
from tests.conftest import SHARED

DEV_FILES = [SHARED / "eval" / "dev-questions.jsonl", SHARED / "eval" / "dev-questions-2.jsonl"]
SEPARATOR = " > "  # between the parts of a citation's section path (assistant.compose.citation_for)


def dev_questions() -> list[tuple[str, str]]:
    questions = []
    for path in DEV_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                questions.append((record["id"], record["q"]))
    return questions


def what_is_wrong(part: str) -> str | None:
    """Why a section label is not a section's name, or None when it is one (a table caption always is)."""
    if CAPTION.match(part):
        return None
    if is_name_list(part) and column_header(part) is None:
        return "namnlista eller underskrift"
    if is_contact(part):
        return "kontakt-, sidhuvud- eller sidfotsrad"
    if column_header(part) is not None:
        return "kolumnrubrik"
    if is_legend(part):
        return "teckenförklaring"
    if ends_mid_sentence(part) or has_finite_verb(part) or part.endswith(","):
        return "meningsfragment"
    return None


def test_there_are_dev_questions_from_both_files():
    identifiers = [identifier for identifier, _ in dev_questions()]
    assert len(identifiers) > 100
    assert {identifier[0] for identifier in identifiers} > {"D", "P", "R", "S", "T"}


@pytest.mark.parametrize(
    "label",
    [
        "Bengt Bergqvist Lars-Erik Olofsson Elin Hoffner",
        "Eva Hellstrand (C)",
        "E-post: sandra.hedman@regionjh.se",
        "Kommentar",
        "Status Uppdrag Kommentar",
        "Ja eller Nej",
        "Kortsiktiga nyckeltal Utfall Mål Kommentar",
        "Fokus ligger på",
        "Besluten handlar om att",
        "Till Regionstyrelsen avsätts",
        "Region JH får enligt denna förordning 0,250 mkr per år",
        "Grön = målet kommer nås under året",
    ],
)
def test_the_check_catches_every_label_the_issue_reported(label):
    assert what_is_wrong(label) is not None


@pytest.mark.parametrize(
    "label",
    ["Ledningsprocesser", "Kortsiktiga nyckeltal", "Uppdrag", "Styrmodell", "Tabell 10. Riktade statsbidrag i budget."],
)
def test_the_check_lets_real_sections_through(label):
    assert what_is_wrong(label) is None


def test_no_cited_section_is_a_name_list_contact_line_column_header_legend_or_fragment(seed_assistant):
    wrong: list[str] = []
    cited = 0
    for identifier, question in dev_questions():
        for citation in seed_assistant.answer(question).citations:
            cited += 1
            for part in (citation.section or "").split(SEPARATOR):
                reason = what_is_wrong(part) if part else None
                if reason:
                    wrong.append(f"{identifier} [{citation.title}] {citation.section!r}: {reason}")

    assert cited > 500
    assert wrong == []
