"""Calculation answers (assistant.calculations) through the engine, one class of question at a time.

Each test asks a calculation of its class over rows, years, figures or documents that no dev
question uses, and checks the figure exactly (the calculator's Swedish conclusion) and the
cells it was computed from. Expected values are worked out in the comments.
"""

from __future__ import annotations

import pytest

from assistant.evaluate import lead_figures
from ingest.models import Cell

PLAN_2020 = "regionplan-med-budget-2020-2022.txt"
PLAN_2026 = "regionplan-och-budget-2026-2028.txt"
T1 = "tertialrapport-1-2026-regionstyrelsen.txt"


def calculated(seed_assistant, question: str) -> tuple[dict, list[Cell]]:
    """The calculation the engine answered ``question`` with, and its source cells; fails if it did not calculate."""
    answer = seed_assistant.answer(question)
    assert not answer.abstained and answer.intent == "calculation", answer.text
    return answer.calculation, [Cell.from_dict(source) for source in answer.calculation["sources"]]


def conclusion(calculation: dict) -> str:
    return calculation["steps"][-1]


def places(cells: list[Cell]) -> list[tuple[str, str, str, str]]:
    return [(cell.table_id.split("#")[0], cell.row_label, cell.col_label, cell.raw) for cell in cells]


class TestChange:
    """A line from one year (column) to another, in its unit and in percent."""

    def test_between_two_plan_years_of_another_row(self, seed_assistant):
        # Regionplan och budget 2026–2028, Tabell 2/4: Riktade statsbidrag Plan 2028 220,0 → Plan 2029 120,0
        calculation, cells = calculated(seed_assistant, "Hur mycket minskar riktade statsbidrag från 2028 till 2029?")
        assert calculation["calculator"] == "difference"
        assert conclusion(calculation) == "Riktade statsbidrag minskar med 100,0 mkr (45,5 %) från Plan 2028 till Plan 2029."
        assert [(c.col_label, c.raw) for c in cells] == [("Plan 2028", "220,0"), ("Plan 2029", "120,0")]

    def test_between_two_kinds_in_the_old_plan(self, seed_assistant):
        # Regionplan med budget 2020–2022, Tabell 4: Avskrivningar Budget 2020 -138,4 → Plan 2022 -143,4
        calculation, cells = calculated(
            seed_assistant,
            "Hur mycket förändrades avskrivningarna från budget 2020 till plan 2022 i regionplanen 2020–2022?",
        )
        assert conclusion(calculation) == "Avskrivningar ökar med 5,0 mkr (3,6 %) från Budget 2020 till Plan 2022."
        assert places(cells) == [
            (PLAN_2020, "Avskrivningar", "Budget 2020", "-138,4"),
            (PLAN_2020, "Avskrivningar", "Plan 2022", "-143,4"),
        ]

    def test_between_the_two_plans(self, seed_assistant):
        # Skatteintäkter Budget 2020 3 183,2 (plan 2020–2022) → Budget 2026 4 054,6 (plan 2026–2028): +871,4 mkr
        calculation, cells = calculated(seed_assistant, "Hur mycket ökade skatteintäkterna från budget 2020 till budget 2026?")
        assert conclusion(calculation) == "Skatteintäkter ökar med 871,4 mkr (27,4 %) från Budget 2020 till Budget 2026."
        assert [cell.table_id.split("#")[0] for cell in cells] == [PLAN_2020, PLAN_2026]
        text = seed_assistant.answer("Hur mycket ökade skatteintäkterna från budget 2020 till budget 2026?").text
        assert "1. Källa: Regionplan med budget 2020–2022.\n2. Källa: Regionplan och budget 2026–2028." in text

    def test_a_change_asked_with_okar(self, seed_assistant):
        # Regionplan och budget 2026–2028, Tabell 2: Skatteintäkter Plan 2027 4 231,4 → Plan 2029 4 552,5: +321,1 mkr
        calculation, _ = calculated(seed_assistant, "Hur mycket ökar skatteintäkterna från 2027 till 2029?")
        assert conclusion(calculation) == "Skatteintäkter ökar med 321,1 mkr (7,6 %) från Plan 2027 till Plan 2029."


