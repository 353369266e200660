"""ingest.sections: headings and paragraphs, on the real Regionplan 2026–2028 and on literal lines."""

from __future__ import annotations

import pytest

from ingest.models import Document, Line, Paragraph, Section
from ingest.sections import is_numeric_row, looks_like_heading, split_sections

REGIONPLAN = "regionplan-och-budget-2026-2028.txt"
HEALTH_ASSIGNMENTS = ("Målområde för hälso- och sjukvård", "Uppdrag till regionstyrelsen och nämnderna 2026")


@pytest.fixture(scope="module")
def regionplan(seed_corpus) -> Document:
    return next(document for document in seed_corpus.documents if document.doc_id == REGIONPLAN)


def section(document: Document, path: tuple[str, ...]) -> Section:
    return next(section for section in document.sections if section.path == path)


class TestRegionplan:
    @pytest.mark.parametrize(
        "path",
        [
            ("Målområde för Kollektivtrafik",),
            ("Målområde för hälso- och sjukvård",),
            HEALTH_ASSIGNMENTS,
            ("Målområde för Tandvård", "Uppdrag till regionstyrelsen och nämnderna 2025"),
            ("Reglering av balanskravsresultat",),
            ("Tabell 3. Plan för återställande av underskott.",),
        ],
    )
    def test_section_exists(self, regionplan, path):
        assert path in [section.path for section in regionplan.sections]

    def test_the_foreword_keeps_its_signature_as_text(self, regionplan):
        foreword = regionplan.sections[0]

        assert foreword.path == ("Att ta ansvar för vården, ekonomin och framtiden",)
        assert any("Bengt Bergqvist" in paragraph.text for paragraph in foreword.paragraphs)
        assert regionplan.sections[1].path == ("Styrmodell",)

    def test_assignment_is_in_the_uppdrag_section(self, regionplan):
        texts = [paragraph.text for paragraph in section(regionplan, HEALTH_ASSIGNMENTS).paragraphs]

        assert (
            "• Regionstyrelsen och hälso- och sjukvårdsnämnden ska tillhandahålla en säker vård, där vårdskador förebyggs."
            in texts
        )

    def test_balance_rule_is_in_its_section(self, regionplan):
        first = section(regionplan, ("Reglering av balanskravsresultat",)).paragraphs[0]

        assert first.text.startswith(
            "Balanskravet innebär att ett negativt resultat för ett räkenskapsår ska regleras under de närmast följande tre åren."
        )

    def test_table_caption_opens_a_table_section_with_its_rows(self, regionplan):
        table = section(regionplan, ("Tabell 3. Plan för återställande av underskott.",))

        assert table.is_table
        assert table.title == "Tabell 3. Plan för återställande av underskott."
        assert "-675 -1 005 -1 005 -745 -482 -214" in [paragraph.text for paragraph in table.paragraphs]

    def test_kollektivtrafik_opens_with_its_goal(self, regionplan):
        first = section(regionplan, ("Målområde för Kollektivtrafik",)).paragraphs[0]

        assert first.text.startswith("Goda kommunikationer inom samt till och från Jämtland Härjedalen")

    def test_headings_are_stored_without_trailing_colon(self, seed_corpus):
        headings = {heading for document in seed_corpus.documents for section in document.sections for heading in section.path}

        assert [heading for heading in headings if heading.endswith(":")] == []

    def test_no_section_is_empty(self, seed_corpus):
        for document in seed_corpus.documents:
            assert all(section.paragraphs for section in document.sections), document.doc_id


