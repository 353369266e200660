"""The table rules on small texts of the documents' shapes, with other labels, boards and years.

Each text is laid out as the documents print it (a blank line between cells); the
assertions say which figure lands in which cell, and which are left out, and why.
"""

from __future__ import annotations

from decimal import Decimal

from ingest.models import DocumentMeta, Line, Table
from ingest.table_checks import Figure, check_table, column_identities
from ingest.tables import extract_tables

PLAN = DocumentMeta("plan.txt", "Plan 2031–2033", period="2031–2033")
REPORT = DocumentMeta("rapport.txt", "Delårsrapport 2031", period="2031")


def _lines(text: str) -> list[Line]:
    """Lines as the documents give them: numbered from 1, blank lines skipped."""
    return [Line(line.strip(), None, number) for number, line in enumerate(text.split("\n"), start=1) if line.strip()]


def _tables(text: str, meta: DocumentMeta = PLAN) -> dict[str, Table]:
    return {table.table_id.split("#", 1)[1]: table for table in extract_tables(_lines(text), [], meta)}


def _raws(table: Table, row: str) -> list[tuple[str, str]]:
    return [(cell.col_label, cell.raw) for cell in table.row(row)]


BOARDS = """
Tabell 5. Driftbudget per nämnd.

Bidrag

Avgifter

Utgifter

Budget 2031

Totalt 2031 mkr

900,0 100,0 -1000,3

-0,3

Kulturnämnden -50,0 -50,0

Varav politik -50,0

Styrelsen inkl finansiering

900,0 60,0 -700,0 260,0

Varav verksamhet 60,0 -690,0

Varav politik -10,0

Fritidsnämnden 40,0 -250,0 -210,0

Valnämnden 0,0 -0,3 -0,3
"""


class TestShortRows:
    """Rows printing fewer figures than the table has columns, placed by the table's own arithmetic."""

    def test_the_column_sum_and_the_row_sum_place_each_board(self):
        table = _tables(BOARDS)["tabell-5"]

        assert table.columns == ("Bidrag", "Avgifter", "Utgifter", "Budget 2031")
        assert _raws(table, "Kulturnämnden") == [("Utgifter", "-50,0"), ("Budget 2031", "-50,0")]
        assert _raws(table, "Fritidsnämnden") == [("Avgifter", "40,0"), ("Utgifter", "-250,0"), ("Budget 2031", "-210,0")]
        assert table.unit == "mkr"

    def test_varav_rows_stand_under_their_row_and_name_it_when_repeated(self):
        table = _tables(BOARDS)["tabell-5"]

        assert _raws(table, "Varav verksamhet") == [("Avgifter", "60,0"), ("Utgifter", "-690,0")]
        assert _raws(table, "Varav politik (Styrelsen inkl finansiering)") == [("Utgifter", "-10,0")]
        # one varav row under a row with two figures: the sums cannot tell; its namesake's column can
        assert _raws(table, "Varav politik (Kulturnämnden)") == [("Utgifter", "-50,0")]

    def test_a_zero_that_fits_two_columns_is_left_out_with_a_note(self):
        table = _tables(BOARDS)["tabell-5"]

        assert _raws(table, "Valnämnden") == [("Utgifter", "-0,3"), ("Budget 2031", "-0,3")]
        assert [problem for problem in table.problems if "Valnämnden" in problem] == [
            "Placering: raden 'Valnämnden' har 3 tal men tabellen 4 kolumner; för talen (0,0) visar texten inte "
            "vilka kolumner de står i, och de är inte med."
        ]

    def test_without_the_sums_nothing_is_placed(self):
        # the same rows without the total above them: a row of two figures could stand anywhere
        text = BOARDS.replace("Totalt 2031 mkr\n\n900,0 100,0 -1000,3\n\n-0,3\n", "")
        table = _tables(text)["tabell-5"]

        assert table.row("Kulturnämnden") == ()
        assert any(problem.startswith("Placering: raden 'Kulturnämnden' har 2 tal") for problem in table.problems)

    def test_change_rows_stand_from_the_second_year(self):
        text = """
Tabell 3. Invånare.

Prognos Prognos Prognos Prognos

2031 2032 2033 2034

Invånare i länet 200 000 202 000 204 020 204 020

Årlig procentuell förändring länet

1,0% 1,0% +-0

Antal kommuner 8 8 8 8

Årlig förändring kommuner 5% 5% 5%
"""
        table = _tables(text)["tabell-3"]

        assert _raws(table, "Årlig procentuell förändring länet") == [
            ("Prognos 2032", "1,0%"),
            ("Prognos 2033", "1,0%"),
            ("Prognos 2034", "+-0"),
        ]
        # 5% is no change of "Antal kommuner" in any column: left out
        assert table.row("Årlig förändring kommuner") == ()

    def test_a_change_row_may_name_a_row_of_the_table_before(self):
        text = """
Tabell 4. Resultat.

Utfall Budget Plan Plan

2030 2031 2032 2033

Verksamhetens nettokostnader -1 000,0 -1 020,0 -1 050,6 -1 071,6

Årets resultat 10,0 0,0 5,0 8,0

Specifikation Utfall Budget Plan Plan

2030 2031 2032 2033

Skatteintäkter 900,0 910,0 930,0 950,0

Nettokostnadsutveckling 2,0% 3,0% 2,0%
"""
        table = _tables(text)["specifikation"]

        assert _raws(table, "Nettokostnadsutveckling") == [("Budget 2031", "2,0%"), ("Plan 2032", "3,0%"), ("Plan 2033", "2,0%")]

    def test_an_unlabelled_line_under_the_rows_is_their_total_only_if_it_adds_up(self):
        text = """
Tabell 2. Åtgärder.

Åtgärd Planerat 2031 Utfall t o m maj

Färre hyrda lokaler 4,0 1,5

Digitala möten 2,5 0,5

6,5 mkr 2 mkr
"""
        table = _tables(text)["tabell-2"]

        assert table.columns == ("Planerat 2031", "Utfall t o m maj")
        assert [(cell.year, cell.kind) for cell in table.row("Summa")] == [(2031, "Plan"), (2031, "Utfall")]
        assert table.unit == "mkr"
        wrong = _tables(text.replace("6,5 mkr 2 mkr", "7,5 mkr 2 mkr"))["tabell-2"]
        assert "Summa" not in wrong.rows