class TestDeviation:
    """An avdelning's forecast against its budget in T1's "Regionstaben inkl Vårdval" table."""

    def test_in_percent_of_the_budget(self, seed_assistant):
        # Tertialrapport 1 2026, Regionstaben inkl Vårdval (mkr): HR-avdelningen Budget -62,4, Prognos -59,0:
        # 3,4 mkr under budget, 59,0 / 62,4 − 1 = −5,4 %
        calculation, cells = calculated(
            seed_assistant, "Med hur många procent väntas HR-avdelningen avvika från sin budget 2026?"
        )
        assert conclusion(calculation) == "HR-avdelningen minskar med 3,4 mkr (5,4 %) från Budget 2026 till Prognos 2026."
        assert places(cells) == [
            (T1, "HR-avdelningen", "Budget 2026", "-62,4"),
            (T1, "HR-avdelningen", "Prognos 2026", "-59,0"),
        ]

    def test_in_mkr(self, seed_assistant):
        # Same table: Ledningsstöd och beredskap Budget -106,8, Prognos -108,7: 1,9 mkr over budget, 1,8 %
        calculation, _ = calculated(seed_assistant, "Hur mycket avviker Ledningsstöd och beredskap från budgeten 2026?")
        assert conclusion(calculation) == (
            "Ledningsstöd och beredskap ökar med 1,9 mkr (1,8 %) från Budget 2026 till Prognos 2026."
        )


class TestShare:
    """One figure as a share of another in the same column."""

    def test_a_row_of_the_total(self, seed_assistant):
        # Tertialrapport 1 2026, Regionstaben inkl Vårdval, Prognos 2026: Digitalisering och service -650,7 of
        # Totalt -1 918,3 = 33,9 %
        calculation, cells = calculated(
            seed_assistant, "Hur stor andel av regionstabens totala prognos 2026 utgörs av Digitalisering och service?"
        )
        assert conclusion(calculation) == "Andel: 650,7 / 1 918,3 = 33,9 %."
        assert [(c.row_label, c.col_label) for c in cells] == [
            ("Digitalisering och service", "Prognos 2026"),
            ("Totalt", "Prognos 2026"),
        ]

    def test_a_row_of_the_sum_row(self, seed_assistant):
        # Regionplan och budget 2026–2028, Tabell 8, Plan 2027: Reinvesteringar 198 of Summa total investeringsram 292
        calculation, _ = calculated(seed_assistant, "Hur stor andel av den totala investeringsramen 2027 är reinvesteringar?")
        assert conclusion(calculation) == "Andel: 198 / 292 = 67,8 %."

    def test_a_share_that_names_no_column_gives_no_raw_figures(self, seed_assistant):
        # Tertialrapport 1 2026, Intäkter och kostnader (tkr): Försäljning ack utfall 158 448 of Intäkter 295 954
        answer = seed_assistant.answer("Hur stor andel av intäkterna i tertialrapporten utgörs av försäljning?")
        assert answer.abstained or (answer.calculation or {}).get("calculator") == "ratio"
        assert "158 448" not in answer.text[:250] or "%" in answer.text.split("\n")[0]


class TestSum:
    """Several lines of one column added."""

    def test_summan_av_two_rows(self, seed_assistant):
        # Regionplan och budget 2026–2028, Tabell 5, Plan 2027: Avsättning pensioner 2540 + Särskild löneskatt
        # övriga avsättningar 616 = 3 156
        calculation, cells = calculated(
            seed_assistant, "Vad blir summan av avsättning pensioner och särskild löneskatt övriga avsättningar 2027?"
        )
        assert conclusion(calculation) == "Summa: 2 540 + 616 = 3 156 mkr."
        assert [c.row_label for c in cells] == ["Avsättning pensioner", "Särskild löneskatt övriga avsättningar"]

    def test_lagger_ihop_two_rows(self, seed_assistant):
        # Regionplan och budget 2026–2028, Tabell 6, Plan 2027: Nettoinvesteringar 291,8 + Köp av värdepapper 100,0
        calculation, _ = calculated(
            seed_assistant,
            "Hur mycket blir det om man lägger ihop nettoinvesteringar och köp av värdepapper till pensionsportföljen 2027?",
        )
        assert conclusion(calculation) == "Summa: 291,8 + 100,0 = 391,8 mkr."

    def test_rows_named_before_tillsammans(self, seed_assistant):
        answer = seed_assistant.answer(
            "Hur mycket blir avsättning pensioner och särskild löneskatt övriga avsättningar tillsammans 2027?"
        )
        assert "3 156" in answer.text.split("\n")[0]

    def test_rows_named_before_sammanlagt(self, seed_assistant):
        answer = seed_assistant.answer("Vad blir skatteintäkter och generella statsbidrag sammanlagt 2029?")
        assert "6 000,1" in answer.text.split("\n")[0]