class TestLooksLikeHeading:
    @pytest.mark.parametrize(
        ("text", "previous", "following"),
        [
            ("Tabell 4. Resultatbudget", None, None),
            ("Tabell 3. Plan för återställande av underskott.", "mitt i en mening", "fortsätter"),
            ("Målområde för Kollektivtrafik", "en mening utan slut", None),
            ("Reglering av balanskravsresultat", "inom respektive nämnds plan och uppföljning.", "Balanskravet innebär"),
            ("Uppdrag till regionstyrelsen och nämnderna 2026:", "Antal förskrivna antibiotikarecept.", "• Regionstyrelsen"),
            ("Budget 2026–2028", "Slutligen beskrivs likviditeten.", None),
            ("Sammanfattning", None, "Årets fyra första månader"),
        ],
    )
    def test_heading(self, text, previous, following):
        assert looks_like_heading(text, previous, following)

    @pytest.mark.parametrize(
        ("text", "previous", "following"),
        [
            ("Verksamhetens kostnader -7 267,6 -6 776,6", "Resultatbudget.", None),
            ("Regionstyrelsen och", "Uppdrag.", "Hälso- och sjukvårdsnämnden ska"),
            ("Regionen ska minska kostnaderna.", "Föregående mening.", None),
            ("Reglering av balanskravsresultat", "en mening som fortsätter", None),
            ("Synnerliga skäl", "Föregående mening.", "kan finnas när"),
            ("• Regionstyrelsen ska samverka", "Uppdrag.", None),
            ("Årets resultat 260 mkr", "Prognos.", None),
            ("Nettokostnadsutveckling 3,5 %", "Prognos.", None),
            ("2026 års budget", "Föregående mening.", None),
            ("Goda kommunikationer inom samt till och från Jämtland Härjedalen, för alla invånare", "Mål.", None),
        ],
    )
    def test_not_heading(self, text, previous, following):
        assert not looks_like_heading(text, previous, following)


class TestIsNumericRow:
    @pytest.mark.parametrize(
        "text",
        [
            "Verksamhetens kostnader -7 267,6 -6 776,6",
            "-675 -1 005 -1 005 -745 -482 -214",
            "Skatteintäkter 5 921 6 112 6 340",
            "Nettokostnadsförändring 3,5% 2,1%",
        ],
    )
    def test_numeric_row(self, text):
        assert is_numeric_row(text)

    @pytest.mark.parametrize(
        "text",
        [
            "Tabell 4. Resultatbudget",
            "Årets resultat 260 mkr",
            "Utfall 2024",
            "Regionen har 4 000 anställda och 12 vårdcentraler",
            "Regionstyrelsen och",
        ],
    )
    def test_not_numeric_row(self, text):
        assert not is_numeric_row(text)