class TestHeadersAndCaptions:
    def test_column_titles_under_a_caption(self):
        text = """
Tabell 7. Taxor för intyg

Besök Avgift vuxen (kr) Avgift barn (kr)

Kort besök 120 60

Långt besök 240 120
"""
        table = _tables(text)["tabell-7"]

        assert table.columns == ("Avgift vuxen (kr)", "Avgift barn (kr)")
        assert _raws(table, "Långt besök") == [("Avgift vuxen (kr)", "240"), ("Avgift barn (kr)", "120")]
        assert table.unit == "kr"

    def test_a_period_printed_between_kind_and_year_stays_in_the_label(self):
        text = """
Investeringar per område

Utfall

jan-mars

2032

Budget 2032

Fastigheter 1 200 4 800

IT 300 900
"""
        [table] = _tables(text).values()

        assert table.columns == ("Utfall jan-mars 2032", "Budget 2032")
        assert [(cell.year, cell.kind) for cell in table.row("IT")] == [(2032, "Utfall"), (2032, "Budget")]

    def test_captions_stacked_over_one_table_name_it_together(self):
        text = """
Tabell 6. Ramar netto.
Tabell 7. Ramar brutto.

Budget Budget

2031 2032

Styrelsen 10,0 11,0
"""
        tables = _tables(text)

        assert list(tables) == ["tabell-6"]
        assert tables["tabell-6"].caption == "Tabell 6. Ramar netto / Tabell 7. Ramar brutto"


class TestParts:
    TEXT = """
Tabell 9. Statsbidrag per nämnd.

Budget 2032

Hela regionen

Fördelas till nämnd

Avtal om bättre kultur i

hela länet

10 mkr Varav 4 mkr Kulturnämnden

Varav 6 mkr Fritidsnämnden

Avtal om idrott

5 mkr Varav 5 mkr Fritidsnämnden

15 mkr Varav 4 mkr Kulturnämnden

Varav 11 mkr Fritidsnämnden

Nästa rubrik följer här och är en lång mening som slutar med en punkt efter många ord i rad.
"""

    def test_each_part_stands_in_its_recipients_column(self):
        table = _tables(self.TEXT)["tabell-9"]

        assert table.columns == ("Budget 2032", "Varav Kulturnämnden", "Varav Fritidsnämnden")
        assert table.rows == ("Avtal om bättre kultur i hela länet", "Avtal om idrott", "Summa")
        assert _raws(table, "Avtal om idrott") == [("Budget 2032", "5 mkr"), ("Varav Fritidsnämnden", "5 mkr")]
        assert {(cell.year, cell.kind) for cell in table.row("Summa")} == {(2032, "Budget")}
        assert table.problems == ()

    def test_a_last_line_that_is_not_the_sum_is_left_out(self):
        table = _tables(self.TEXT.replace("15 mkr Varav 4 mkr", "18 mkr Varav 4 mkr"))["tabell-9"]

        assert "Summa" not in table.rows


class TestRowSums:
    def test_a_column_that_sums_others_is_found_from_full_rows(self):
        grid = {
            ("A", "Prognos"): Figure(Decimal("-10.0"), "-10,0"),
            ("A", "Budget"): Figure(Decimal("-12.0"), "-12,0"),
            ("A", "Avvikelse"): Figure(Decimal("2.0"), "2,0"),
            ("B", "Prognos"): Figure(Decimal("-5.0"), "-5,0"),
            ("B", "Budget"): Figure(Decimal("-4.0"), "-4,0"),
            ("B", "Avvikelse"): Figure(Decimal("-1.0"), "-1,0"),
            ("C", "Prognos"): Figure(Decimal("-7.0"), "-7,0"),
            ("C", "Avvikelse"): Figure(Decimal("3.0"), "3,0"),
        }
        columns = ["Prognos", "Budget", "Avvikelse"]

        [identity] = column_identities(columns, ["A", "B", "C"], grid)
        assert (identity.target, identity.terms) == (2, ((0, 1), (1, -1)))
        assert check_table(["A", "B", "C"], columns, grid) == [
            "Radsamband: raden 'C', kolumnen 'Avvikelse': väntat -7,0 (Prognos − Budget), tabellen anger 3,0."
        ]

    def test_one_full_row_shows_no_relation(self):
        grid = {("A", column): Figure(Decimal(value), value) for column, value in zip("xyz", ["1", "2", "3"], strict=True)}

        assert column_identities(["x", "y", "z"], ["A"], grid) == ()