class TestWhatIf:
    """One line changes by a percentage or an amount; what becomes of the result line."""

    def test_income_one_percent_lower(self, seed_assistant):
        # Tabell 2, Plan 2028: Skatteintäkter 4 393,9 − 1 % = −43,939; Årets resultat 262,9 → 218,961
        calculation, cells = calculated(
            seed_assistant, "Om skatteintäkterna 2028 blir 1 procent lägre, vad blir årets resultat 2028?"
        )
        assert calculation["result"] == "218.961"
        assert conclusion(calculation) == "Årets resultat blir 262,9 - 43,94 = 218,96 mkr, dvs. cirka 219,0 mkr."
        assert [(c.row_label, c.col_label) for c in cells] == [("Skatteintäkter", "Plan 2028"), ("Årets resultat", "Plan 2028")]

    def test_costs_two_percent_higher(self, seed_assistant):
        # Tabell 2, Plan 2027: Verksamhetens kostnader -6 978,5 × 2 % = 139,57 more; 260,1 − 139,57 = 120,53
        calculation, _ = calculated(
            seed_assistant, "Vad blir årets resultat 2027 om verksamhetens kostnader blir 2 procent högre?"
        )
        assert calculation["result"] == "120.53"

    def test_a_cost_larger_by_an_amount(self, seed_assistant):
        # Tabell 2, Plan 2029: Avskrivningar -170,0, ten mkr more; 268,0 − 10 = 258,0
        calculation, _ = calculated(
            seed_assistant, "Om avskrivningarna 2029 ökar med 10 miljoner kronor, vad blir årets resultat 2029?"
        )
        assert calculation["result"] == "258.0"

    def test_in_the_old_plan(self, seed_assistant):
        # Regionplan med budget 2020–2022, Tabell 4, Plan 2021: Skatteintäkter 3 253,3 × 2 % = 65,066;
        # Årets resultat 190,7 − 65,066 = 125,634
        calculation, cells = calculated(
            seed_assistant,
            "Vad hade årets resultat 2021 blivit om skatteintäkterna varit 2 procent lägre enligt regionplanen 2020–2022?",
        )
        assert calculation["result"] == "125.634"
        assert {cell.table_id.split("#")[0] for cell in cells} == {PLAN_2020}


class TestPerCapita:
    """An amount per invånare with the population the plan assumes (Tabell 20, egna siffror: 132 466)."""

    def test_general_grants(self, seed_assistant):
        # Tabell 2, Budget 2026: Generella statsbidrag 1 393,9 mkr / 132 466 = 10 522,7 kr
        calculation, cells = calculated(
            seed_assistant,
            "Hur mycket generella statsbidrag per invånare blir det i budget 2026, med regionens egna befolkningsantaganden?",
        )
        assert conclusion(calculation) == "1 393 900 000 kr / 132 466 invånare = 10 522,7 kr per invånare, dvs. cirka 10 523 kr."
        assert cells[1].row_label == "Region Jämtland Härjedalen, egna siffror"

    def test_net_costs(self, seed_assistant):
        # Tabell 2, Plan 2027: Verksamhetens nettokostnader -5 878,5 mkr / 132 466 = 44 377,4 kr
        calculation, _ = calculated(
            seed_assistant, "Hur mycket är verksamhetens nettokostnader per invånare 2027 enligt egna befolkningsantaganden?"
        )
        assert conclusion(calculation) == "5 878 500 000 kr / 132 466 invånare = 44 377,4 kr per invånare, dvs. cirka 44 377 kr."


