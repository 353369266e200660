"""ingest.table_keyfigures: key-figure tables of a follow-up report, on a small text of the report's shape.

Labels, målområden and years differ from the shipped report on purpose: the rules read the
layout (label block, figures, free-text comment, header repeated per page), not the words.
"""

from __future__ import annotations

from ingest.models import DocumentMeta, Line
from ingest.table_keyfigures import key_header, split_figures
from ingest.tables import extract_tables

REPORT = DocumentMeta("delar.txt", "Delårsrapport 2031 – Kulturnämnden", period="2031")

TEXT = """
Målområde

Kultur - Ett rikt kulturliv i hela

länet.

Kommentar
Nämnden har nått flera av målen under perioden och arbetet med de övriga fortsätter enligt
den plan som fastställdes i början av året. Besöken har ökat på museerna och biblioteken
medan antalet deltagare i föreningslivet är oförändrat jämfört med samma period förra året.

Nyckeltal i urval Utfall Målvärde Kommentar

Antal besök på

länsmuseet

12 500 15 000

Besöken ökade med 4,5% jämfört med
samma period förra året och
minskade i december med -2,1%

Andel barn som deltar (hela

länet) 61 % 70 % Enligt enkät från
skolorna.

Nöjdhet bland besökare 4,2 4 Mäts med
ny metod.

Nyckeltal i urval Utfall Målvärde Kommentar
och jämförs med förra året.

Andel ekologiska

inköp

38,5

% 40 %

Andel digitala utlån 25 % Följs upp på helår

Resultat i kronor

-12,5
-

3,0 %

Status Uppdrag Kommentar

Pågående
"""


def _lines(text: str) -> list[Line]:
    return [Line(line.strip(), None, number) for number, line in enumerate(text.split("\n"), start=1) if line.strip()]


def _table():
    [table] = extract_tables(_lines(TEXT), [], REPORT)
    return table


class TestKeyFigureTable:
    def test_one_table_per_målområde_over_the_page_break(self):
        table = _table()

        assert table.table_id == "delar.txt#kultur-nyckeltal-i-urval"
        assert table.caption == "Kultur – Nyckeltal i urval"
        assert table.section_path == ("Kultur", "Nyckeltal i urval")
        assert table.columns == ("Utfall", "Målvärde")

    def test_rows_are_the_key_figures_with_their_full_labels(self):
        table = _table()

        assert table.rows == (
            "Antal besök på länsmuseet",
            "Andel barn som deltar (hela länet)",
            "Nöjdhet bland besökare",
            "Andel ekologiska inköp",
            "Andel digitala utlån",
            "Resultat i kronor",
        )

    def test_figures_go_to_utfall_and_mål_with_the_report_year(self):
        table = _table()

        assert [(c.col_label, c.raw, c.kind, c.year) for c in table.row("Antal besök på länsmuseet")] == [
            ("Utfall", "12 500", "Utfall", 2031),
            ("Målvärde", "15 000", "Mål", 2031),
        ]
        # label, figures and the start of the comment on one line
        assert [c.raw for c in table.row("Andel barn som deltar (hela länet)")] == ["61 %", "70 %"]
        # a figure and its unit broken over two lines: "38,5" / "% 40 %"
        assert [(c.raw, c.source_line) for c in table.row("Andel ekologiska inköp")] == [("38,5 %", 40), ("40 %", 42)]

    def test_comments_are_not_rows_even_with_figures(self):
        table = _table()

        assert not any(cell.raw in ("4,5%", "-2,1%") for cell in table.cells)
        assert not any("förra året" in row for row in table.rows)

    def test_one_figure_for_two_columns_is_left_out_with_a_note(self):
        table = _table()

        assert table.row("Andel digitala utlån") == ()
        assert (
            "Placering: nyckeltalet 'Andel digitala utlån' har 1 tal men tabellen 2 kolumner, och texten visar inte "
            "vilken kolumn som är tom; talen (25 %) är inte med."
        ) in table.problems

    def test_figures_with_an_unread_line_between_are_left_out(self):
        # "-12,5" / "-" / "3,0 %": the lone minus is dropped by cleaning, and with it the sign of 3,0 %
        lines = [line for line in _lines(TEXT) if line.text != "-"]
        [table] = extract_tables(lines, [], REPORT)

        assert table.row("Resultat i kronor") == ()
        assert any(problem.startswith("Tolkning: nyckeltalet 'Resultat i kronor'") for problem in table.problems)

    def test_a_report_of_several_years_gives_no_year(self):
        [table] = extract_tables(_lines(TEXT), [], DocumentMeta("plan.txt", "Plan", period="2031–2033"))

        assert {cell.year for cell in table.cells} == {None}


class TestKeyHeader:
    def test_stub_figure_columns_and_text_column(self):
        header = key_header("Kortsiktiga nyckeltal Utfall Mål Kommentar")

        assert (header.stub, header.columns) == ("Kortsiktiga nyckeltal", ("Utfall", "Mål"))

    def test_other_headers_are_not_key_figure_headers(self):
        assert key_header("Status Uppdrag Kommentar") is None
        assert key_header("Utfall Mål Kommentar") is None  # no stub naming the table
        assert key_header("Kommentar") is None

    def test_split_figures_reads_label_figures_and_comment(self):
        assert split_figures("Skuldsättningstak (totalt) 14 % 16 % Enligt helårsprognos") == (
            "Skuldsättningstak (totalt)",
            ["14", "%", "16", "%"],
            "Enligt helårsprognos",
        )
        assert split_figures("Utsläpp mot 2019 års nivå -36 -41 %") == ("Utsläpp mot 2019 års nivå", ["-36", "-41", "%"], "")
        assert split_figures("minskat i kostnad med -1,6%") is None  # a sentence: "med" wants more words
        assert split_figures("Ca 43 % av den totala mängden") is None  # figures in running text
