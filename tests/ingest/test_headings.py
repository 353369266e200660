"""ingest.headings: detected headings against the lists written by hand for each document, and the rules on literal lines.

The lists in tests/data/headings/ were written from reading the documents, not from the
parser's output (README there). Precision and recall are counted in reading order
(difflib's matching blocks), so a heading found at the wrong place does not count.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from ingest.clean import clean_pages
from ingest.headings import (
    Heading,
    HeadingKind,
    column_header,
    ends_mid_sentence,
    find_headings,
    has_finite_verb,
    is_contact,
    is_legend,
    is_name_list,
)
from ingest.loaders import load_pages
from ingest.models import Line
from tests.conftest import DOCUMENTS

TRUTH = Path(__file__).resolve().parent.parent / "data" / "headings"
MIN_PRECISION = 0.95
MIN_RECALL = 0.90


def normalised(label: str) -> str:
    return re.sub(r"\s+", " ", label).strip().rstrip(" :.").casefold()


def truth_files() -> list[Path]:
    return sorted(TRUTH.glob("*.txt"))


def detected(document: Path) -> list[Heading]:
    return find_headings(clean_pages(load_pages(document)))


def precision_recall(found: list[str], truth: list[str]) -> tuple[float, float]:
    matcher = difflib.SequenceMatcher(None, found, truth, autojunk=False)
    hits = sum(block.size for block in matcher.get_matching_blocks())
    return hits / max(1, len(found)), hits / len(truth)


@pytest.mark.parametrize("truth_file", truth_files(), ids=lambda path: path.stem)
def test_headings_match_the_hand_written_list(truth_file: Path):
    document = DOCUMENTS / truth_file.name
    truth = [normalised(line) for line in truth_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    found = [normalised(heading.label) for heading in detected(document)]

    precision, recall = precision_recall(found, truth)

    missing = sorted(set(truth) - set(found))
    extra = sorted(set(found) - set(truth))
    report = f"{document.name}: precision {precision:.3f}, recall {recall:.3f}; missing {missing}, extra {extra}"
    print(report)  # the numbers, with pytest -s
    assert precision >= MIN_PRECISION and recall >= MIN_RECALL, report


def test_every_truth_list_names_a_shipped_document():
    assert truth_files()
    assert all((DOCUMENTS / path.name).is_file() for path in truth_files())


@pytest.fixture(scope="module")
def all_labels() -> set[str]:
    """Every heading label detected in the shipped documents."""
    return {heading.label for document in sorted(DOCUMENTS.glob("*.txt")) for heading in detected(document)}


class TestOnTheDocuments:
    """What the issue reported as section labels, and what the sections should be called instead."""

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
            "Utöver det har nämnden beslutat om att",
            "Till Regionstyrelsen avsätts",
            "Region JH får enligt denna förordning 0,250 mkr per år",
            "Grön = målet kommer nås under året",
        ],
    )
    def test_reported_labels_are_no_headings(self, all_labels, label):
        assert label not in all_labels

    def test_a_report_malomrade_holds_its_key_figure_and_uppdrag_tables(self, seed_corpus):
        report = next(document for document in seed_corpus.documents if document.doc_id.startswith("tertialrapport"))
        paths = [section.path for section in report.sections]

        assert ("Ledningsprocesser", "Kortsiktiga nyckeltal") in paths
        assert ("Ledningsprocesser", "Uppdrag") in paths
        assert ("Stödverksamhet", "Kortsiktiga nyckeltal") in paths
        goal = next(section for section in report.sections if section.path == ("Ledningsprocesser",)).paragraphs[0]
        assert goal.text == "Ledningsprocesser - Ledning, styrning och uppföljning av beslut och verksamhet."


def lines(*texts: str) -> list[Line]:
    return [Line(text, None, number) for number, text in enumerate(texts, start=1)]


def labels_of(*texts: str) -> list[str]:
    return [heading.label for heading in find_headings(lines(*texts))]


class TestAnotherPlan:
    """Literal lines in the shape of another region's or year's documents: the rules name kinds, not strings."""

    def test_a_foreword_signature_and_party_names_are_no_headings(self):
        found = labels_of(
            "Förord",
            "Vi presenterar här en plan för en starkare region med en ekonomi i balans och en god vård för alla invånare.",
            "Anna Andersson     Per Persson",
            "Centerpartiet    Moderaterna",
            "Styrning och ledning",
            "Planen beskriver hur organisationen ska ledas, planeras och följas upp under perioden 2031–2033 i hela länet.",
        )

        assert found == ["Förord", "Styrning och ledning"]

    def test_a_letterhead_with_contact_lines_is_no_heading(self):
        found = labels_of(
            "Ekonomiavdelningen 2031-03-02",
            "Karin Berg",
            "E-post: karin.berg@region.se",
            "Uppföljning av budget 2031",
            "Uppföljningen visar att nämnderna i stort håller sina budgetramar, men att kostnaderna för hyrpersonal ökar.",
        )

        assert found == ["Uppföljning av budget 2031"]

    def test_a_report_area_and_its_tables(self):
        headings = find_headings(
            lines(
                "Folkhälsa - En god och jämlik hälsa i hela Västernorrland.",
                "Kommentar",
                "Arbetet med att minska skillnaderna i hälsa fortsätter enligt plan, och de flesta nyckeltal utvecklas väl.",
                "Nyckeltal Utfall Mål Kommentar",
                "Andel rökfria 82 % 85 %",
                "Nyckeltal Utfall Mål Kommentar",
                "Andel fysiskt aktiva 61 % 65 %",
                "Status Uppdrag Kommentar",
                "Pågående",
                "enligt plan",
            )
        )

        assert [(heading.label, heading.kind) for heading in headings] == [
            ("Folkhälsa", HeadingKind.PART),
            ("Nyckeltal", HeadingKind.TABLE),
            ("Uppdrag", HeadingKind.TABLE),
        ]
        assert all(heading.in_body for heading in headings)

    def test_lead_in_sentences_and_legends_are_no_headings(self):
        found = labels_of(
            "Nämndens ekonomi förbättrades under året tack vare lägre kostnader för inhyrd personal och köpt vård.",
            "Till Socialnämnden avsätts",
            "- 12 miljoner kronor till hemtjänsten.",
            "Insatserna ska:",
            "- minska väntetiderna.",
            "Grön = målet nås",
            "Röd = målet nås inte",
        )

        assert found == []

    def test_a_heading_wrapped_over_two_lines_is_one_heading(self):
        found = labels_of(
            "Budgeten för året är beslutad.",
            "Regionens långsiktiga plan för en",
            "ekonomi i balans",
            "Planen bygger på att kostnaderna minskar med två procent per år fram till och med år 2035 och att intäkterna växer.",
        )

        assert found == ["Regionens långsiktiga plan för en ekonomi i balans"]

    def test_a_grant_named_with_its_amount_is_a_heading_a_table_row_is_not(self):
        found = labels_of(
            "Bidragen betalas ut i juni.",
            "Jämlik vård 12,5 mkr",
            "Bidraget ska användas till att korta väntetiderna i primärvården och stärka tillgängligheten för alla.",
            "Tabell 4. Avgifter",
            "Vårdbesök 300 kr",
            "Sjukresa 100 kr",
        )

        assert found == ["Jämlik vård 12,5 mkr", "Tabell 4. Avgifter"]


class TestKindsOfLines:
    @pytest.mark.parametrize(
        "text",
        ["Bengt Bergqvist Lars-Erik Olofsson Elin Hoffner", "Eva Hellstrand (C)", "Socialdemokraterna Kristdemokraterna"],
    )
    def test_name_list(self, text):
        assert is_name_list(text)

    @pytest.mark.parametrize(
        "text", ["Hälso- och sjukvårdsnämnden", "Nivå 1 Regionfullmäktige", "Andra omständigheter i Region Jämtland Härjedalen"]
    )
    def test_not_name_list(self, text):
        assert not is_name_list(text)

    @pytest.mark.parametrize(
        "text", ["E-post: sandra.hedman@regionjh.se", "Tfn:", "Ledningsstöd och beredskap 2026-05-04", "www.regionjh.se"]
    )
    def test_contact(self, text):
        assert is_contact(text)

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("Kortsiktiga nyckeltal Utfall Mål Kommentar", "Kortsiktiga nyckeltal"),
            ("Status Uppdrag Kommentar", "Uppdrag"),
            ("Kommentar", ""),
            ("Ja eller Nej", ""),
            ("Utfall Budget Prognos Budget Plan Plan", ""),
            ("Regionstaben inkl Vårdval (mkr) Prognos 2026 Budget 2026 Avvikelse", ""),
            ("Budget 2026–2028", None),
            ("Uppdrag till regionstyrelsen och nämnderna 2026:", None),
            ("BELOPP ENLIGT UTFALL 2019 36 171 636", None),
        ],
    )
    def test_column_header(self, text, name):
        assert column_header(text) == name

    @pytest.mark.parametrize(
        "text",
        [
            "Fokus ligger på:",
            "Besluten handlar om att:",
            "Standardiserade vårdförlopp ska:",
            "Till Regionstyrelsen avsätts",
            "Gäller i hela",
        ],
    )
    def test_ends_mid_sentence(self, text):
        assert ends_mid_sentence(text)

    @pytest.mark.parametrize("text", ["Region JH får enligt denna förordning 0,250 mkr per år", "Parterna är överens om att:"])
    def test_finite_verb(self, text):
        assert has_finite_verb(text)

    def test_a_verb_in_parentheses_is_no_clause(self):
        assert not has_finite_verb("Sällsynta diagnoser (ev kan något avse Rett Center)")

    def test_legend(self):
        assert is_legend("Grön = målet kommer nås under året")