class TestTax:
    """What öre of the tax rate (11,70 kr in the 2026–2028 plan) yield, from the same plan's skatteintäkter."""

    def test_a_raise_of_25_ore(self, seed_assistant):
        # Tabell 2: Skatteintäkter Plan 2027 4 231,4 / 1 170 öre = 3,6166 mkr per öre; × 25 = 90,41 mkr
        calculation, cells = calculated(seed_assistant, "Hur mycket skulle en skattehöjning på 25 öre ge 2027?")
        assert calculation["calculator"] == "tax_change_effect"
        assert conclusion(calculation) == "Förändring: 3,62 mkr × 25 öre = 90,41 mkr."
        assert {cell.table_id.split("#")[0] for cell in cells} == {PLAN_2026}

    def test_one_ore(self, seed_assistant):
        # Tabell 2: Skatteintäkter Budget 2026 4 054,6 / 1 170 öre = 3,47 mkr
        calculation, _ = calculated(seed_assistant, "Hur mycket ger ett skatteöre 2026?")
        assert conclusion(calculation) == "4 054,6 mkr / 1 170 öre = 3,47 mkr per skatteöre."

    def test_a_cut_lowers_the_income(self, seed_assistant):
        calculation, _ = calculated(seed_assistant, "Vad ger en skattesänkning med 5 öre 2028?")
        assert "-18,78" in conclusion(calculation) or "minskar" in conclusion(calculation)


class TestRestoration:
    """The accumulated deficit of Tabell 3 (IB −1 005 in 2026; results 0, 260, 263, 268, 269)."""

    def test_accumulated_at_the_end_of_a_year(self, seed_assistant):
        calculation, _ = calculated(
            seed_assistant, "Hur stort är det ackumulerade underskottet vid utgången av 2028 enligt planen?"
        )
        assert conclusion(calculation) == "UB 2028: -482 mkr ej återställt."

    def test_the_year_restored_as_planned(self, seed_assistant):
        calculation, _ = calculated(seed_assistant, "Vilket år är underskottet återställt enligt planen?")
        assert conclusion(calculation) == "Underskottet är återställt 2030 (UB 55 mkr)."

    def test_the_year_restored_with_another_result(self, seed_assistant):
        # 2027 at 100 instead of 260: −1 005 + 0 + 100 + 263 + 268 + 269 = −105 after 2030
        calculation, _ = calculated(
            seed_assistant, "Om årets resultat 2027 blir 100 miljoner kronor, när är underskottet återställt?"
        )
        assert conclusion(calculation) == "Underskottet är inte återställt: efter 2030 återstår 105 mkr."

    def test_what_remains_after_a_worse_year(self, seed_assistant):
        # 2027 at −50: −1 005 + 0 − 50 + 263 + 268 + 269 = −255
        calculation, _ = calculated(
            seed_assistant,
            "Om 2027 slutar på minus 50 miljoner kronor och övriga år följer planen, hur mycket av underskottet "
            "återstår att återställa efter 2030?",
        )
        assert calculation["calculator"] == "remaining_deficit"
        assert conclusion(calculation) == "Underskottet är inte återställt: efter 2030 återstår 255 mkr."

    def test_what_more_restores_it_by_an_earlier_year(self, seed_assistant):
        # UB 2028 −482: the results 2027–2028 must be 482 mkr larger, 241 per year
        answer = seed_assistant.answer(
            "Om vi vill ha underskottet återställt vid utgången av 2028, hur mycket större måste resultaten 2027–2028 "
            "bli sammanlagt jämfört med planen?"
        )
        assert answer.calculation["calculator"] == "extra_needed"
        assert answer.text.split("\n")[1].startswith("Jämnt fördelat: 482 / 2 år = 241,00 mkr mer per år 2027–2028.")

    def test_the_even_surplus_that_restores_it_by_a_year(self, seed_assistant):
        # 1 005 / 4 years = 251,25 mkr per year 2026–2029
        answer = seed_assistant.answer("Hur stort jämnt överskott krävs per år för att underskottet ska vara återställt 2029?")
        assert "251,25" in answer.text