class TestSplitSections:
    @staticmethod
    def lines(*texts: str) -> list[Line]:
        return [Line(text, None, number) for number, text in enumerate(texts, start=1)]

    def test_sub_headings_nest_under_their_malomrade(self):
        lines = self.lines(
            "Inledande text om planen.",
            "Målområde för Tandvård",
            "God tandhälsa för alla.",
            "Uppdrag till regionstyrelsen och nämnderna 2026:",
            "• Nämnden ska verka för förebyggande tandvård.",
            "Finansnetto",
            "Räntorna väntas sjunka.",
        )

        assert [(section.path, [p.text for p in section.paragraphs]) for section in split_sections(lines, set(), "Planen")] == [
            (("Planen",), ["Inledande text om planen."]),
            (("Målområde för Tandvård",), ["God tandhälsa för alla."]),
            (
                ("Målområde för Tandvård", "Uppdrag till regionstyrelsen och nämnderna 2026"),
                ["• Nämnden ska verka för förebyggande tandvård."],
            ),
            (("Finansnetto",), ["Räntorna väntas sjunka."]),
        ]

    def test_text_before_the_first_heading_sits_under_the_document_title(self):
        lines = self.lines("Ledningsstöd 2026-05-04", "Sandra Hedman", "Summering", "Dialogerna visade sig vara en bra metod.")

        sections = split_sections(lines, set(), "Planen")

        assert [(section.path, [p.text for p in section.paragraphs]) for section in sections] == [
            (("Planen",), ["Ledningsstöd 2026-05-04 Sandra Hedman"]),
            (("Summering",), ["Dialogerna visade sig vara en bra metod."]),
        ]

    def test_a_table_named_by_its_header_nests_under_its_part_and_keeps_the_header_as_text(self):
        lines = self.lines(
            "Kultur - Tillgängligt kulturutbud i hela länet.",
            "Arbetet med kultur och hälsa fortsätter i samverkan med kommunerna och civilsamhället i hela länet.",
            "Status Uppdrag Kommentar",
            "Pågående",
            "enligt plan",
        )

        sections = split_sections(lines, set(), "Rapporten")

        assert [section.path for section in sections] == [("Kultur",), ("Kultur", "Uppdrag")]
        assert sections[1].paragraphs[0].text.startswith("Status Uppdrag Kommentar")

    def test_a_heading_without_text_titles_the_next_and_keeps_the_part(self):
        lines = self.lines(
            "Målområde för Tandvård",
            "God tandhälsa för alla.",
            "Finansiella mål",
            "Tabell 1. Finansiella mål.",
            "Soliditet 5 % 6 %",
            "Ekonomiskt utfall",
            "Regionstaben",
            "Intäkterna blev högre än budget under året tack vare försäljning från förråd och hjälpmedel i länet.",
        )

        sections = split_sections(lines, set(), "Planen")

        assert [section.path for section in sections] == [
            ("Målområde för Tandvård",),
            ("Målområde för Tandvård", "Tabell 1. Finansiella mål."),
            ("Ekonomiskt utfall", "Regionstaben"),
        ]

    def test_prose_after_a_table_is_a_section_of_its_own_under_the_same_path(self):
        lines = self.lines(
            "Investeringar",
            "Hälso- och sjukvård 0 0",
            "Regionstab 2 813 3 085",
            "Fastighet 7 908 98 870",
            "Under tertial 1 uppgick gjorda investeringar till 18,4 mkr av en total budget om 280,6 mkr.",
        )

        sections = split_sections(lines, set(), "Rapporten")

        assert [(section.path, len(section.paragraphs)) for section in sections] == [
            (("Investeringar",), 3),
            (("Investeringar",), 1),
        ]

    def test_a_report_table_keeps_its_comment_cells(self):
        lines = self.lines(
            "Kortsiktiga nyckeltal Utfall Mål Kommentar",
            "Soliditet 5 6",
            "Likviditet 7 8",
            "Leverantörstrohet 86 95",
            "Ingen av de nationella kategorierna uppnår målet med en leverantörsföljsamhet på 95 procent.",
        )

        assert [section.path for section in split_sections(lines, set(), "Rapporten")] == [("Kortsiktiga nyckeltal",)]

    def test_a_sentence_ending_a_line_on_a_year_goes_on_in_the_same_paragraph(self):
        lines = self.lines(
            "Summa: 56,1 54,6 77,1",
            "Vid förvärv av fastigheten Getingen 11 under 2025 krävs ytterligare investeringar år 2026",
            "för renovering på 50 miljoner kronor för både 2026 och 2027.",
        )

        [section] = split_sections(lines, set(), "Planen")

        assert [paragraph.text for paragraph in section.paragraphs] == [
            "Summa: 56,1 54,6 77,1",
            "Vid förvärv av fastigheten Getingen 11 under 2025 krävs ytterligare investeringar år 2026 "
            "för renovering på 50 miljoner kronor för både 2026 och 2027.",
        ]

    def test_wrapped_lines_join_into_one_paragraph_and_keep_their_source_lines(self):
        lines = self.lines(
            "Rubrik",
            "Balanskravet innebär att ett negativt resultat för ett räkenskapsår ska regleras under de",
            "närmast följande tre åren.",
            "Ett nytt stycke.",
        )

        [section] = split_sections(lines, {4}, "Planen")

        assert section.paragraphs == (
            Paragraph(
                "Balanskravet innebär att ett negativt resultat för ett räkenskapsår ska regleras under de "
                "närmast följande tre åren.",
                None,
                2,
                3,
            ),
            Paragraph("Ett nytt stycke.", None, 4, 4),
        )
