"""ingest.clean: hyphenation, whitespace, junk lines and paragraph breaks, on literal and real snippets."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.clean import (
    blank_line_breaks,
    clean_pages,
    collapse_whitespace,
    is_junk,
    is_page_number,
    join_hyphenated,
    source_lines,
)
from ingest.models import Line, Page

# Copied from documents/regionplan-och-budget-2026-2028.txt, lines 9–13 and 784–790: this extraction
# puts a blank line after every wrapped line, so a broken word's halves are two lines apart.
REGIONPLAN_DOUBLE_SPACED = (
    "forma. Ekonomin är fortsatt ansträngd, i vår region liksom i stora delar av landet. Samtidigt ser vi att \n"
    "\n"
    "hur det förändringsarbete som påbörjats börjar ge effekt. Tillgängligheten till vården har förbättrats, kö-\n"
    "\n"
    "erna har minskat och fler patienter får vård i tid. Det är resultatet av hårt arbete från verksamheterna \n"
)
REGIONPLAN_KOLLEKTIVTRAFIK = (
    " Målområde för Kollektivtrafik \n\n \n\nGoda kommunikationer inom samt till och från Jämt-\n\nland Härjedalen  \n"
)

# Copied from documents/tertialrapport-1-2026-regionstyrelsen.txt, lines 1–12: blank lines only between paragraphs.
TERTIALRAPPORT_PARAGRAPHS = (
    " Sammanfattning \n"
    "Årets fyra första månader har inte visat på något lägre tonläge bland flera av \n"
    "världens ledare utan snarare har tonläget höjts vilket bland annat resulterat i \n"
    "ytterligare konflikter och spända relationer på flera kontinenter samt en ny \n"
    "väpnad konflikt i mellanöstern. Detta sätter stor press på leveranskedjor och \n"
    "innebär fortsatt stora utmaningar för den globala handeln. \n"
    "\n"
    "Den geopolitiska handelsfragmentering fortsätter och ett USA som genomgår en \n"
    "juridisk och politisk omstöpning av sin handelspolitik innebär stor osäkerhet för \n"
    "världshandeln. Med hög risk för ökad inflation då geopolitisk riskpremie byggs in i \n"
    "flera insatsvaror och slår direkt igenom i konsumentpriserna. \n"
    "\n"
)

# Copied from documents/summering-planeringsforutsattningar-2027-2029.txt, line 217 (shortened).
GOOGLE_LINK = (
    "https://www.google.com/search?q=National+and+Regional+Partnership+Plans&sca_esv=90f15cf6663bf97f&sclient=gws-wiz-serp"
)


def texts(text: str) -> list[str]:
    return [line.text for line in clean_pages([Page(None, text)])]


class TestJoinHyphenated:
    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("fak-\ntorer", ["faktorer"]),
            ("påverkande fak-\ntorer som styr", ["påverkande faktorer som styr"]),
            ("hälso-\noch sjukvård", ["hälso-", "och sjukvård"]),
            ("produktions-\nsamt kapacitetsstyrning", ["produktions-", "samt kapacitetsstyrning"]),
            ("uppbyggnad av IT-\nstöd", ["uppbyggnad av IT-stöd"]),
            ("åren 2026-\n2028", ["åren 2026-2028"]),
            ("Regionala utvecklingsnämnden 2020-\n12-15, §190", ["Regionala utvecklingsnämnden 2020-12-15, §190"]),
            ("Region Jämtland-\nHärjedalen", ["Region Jämtland-", "Härjedalen"]),
            ("en lista:\n-\nnästa", ["en lista:", "nästa"]),
        ],
    )
    def test_clean_pages_joins_only_broken_words(self, raw, expected):
        assert texts(raw) == expected

    def test_coordination_keeps_hyphen_when_joined_into_paragraph(self):
        # The hyphen survives cleaning, so joining the lines with a space reads "hälso- och sjukvård".
        assert " ".join(texts("god hälso-\noch sjukvård")) == "god hälso- och sjukvård"

    def test_line_not_ending_in_hyphen_is_not_joined(self):
        assert join_hyphenated("Regionstyrelsen och", "hälso- och sjukvårdsnämnden") is None

    def test_broken_word_across_the_regionplan_blank_lines(self):
        lines = texts(REGIONPLAN_DOUBLE_SPACED)

        assert len(lines) == 2
        assert lines[1].endswith(
            "till vården har förbättrats, köerna har minskat och fler patienter får vård i tid. "
            "Det är resultatet av hårt arbete från verksamheterna"
        )

    def test_regionplan_heading_and_broken_place_name(self):
        assert texts(REGIONPLAN_KOLLEKTIVTRAFIK) == [
            "Målområde för Kollektivtrafik",
            "Goda kommunikationer inom samt till och från Jämtland Härjedalen",
        ]


class TestWhitespaceAndJunk:
    def test_runs_of_spaces_tabs_and_nbsp_collapse(self):
        assert collapse_whitespace("  Plan\t\t2026 \u00a0 Plan\u202f2027  ") == "Plan 2026 Plan 2027"

    def test_control_characters_become_spaces(self):
        assert collapse_whitespace("Resultat\x07budget\x00 2026") == "Resultat budget 2026"

    def test_blank_and_padded_lines(self):
        assert texts("  Tabell 3.  Plan för   återställande  \n\n \t \nSlut.") == ["Tabell 3. Plan för återställande", "Slut."]

    @pytest.mark.parametrize(
        "line",
        [
            GOOGLE_LINK,
            "https://diariet.regionjh.se/diariet/files/9ea19552-a4c0-46f7-b805-a38db317c934.pdf",
            "www.regionjh.se",
            "   ",
            "• • •",
            "_____",
        ],
    )
    def test_junk(self, line):
        assert is_junk(line)

    @pytest.mark.parametrize(
        "line",
        [
            "Läs mer på https://www.regionjh.se om planen.",
            "E-post: sandra.hedman@regionjh.se",
            "5(6)",
            "-675 -1 005 -1 005 -745 -482 -214",
        ],
    )
    def test_not_junk(self, line):
        assert not is_junk(line)

    def test_url_lines_are_dropped_and_numbering_continues(self):
        raw = f"Partnerskapsplaner\n{GOOGLE_LINK}\nhttps://www.regionjh.se/plan.pdf\nNRPP är EU:s nya modell."

        assert clean_pages([Page(None, raw)]) == [
            Line("Partnerskapsplaner", None, 1),
            Line("NRPP är EU:s nya modell.", None, 4),
        ]


class TestProvenance:
    def test_line_numbers_run_on_across_pages(self):
        pages = [Page(1, "Inledning\nfak-"), Page(2, "torer som styr"), Page(3, "Bilaga 1")]

        assert clean_pages(pages) == [
            Line("Inledning", 1, 1),
            Line("faktorer som styr", 1, 2),  # a word broken over a page starts where its first half is
            Line("Bilaga 1", 3, 4),
        ]

    def test_crlf_line_endings(self):
        assert clean_pages([Page(None, "Rad ett\r\nRad två\r\n")]) == [Line("Rad ett", None, 1), Line("Rad två", None, 2)]

    def test_form_feed_page_break_does_not_shift_line_numbers(self):
        # pdftotext writes "\f" at each page break; source lines must still be the file's lines.
        raw = "Första sidan slutar här.\n\fAndra sidan börjar här.\nRad tre.\n"

        assert clean_pages([Page(None, raw)]) == [
            Line("Första sidan slutar här.", None, 1),
            Line("Andra sidan börjar här.", None, 2),
            Line("Rad tre.", None, 3),
        ]


class TestBlankLineBreaks:
    def test_double_spaced_layout_has_no_breaks(self):
        assert blank_line_breaks([Page(None, REGIONPLAN_DOUBLE_SPACED)]) == set()

    def test_paragraph_spaced_text_breaks_after_each_blank(self):
        assert blank_line_breaks([Page(None, TERTIALRAPPORT_PARAGRAPHS)]) == {8}

    def test_breaks_are_counted_across_pages(self):
        pages = [Page(1, "Rubrik\nEtt stycke.\nSamma stycke.\n\nNytt stycke."), Page(2, "Fortsätter.\nOch slutar.")]

        assert blank_line_breaks(pages) == {5}

    def test_no_text_has_no_breaks(self):
        assert blank_line_breaks([Page(None, "")]) == set()


# Text as PDFs and odd files deliver it: any characters, including the line breaks and spaces that clean handles.
messy_text = st.text(st.sampled_from("aåö AZ-–.:/ \t\n\r\f\x00\u00a0\u2003\u2028") | st.characters(), max_size=300)


@given(st.lists(messy_text, min_size=1, max_size=4))
def test_clean_pages_yields_only_tidy_lines(page_texts):
    lines = clean_pages([Page(number, text) for number, text in enumerate(page_texts, start=1)])

    for line in lines:
        assert line.text
        assert line.text == line.text.strip()
        assert "  " not in line.text
    numbers = [line.source_line for line in lines]
    assert numbers == sorted(set(numbers))


@given(messy_text)
def test_clean_pages_is_stable_on_its_own_output(text):
    once = [line.text for line in clean_pages([Page(None, text)])]
    twice = [line.text for line in clean_pages([Page(None, "\n".join(once))])]

    assert twice == once


@given(st.text(st.sampled_from("ab \r\n\f\v\x1c\x85\u2028"), max_size=30) | st.text())
def test_source_lines_are_the_lines_open_reads(text):
    # Text files read with universal newlines end lines at \n, \r\n and \r only, as editors number them.
    read_by_open = [line.removesuffix("\n") for line in io.StringIO(text, newline=None)]

    assert source_lines(text) == read_by_open


class TestPageFurniture:
    """Running headers, footers and page numbers of PDF pages are not text; the same lines inside a page are."""

    def pages(self, *bodies: str, header: str = "Regionplan och budget 2026–2028") -> list[Page]:
        count = len(bodies)
        return [Page(number, f"{header}\n{body}\nSida {number} av {count}") for number, body in enumerate(bodies, start=1)]

    def test_header_footer_and_page_numbers_are_dropped_numbering_kept(self):
        lines = clean_pages(self.pages("Inledning.", "Ekonomi.", "Bilaga."))

        assert lines == [Line("Inledning.", 1, 2), Line("Ekonomi.", 2, 5), Line("Bilaga.", 3, 8)]

    @pytest.mark.parametrize("footer", ["Sida 2 av 9", "2 (9)", "2/9", "- 2 -", "Sida 2", "2"])
    def test_page_number_shapes(self, footer):
        assert is_page_number(footer, 2)

    @pytest.mark.parametrize("line", ["750", "2026", "5 000 mkr", "Sidan visar"])
    def test_a_figure_at_the_foot_of_a_page_is_no_page_number(self, line):
        assert not is_page_number(line, 2)

    def test_a_figure_at_the_foot_of_a_page_stays(self):
        pages = [Page(1, "Lånetak\n750 850 950"), Page(2, "Tabellen fortsätter\n2")]

        assert [line.text for line in clean_pages(pages)] == ["Lånetak", "750 850 950", "Tabellen fortsätter"]

    def test_a_heading_at_the_top_of_one_page_stays(self):
        pages = self.pages("Målområde för Kultur\nKulturen håller ihop länet.", "Ekonomi i balans.", header="")

        texts = [line.text for line in clean_pages(pages)]
        assert texts == ["Målområde för Kultur", "Kulturen håller ihop länet.", "Ekonomi i balans."]

    def test_the_header_text_inside_a_page_stays(self):
        pages = self.pages("Inledning.\nRegionplan och budget 2026–2028\nantogs i juni.", "Slut.")

        assert "Regionplan och budget 2026–2028" in [line.text for line in clean_pages(pages)]

    def test_text_files_keep_every_line(self):
        assert [line.text for line in clean_pages([Page(None, "Rubrik\nSida 1 av 2")])] == ["Rubrik", "Sida 1 av 2"]

    def test_a_word_broken_over_a_page_break_knows_both_pages(self):
        lines = clean_pages(self.pages("Inledning\nflera fak-", "torer styr planen."))

        joined = lines[1]
        assert joined == Line("flera faktorer styr planen.", 1, 3)
        assert (joined.last_line, joined.breaks) == (6, ((len("flera fak"), 2),))

    def test_hyphens_of_coordination_survive_a_page_break(self):
        lines = clean_pages(self.pages("Inledning\nhälso-", "och sjukvård"))

        assert [line.text for line in lines] == ["Inledning", "hälso-", "och sjukvård"]

    def test_a_page_break_is_no_paragraph_break(self):
        # Paragraphs marked by blank lines; the gaps around header and footer are layout.
        pages = [
            Page(1, "Plan\n\nEtt stycke som\nfortsätter\n\nSida 1 av 2"),
            Page(2, "Plan\n\npå nästa sida.\n\nNytt stycke.\n\nSida 2 av 2"),
        ]

        assert blank_line_breaks(pages) == {11}