class TestFees:
    """Patient fees of the 2020–2022 plan's Bilaga 4, capped by the högkostnadsskydd (1 150 kr)."""

    @pytest.mark.parametrize(
        ("question", "paid"),
        [
            # 2 × 300 + 3 × 150 = 1 050 kr, under the ceiling
            ("Vad betalar jag för två vårdbesök och tre receptförnyelser per telefon?", "Att betala: 1 050 kr."),
            # 5 × 400 = 2 000 kr, over the ceiling: 1 150 kr
            ("Vad kostar fem vårdbesök på jourtid och på akutmottagning?", "Att betala: 1 150 kr."),
            # 6 × 300 = 1 800 kr: 1 150 kr
            ("Vad betalar jag för sex vårdbesök?", "Att betala: 1 150 kr."),
        ],
    )
    def test_visits(self, seed_assistant, question, paid):
        calculation, _ = calculated(seed_assistant, question)
        assert calculation["calculator"] == "patient_fees"
        assert conclusion(calculation) == paid

    def test_the_visit_that_reaches_the_ceiling_at_another_fee(self, seed_assistant):
        # Jourtid 400 kr: 2 visits 800 kr, the third costs 1 150 − 800 = 350 kr
        answer = seed_assistant.answer(
            "Om jag bara gör besök på akutmottagningen à 400 kr – vid vilket besök når jag taket i högkostnadsskyddet?"
        )
        assert answer.text.startswith("Besök nummer 3 når taket; det besöket kostar 350 kr.")


class TestPersonnel:
    """A salary with the year's PO-pålägg (Tabell 24)."""

    def test_a_monthly_salary(self, seed_assistant):
        # 38 000 × 12 = 456 000; PO 2026 45,82 %: 456 000 × 1,4582 = 664 939,20 kr
        calculation, _ = calculated(
            seed_assistant, "Vad kostar en medarbetare med månadslön 38 000 kronor inklusive PO-pålägg 2026?"
        )
        assert conclusion(calculation) == "Lönekostnad inklusive PO-pålägg 2026: 456 000 × 1,4582 = 664 939,20 kr."

    def test_a_yearly_salary_another_year(self, seed_assistant):
        # PO 2024 57,21 %: 450 000 × 1,5721 = 707 445 kr
        calculation, _ = calculated(
            seed_assistant, "Vad kostar en medarbetare med årslön 450 000 kronor inklusive PO-pålägg 2024?"
        )
        assert conclusion(calculation) == "Lönekostnad inklusive PO-pålägg 2024: 450 000 × 1,5721 = 707 445 kr."

    def test_a_monthly_salary_said_i_manaden(self, seed_assistant):
        calculation, _ = calculated(seed_assistant, "Hur mycket kostar en anställd med en lön på 35 000 kronor i månaden 2027?")
        assert conclusion(calculation) == "Lönekostnad inklusive PO-pålägg 2027: 420 000 × 1,4442 = 606 564 kr."


class TestComparison:
    """ "Hur mycket dyrare/större … än …?": a difference, never either figure alone."""

    def test_two_figures_stated_in_sentences(self, seed_assistant):
        # Summeringen, Kollektivtrafik: "Innebär en kostnad på ca 12,5 mkr. Det nuvarande systemet var budgeterat till
        # ca 8 mkr." → 12,5 − 8 = 4,5 mkr, 4,5 / 8 = 56,3 %
        calculation, cells = calculated(
            seed_assistant,
            "Hur mycket mer kostar det nya biljett- och betalsystemet än det nuvarande systemet var budgeterat till?",
        )
        assert conclusion(calculation) == "Skillnaden är 4,5 mkr: 12,5 mkr är 4,5 mkr mer än 8 mkr (56,3 %)."
        assert [cell.raw for cell in cells] == ["12,5", "8"]

    def test_compared_with_a_side_named_only_by_common_words(self, seed_assistant):
        # "jämfört med vad det nuvarande var budgeterat till": the base is the sentence saying so (8 mkr)
        question = "hur mycket dyrare blir det nya betalsystemet jämfört med vad det nuvarande var budgeterat till, i procent?"
        calculation, _ = calculated(seed_assistant, question)
        assert conclusion(calculation) == "Skillnaden är 4,5 mkr: 12,5 mkr är 4,5 mkr mer än 8 mkr (56,3 %)."

    def test_the_year_after_than_is_the_base(self, seed_assistant):
        # Tabell 2: Avskrivningar Utfall 2024 -164,9, Plan 2027 -170,0: 2024 compared with 2027
        calculation, _ = calculated(seed_assistant, "Hur mycket lägre är avskrivningarna 2024 än 2027?")
        assert conclusion(calculation).endswith("från Plan 2027 till Utfall 2024.")

    def test_a_side_no_sentence_names_gives_no_figure(self, seed_assistant):
        # "det gamla" is named by no sentence (the summering says "det nuvarande"): one figure alone is no difference
        answer = seed_assistant.answer("Hur mycket dyrare blir det nya biljett- och betalsystemet än det gamla?")
        assert answer.abstained and not lead_figures(answer.text)


class TestPersonnelRate:
    """PO-pålägget asked for alone is a lookup of Tabell 24, not a personnel cost."""

    @pytest.mark.parametrize(("year", "rate"), [(2023, "52,28%"), (2026, "45,82%")])
    def test_the_rate_of_a_year(self, seed_assistant, year, rate):
        answer = seed_assistant.answer(f"Hur stort är PO-pålägget {year} i procent av lönesumman?")
        assert answer.text.startswith(f"Summa PO-pålägg – {year}: {rate}")


class TestAdjustedLine:
    """ "Om X blir 5 procent lägre, hur stora blir de?": the supposed line itself, not the result line."""

    def test_a_cost_line_smaller(self, seed_assistant):
        # Tabell 2: Avskrivningar Plan 2027 -170,0; 5 % of 170,0 = 8,5 → -161,5
        calculation, cells = calculated(seed_assistant, "Om avskrivningarna 2027 blir 5 procent lägre, hur stora blir de?")
        assert conclusion(calculation) == "Avskrivningar blir -170,0 + 8,5 = -161,5 mkr, dvs. cirka -161,5 mkr."
        assert [cell.row_label for cell in cells] == ["Avskrivningar"]

    def test_a_named_result_line_is_still_the_result(self, seed_assistant):
        calculation, _ = calculated(seed_assistant, "Om avskrivningarna 2027 blir 5 procent lägre, vad blir årets resultat 2027?")
        assert conclusion(calculation).startswith("Årets resultat blir")


class TestSumOverYears:
    """ "Hur stora är X sammanlagt 2027–2029?": one line added over the years named."""

    def test_a_line_over_three_plan_years(self, seed_assistant):
        # Tabell 2: Avskrivningar Plan 2027, 2028, 2029 -170,0 each
        calculation, cells = calculated(seed_assistant, "Hur stora är avskrivningarna sammanlagt 2027–2029?")
        assert conclusion(calculation) == "Summa: -170,0 - 170,0 - 170,0 = -510,0 mkr."
        assert [cell.col_label for cell in cells] == ["Plan 2027", "Plan 2028", "Plan 2029"]

    def test_two_lines_read_alike_give_no_sum(self, seed_assistant):
        # "resultatet" is Årets resultat or Verksamhetens resultat in Tabell 2: adding either would be a guess
        answer = seed_assistant.answer("Vad blir det sammanlagda resultatet för åren 2027–2030 enligt resultatbudgeten?")
        assert answer.calculation is None
        assert "Verksamhetens resultat – Plan 2027" not in answer.text


class TestShareOfAnEarlierPart:
    """ "…, och hur stor andel av X:s nettobudgetram motsvarar det?": the earlier part's figure over a table cell."""

    def test_a_yearly_cost_as_a_share_of_another_boards_frame(self, seed_assistant):
        # Summeringen: "Räknar på 6 mkr för tre år" → 2 mkr per år; Tabell 11: Kollektivtrafiknämnden Budget 2026 -331,1
        answer = seed_assistant.answer(
            "Föreningsarkivets merkostnad när Riksarkivet flyttar ut – hur mycket blir det per år, "
            "och hur stor andel av kollektivtrafiknämndens nettobudgetram 2026 motsvarar det?"
        )
        assert "Andel: 2 / 331,1 = 0,6 %." in answer.text
        assert "per_period" not in answer.text  # no calculator's name among the steps a reader sees


def test_a_calculation_never_leads_with_a_figure_it_did_not_compute(seed_assistant):
    """The calculated answer's lead states the conclusion's figures, cited, before any step."""
    answer = seed_assistant.answer("Hur mycket minskar riktade statsbidrag från 2028 till 2029?")
    assert lead_figures(answer.text.split("\n")[0]) == ["100,0", "45,5"]
