"""ingest.tables: the tables of the shipped documents, cell by cell, and the rules that find them.

Conformance cases, one per known table (as httpx drives its URL tests from whatwg.json):
each names its table, its shape, and hand-checked cells, each with the place it is
printed. The documents are the ground truth; ``documents/*.txt`` are their text.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.models import DocumentMeta, Line, Table
from ingest.table_checks import Figure, agreement, check_table
from ingest.tables import extract_tables

PLAN_2026 = "regionplan-och-budget-2026-2028.txt"
PLAN_2020 = "regionplan-med-budget-2020-2022.txt"
T1_2026 = "tertialrapport-1-2026-regionstyrelsen.txt"


@dataclass(frozen=True)
class Known:
    """A table a reader can point at: where it is, its shape, and cells checked by hand."""

    doc: str
    table_id: str
    caption: str
    shape: tuple[int, int]
    unit: str | None
    cells: tuple[tuple[str, str, str], ...]  # (row label, column label, raw text)


KNOWN = [
    Known(
        PLAN_2026,
        "tabell-1",
        "Tabell 1. Finansiella mål",
        (5, 3),
        "%",
        (
            ("Soliditet (ökning) Exklusive ansvarsförbindelsen", "2026", "-33,2%"),  # Regionplan 2026–2028, Tabell 1
            ("Nettokostnadsutveckling", "2028", "2,9%"),  # Tabell 1: printed on the line under the row
            ("Skuldsättningstak", "2028", "<15%"),  # Tabell 1
        ),
    ),
    Known(
        PLAN_2026,
        "tabell-2",
        "Tabell 2. Långsiktig Resultatbudget till år 2030",
        (12, 8),
        "mkr",
        (
            ("Verksamhetens intäkter", "Utfall 2024", "1 036,7"),  # Regionplan 2026–2028, Tabell 2
            ("Skatteintäkter", "Budget 2026", "4 054,6"),  # Tabell 2
            ("Årets resultat", "Plan 2030", "269,3"),  # Tabell 2
        ),
    ),
    Known(
        PLAN_2026,
        "tabell-3",
        "Tabell 3. Plan för återställande av underskott",
        (3, 6),
        "mkr",
        (
            ("IB ackumulerade ej återställda negativa resultat*", "Prognos 2025", "-675"),  # Regionplan 2026–2028, Tabell 3
            ("Årets resultat (Plan för återställande exklusive balanskravsjusteringar)", "Plan 2027", "260"),  # Tabell 3
            ("UB ackumulerade ej återställda negativa resultat*", "Plan 2028", "-482"),  # Tabell 3
            ("UB ackumulerade ej återställda negativa resultat*", "Plan 2030", "55"),  # Tabell 3
        ),
    ),
    Known(
        PLAN_2026,
        "tabell-4",
        "Tabell 4. Resultatbudget",
        (12, 8),
        "mkr",
        (
            ("Verksamhetens kostnader", "Budget 2026", "-7 075,2"),  # Regionplan 2026–2028, Tabell 4
            ("Generella statsbidrag *", "Prognos 2025", "1 395,2"),  # Tabell 4
            ("Årets resultat", "Plan 2027", "260,1"),  # Tabell 4
            ("Årets resultat", "Budget 2026", "0,0"),  # Tabell 4
        ),
    ),
    Known(
        PLAN_2026,
        "tabell-5",
        "Tabell 5. Balansbudget",
        (25, 5),
        "mkr",
        (
            ("Mark och byggnader och tekniska anläggningar", "Budget 2026", "737"),  # Regionplan 2026–2028, Tabell 5
            ("Kortfristiga placeringar", "Utfall 2024", "1 574"),  # Tabell 5: "1 574 1674 1774 …"
            ("SUMMA EGET KAPITAL, AVSÄTTNINGAR OCH SKULDER", "Plan 2028", "4477"),  # Tabell 5
        ),
    ),
    Known(
        PLAN_2026,
        "tabell-6",
        "Tabell 6. Finansieringsbudget",
        (10, 5),
        "mkr",
        (
            ("Förändring av övrigt rörelsekapital", "Utfall 2024", "-84,7"),  # Regionplan 2026–2028, Tabell 6
            ("Nettoinvesteringar", "Budget 2026", "289,0"),  # Tabell 6
            ("Summa använda medel", "Plan 2028", "402,0"),  # Tabell 6
        ),
    ),
    Known(
        PLAN_2026,
        "tabell-7",
        "Tabell 7. Maximalt beslutad lånevolym",
        (1, 3),
        "mkr",
        (
            ("Lånetak 100% av mark och byggnadstillgångar, avrundat", "Tak 2026", "750"),  # Regionplan 2026–2028, Tabell 7
            ("Lånetak 100% av mark och byggnadstillgångar, avrundat", "Tak 2027", "850"),  # Tabell 7
            ("Lånetak 100% av mark och byggnadstillgångar, avrundat", "Tak 2028", "950"),  # Tabell 7
        ),
    ),
    Known(
        PLAN_2026,
        "tabell-8",
        "Tabell 8. Investeringsram",
        (12, 4),
        "mkr",
        (
            ("Summa total investeringsram", "Budget 2025", "348*"),  # Regionplan 2026–2028, Tabell 8
            ("Varav övriga investeringar", "Plan 2026", "11"),  # Tabell 8: figures printed one per line, column by column
            ("Reinvesteringar", "Plan 2028", "230"),  # Tabell 8
            ("Varav medicinteknisk utrustning (Reinvesteringar)", "Plan 2027", "70"),  # Tabell 8: a repeated varav names its row
        ),
    ),
    Known(
        PLAN_2026,
        "tabell-10",
        "Tabell 10. Riktade statsbidrag i budget",
        (7, 3),
        "mkr",
        (
            # Regionplan 2026–2028, Tabell 10: "138,1 mkr Varav 138,1 mkr Hälso- och sjukvårdsnämnden"
            ("Förordning ökad tillgänglighet i hälso- och sjukvården", "Prognos 2026", "138,1 mkr"),
            ("Förordning ökad tillgänglighet i hälso- och sjukvården", "Varav Hälso- och sjukvårdsnämnden", "138,1 mkr"),
            # Tabell 10: "25 mkr Varav 5 mkr Regionstyrelsen" / "Varav 20 mkr Hälso- och sjukvårdsnämnden"
            (
                "Överenskommelse om en personcentrerad, tillgänglig och jämlik mödrahälsovård och förlossningsvård samt "
                "förstärkta insatser för kvinnors hälsa",
                "Varav Hälso- och sjukvårdsnämnden",
                "20 mkr",
            ),
            ("Summa", "Prognos 2026", "220 mkr"),  # Tabell 10: the unlabelled last line, the sum of the rows
            ("Summa", "Varav Regionstyrelsen", "32,3 mkr"),  # Tabell 10: 26 + 5 + 1,3
        ),
    ),
    Known(
        PLAN_2026,
        "tabell-11",
        "Tabell 11. Budgetramar i netto per regionstyrelse, nämnd samt finansiering / "
        "Tabell 12. Driftbudget i brutto per regionstyrelse, nämnd samt finansiering",
        (17, 4),
        "mkr",
        (
            ("Total driftbudget år 2026 mkr", "Skatter och generella bidrag", "5975,2"),  # Regionplan 2026–2028, Tabell 11/12
            ("Total driftbudget år 2026 mkr", "Budget 2026", "0"),  # Tabell 11/12: the "0" on the line below
            ("Regionfullmäktige", "Kostnader", "-17,9"),  # Tabell 11/12: "Regionfullmäktige -17,9 -17,9"
            ("Regionfullmäktige", "Budget 2026", "-17,9"),  # Tabell 11/12
            ("Varav förtroendemannabudget (Regionfullmäktige)", "Kostnader", "-17,9"),  # Tabell 11/12
            ("Hälso- och sjukvårdsnämnden", "Intäkter i verksamhet", "520,0"),  # Tabell 11/12: "520,0 -3787,1 -3267,1"
            ("Hälso- och sjukvårdsnämnden", "Budget 2026", "-3267,1"),  # Tabell 11/12
            ("Varav tjänstemannabudget (Hälso- och sjukvårdsnämnden)", "Kostnader", "-3783,6"),  # Tabell 11/12
            ("Regionala utvecklingsnämnden", "Budget 2026", "-153,5"),  # Tabell 11/12
            ("Varav förtroendemannabudget (Kollektivtrafiknämnden)", "Kostnader", "-1,3"),  # Tabell 11/12: "-1,3" below
            ("Patientnämnden", "Intäkter i verksamhet", "0,4"),  # Tabell 11/12: "Patientnämnden 0,4 -4,0 -3,6"
        ),
    ),
    Known(
        PLAN_2026,
        "tabell-19",
        "Tabell 19. Prognosticerad befolkningsutveckling för åren 2024–2027 – enligt skatteunderlagsprognos SKR, "
        "förmedlad 2024-02-26",
        (3, 4),
        None,
        (
            ("Rikets befolkning (1/11 året innan)", "Prognos 2024", "10 557 682"),  # Regionplan 2026–2028, Tabell 19
            ("Årlig procentuell förändring riket", "Prognos 2025", "0,54%"),  # Tabell 19: three changes for four years
            ("Årlig procentuell förändring riket", "Prognos 2027", "0,49%"),  # Tabell 19
            ("Region Jämtland Härjedalen", "Prognos 2027", "133 148"),  # Tabell 19
        ),
    ),
    Known(
        PLAN_2026,
        "tabell-20",
        "Tabell 20. Egna antaganden för befolkningsutveckling i Region Jämtland Härjedalen",
        (2, 4),
        None,
        (
            ("Region Jämtland Härjedalen, egna siffror", "Prognos 2026", "132 466"),  # Regionplan 2026–2028, Tabell 20
            ("Årlig procentuell förändring Jämtland Härjedalen, egna siffror", "Prognos 2025", "+-0"),  # Tabell 20
            ("Årlig procentuell förändring Jämtland Härjedalen, egna siffror", "Prognos 2027", "+-0"),  # Tabell 20
        ),
    ),
    Known(
        PLAN_2026,
        "tabell-21",
        "Tabell 21. SKR:s prognos för utvecklingen av skatteunderlaget",
        (3, 4),
        "%",
        (
            ("Riket enligt SKR", "2024", "3,30"),  # Regionplan 2026–2028, Tabell 21
            ("Region Jämtland Härjedalens enligt SKR", "2025", "4,48"),  # Tabell 21
            ("Region Jämtland Härjedalens prognos", "2027", "3,48"),  # Tabell 21: header years on two lines
        ),
    ),
    Known(
        PLAN_2026,
        "tabell-24",
        "Tabell 24. Sociala avgifter 2022–2027",
        (4, 6),
        "%",
        (
            ("Arbetsgivaravgifter enligt lag", "2022", "31,42"),  # Regionplan 2026–2028, Tabell 24
            ("Kollektivavtalad pension", "2024", "25,59"),  # Tabell 24
            ("Summa PO-pålägg", "2026", "45,82%"),  # Tabell 24: 45,82 % is 2026; 2027 is 44,42 %
            ("Summa PO-pålägg", "2027", "44,42%"),  # Tabell 24
        ),
    ),
    Known(
        PLAN_2020,
        "tabell-1",
        "Tabell 1. Resultatförbättrande åtgärder",
        (11, 2),
        "mkr",
        (
            ("Minskning inhyrd personal", "Planerat 2019", "24,4"),  # Regionplan 2020–2022, Tabell 1: "Åtgärd Planerat 2019 …"
            ("OPUS 2020", "Utfall t o m juni", "1,0"),  # Tabell 1
            ("Summa", "Planerat 2019", "120 mkr"),  # Tabell 1: the unlabelled "120 mkr 41 mkr", the sum of the rows
            ("Summa", "Utfall t o m juni", "41 mkr"),  # Tabell 1
        ),
    ),
    Known(
        PLAN_2020,
        "tabell-2",
        "Tabell 2. Investeringsram",
        (5, 3),
        "mkr",
        (
            ("Datortomograf", "2020", "12"),  # Regionplan 2020–2022, Tabell 2: one figure, placed by Totalt
            ("Möjlig extra investering 2021-2022", "2022", "39"),  # Tabell 2: two figures, placed by Totalt
            ("Totalt", "2020", "123"),  # Tabell 2
        ),
    ),
    Known(
        PLAN_2020,
        "tabell-3",
        "Tabell 3. Upplåningsutrymme",
        (1, 4),
        "mkr",
        (
            ("Nyupplåning", "2019", "180"),  # Regionplan 2020–2022, Tabell 3
            ("Nyupplåning", "Budget 2020", "35"),  # Tabell 3
            ("Nyupplåning", "Plan 2022", "50"),  # Tabell 3
        ),
    ),
    Known(
        PLAN_2020,
        "tabell-4",
        "Tabell 4. Resultatbudget",
        (11, 6),
        "mkr",
        (
            ("Skatteintäkter", "Utfall 2018", "2 905,7"),  # Regionplan 2020–2022, Tabell 4
            ("Verksamhetens kostnader", "Plan 2022", "-5 123,7"),  # Tabell 4
            ("Årets resultat", "Budget 2020", "99,9"),  # Tabell 4
        ),
    ),
    Known(
        PLAN_2020,
        "tabell-8",
        "Tabell 8. Budgetramar per nämnd samt finansiering",
        (16, 4),
        "mkr",
        (
            ("Regionstyrelsen", "Budget 2019", "1 170,7"),  # Regionplan 2020–2022, Tabell 8
            ("Regionstyrelsen", "Plan 2022", "1550,2"),  # Tabell 8
            ("SUMMA BUDGETRAM", "Budget 2020", "4 463,0"),  # Tabell 8
        ),
    ),
    Known(
        PLAN_2020,
        "generella-statsbidrag",
        "Generella statsbidrag",
        (9, 6),
        "mkr",
        (
            ("Inkomstutjämning", "Plan 2022", "700,8"),  # Regionplan 2020–2022, under Tabell 4: "*) Generella statsbidrag"
            # "Nettokostnadsutveckling 2,3% 1,9% 0,8% 1,1%": four changes of Tabell 4's nettokostnader, from Prognos 2019 on
            ("Nettokostnadsutveckling", "Prognos 2019", "2,3%"),
            ("Nettokostnadsutveckling", "Budget 2020", "1,9%"),
            ("Nettokostnadsutveckling", "Plan 2022", "1,1%"),
        ),
    ),
    Known(
        PLAN_2020,
        "tabell-10",
        "Tabell 10. Befolkningssiffror för åren 2019–2022 SCB, samt egen prognos Jämtland Härjedalen",
        (5, 4),
        None,
        (
            ("SCBs siffor för Jämtland Härjedalen", "Prognos 2022", "131 280"),  # Regionplan 2020–2022, Tabell 10
            ("Årlig procentuell förändring Jämtland Härjedalen, egna siffror", "Prognos 2020", "+- 0"),  # Tabell 10
            ("Årlig procentuell förändring Jämtland Härjedalen, egna siffror", "Prognos 2022", "+- 0"),  # Tabell 10
        ),
    ),
    Known(
        PLAN_2020,
        "tabell-11",
        "Tabell 11. SKLs prognos för utvecklingen av skatteunderlaget",
        (3, 6),
        "%",
        (
            ("Riket enl SKL", "2018", "3,70"),  # Regionplan 2020–2022, Tabell 11
            ("Jämtlands län egen prognos", "2021", "1,54"),  # Tabell 11
            ("Jämtlands län egen prognos", "2020-2022", "6,14"),  # Tabell 11: the span's column
        ),
    ),
    Known(
        PLAN_2020,
        "tabell-13",
        "Tabell 13. Enhetstaxa 300 kr",
        (7, 1),
        "kr",
        (
            ("Vårdbesök oavsett vårdgivarkategori", "Avgift", "300 kr"),  # Regionplan 2020–2022, Bilaga 4, Tabell 13
            ("Ambulansavgift (ingår inte i högkostnadsskyddet) (se kap. 2.6 avgiftshandboken)", "Avgift", "300 kr"),  # Tabell 13
            ("Hälsoskolor, hela utbildningen", "Avgift", "300 kr"),  # Tabell 13
        ),
    ),
    Known(
        PLAN_2020,
        "tabell-14",
        "Tabell 14. Undantag från enhetstaxa",
        (3, 1),
        "kr",
        (
            ("Vårdbesök på jourtid och på akutmottagning", "Avgift", "400 kr"),  # Regionplan 2020–2022, Bilaga 4, Tabell 14
            ("Screening/riktade hälsokontroller (ingår inte i högkostnadsskyddet)", "Avgift", "150 kr"),  # Tabell 14
            ("Receptförnyelse per telefon/elektroniskt", "Avgift", "150 kr"),  # Tabell 14
        ),
    ),
    Known(
        PLAN_2020,
        "hogkostnadsskydd-oppenvard-pga-sjukdom",
        "Högkostnadsskydd öppenvård pga sjukdom",
        (1, 1),
        "kr",
        (
            # Regionplan 2020–2022, Bilaga 4, "Högkostnadsskydd öppenvård pga sjukdom" (no table number)
            (
                "Högkostnadsskydd – tak för patientavgift under 12-månadersperiod (för högkostnadsgrundande avgifter)",
                "Avgift",
                "1 150 kr",
            ),
        ),
    ),
    Known(
        PLAN_2020,
        "tabell-15",
        "Tabell 15. Timtaxa",
        (4, 2),
        "kr",
        (
            ("15 min", "Avgift exkl. moms (kr)", "250"),  # Regionplan 2020–2022, Bilaga 4, Tabell 15: "15 min 250 313"
            ("15 min", "Avgift inkl. moms (kr)", "313"),  # Tabell 15
            ("60 min", "Avgift inkl. moms (kr)", "1 250"),  # Tabell 15: "60 min 1 000 1 250"
        ),
    ),
    Known(
        PLAN_2020,
        "tabell-16",
        "Tabell 16. Slutenvård – inlagd på sjukhus",
        (3, 1),
        "kr",
        (
            ("0-17 år", "Avgift", "0 kr"),  # Regionplan 2020–2022, Bilaga 4, Tabell 16
            ("18 år och äldre", "Avgift", "100 kr"),  # Tabell 16
            ("Högkostnadsskydd, tak per 30-dagarsperiod", "Avgift", "2400 kr"),  # Tabell 16
        ),
    ),
    Known(
        PLAN_2020,
        "sjukresor",
        "Sjukresor",
        (2, 1),
        "kr",
        (
            ("Egenavgift", "Avgift", "100 kr"),  # Regionplan 2020–2022, Bilaga 4, Sjukresor (no table number)
            ("Högkostnadsskydd, tak för egenavgift under 12-månadersperiod", "Avgift", "1600 kr"),  # Sjukresor
        ),
    ),
    Known(
        T1_2026,
        "intakter-och-kostnader",
        "Intäkter och kostnader",
        (19, 6),
        "tkr",
        (
            ("Köp av verksamhet", "Ack utfall", "-373 278"),  # Tertialrapport 1 2026, Ekonomisk analys
            ("Köp av verksamhet", "Bud-Utf Diff", "-59 306"),  # Ekonomisk analys
            ("Köp av verksamhet", "Ack utf-Ack fg år Diff", "-5 336"),  # Ekonomisk analys: "-5" / "336" on two lines
            ("Patientavgifter", "Utfall diff", "309,5 %"),  # Ekonomisk analys: "309," / "5 %"
            ("Verksamhetens nettokostnader", "Ack budget", "-736 062"),  # Ekonomisk analys, second page
        ),
    ),
    Known(
        T1_2026,
        "ledningsprocesser-kortsiktiga-nyckeltal",
        "Ledningsprocesser – Kortsiktiga nyckeltal",
        (19, 2),
        None,
        (
            ("Bruttokostnadsutveckling (RJH totalt)", "Utfall", "2,6 %"),  # Tertialrapport 1 2026, Ledningsprocesser
            ("Bruttokostnadsutveckling (RJH totalt)", "Mål", "-0,6 %"),  # "(RJH totalt) 2,6 % -0,6 %", label above
            ("Nettokostnadsutveckling (RJH totalt)", "Utfall", "3,3"),  # printed without "%"
            ("Skuldsättningstak (RJH totalt)", "Mål", "16 %"),  # label, figures and comment on one line
            ("Leverantörstrohet", "Utfall", "82 %"),  # regionstyrelsen's own, after the page break
            ("Andel HVO av totalt tankade mängder HVO, diesel och bensin.", "Utfall", "42,7 %"),
            ("Andelen ekologiska, närproducerade och Norrlandsproducerade livsmedel", "Utfall", "45,12 %"),  # "45,12" / "% 45 %"
            ("Andelen ekologiska, närproducerade och Norrlandsproducerade livsmedel", "Mål", "45 %"),
            ("Hälsofrämjandeindex för chefer", "Mål", "5"),  # after the second page break
            ("Total sjukfrånvaro - Andel sjukfrånvaro i % av ordinarie arbetstid", "Utfall", "5,7"),
        ),
    ),
    Known(
        T1_2026,
        "stodverksamhet-kortsiktiga-nyckeltal",
        "Stödverksamhet – Kortsiktiga nyckeltal",
        (3, 2),
        None,
        (
            ("Andel genomförda riktade hälsosamtal utifrån listade personer", "Utfall", "2 %"),  # Tertialrapport 1 2026
            ("Hög säkerhet hos mjukvara som körs i regionens IT-miljö genom inventering och kontroll", "Utfall", "43"),
            ("Hög säkerhet i nätverksansluten hårdvara", "Mål", "70 %"),  # Stödverksamhet, "… hårdvara 60 % 70 %"
        ),
    ),
    Known(
        T1_2026,
        "regionstaben-inkl-vardval-mkr",
        "Regionstaben inkl Vårdval (mkr)",
        (8, 3),
        "mkr",
        (
            ("Regiondirektör", "Budget 2026", "-37,8"),  # Tertialrapport 1 2026, Orsaker till ändrad/lagd prognos
            ("Vårdval", "Avvikelse", "6,0"),  # Orsaker till ändrad/lagd prognos
            ("Totalt", "Prognos 2026", "-1 918,3"),  # Orsaker till ändrad/lagd prognos
        ),
    ),
]

# Identities that do not hold in the documents themselves (checked by hand against the text).
DOCUMENT_INCONSISTENCIES = {
    (PLAN_2026, "tabell-3"): [
        # UB 2025 is printed as -1 005, but IB -675 + årets resultat -230 = -905 (balanskravsjusteringar?)
        "Återställningsplan: raden 'UB ackumulerade ej återställda negativa resultat*', kolumnen 'Prognos 2025': väntat -905 "
        "(IB ackumulerade ej återställda negativa resultat* + Årets resultat (Plan för återställande exklusive "
        "balanskravsjusteringar)), tabellen anger -1 005.",
    ],
    (PLAN_2026, "tabell-8"): [
        # 77 + 198 + 5 + 15 + 15 = 310; with Reinvesteringar as its own varav rows (70 + 100 + 10 = 180) the sum is 292
        "Summering: raden 'Summa total investeringsram', kolumnen 'Plan 2027': väntat 310 (summan av 'Nyinvesteringar', "
        "'Reinvesteringar', 'Mindre lokalanpassningar', 'Oförutsedda investeringar', 'Hjälpmedel'), tabellen anger 292.",
        "Varav-rader: raden 'Reinvesteringar', kolumnen 'Plan 2027': väntat 180 (summan av 'Varav medicinteknisk "
        "utrustning (Reinvesteringar)', 'Varav fastigheter', 'Varav övrigt'), tabellen anger 198.",
    ],
    (PLAN_2020, "generella-statsbidrag"): [
        # 672,1 + 261,3 - 31,0 + 102,0 + 0,0 - 3,4 = 1 001,0; the table prints 1000,8 (Tabell 4 too)
        "Summering: raden 'Summa', kolumnen 'Budget 2020': väntat 1 001,0 (summan av 'Inkomstutjämning', 'Kostnadsutjämning', "
        "'Regleringsavgift/bidrag', 'Strukturbidrag', 'Statsbidrag \"Välfärdsmiljarderna\" flyktingmottagande', "
        "'Överföring statsbidrag till kommunerna'), tabellen anger 1000,8.",
    ],
}
IDENTITY_CHECKS = ("Resultaträkning:", "Återställningsplan:", "Summering:", "Varav-rader:", "Radsamband:", "Förändring:")


@pytest.fixture(scope="module")
def tables(seed_corpus) -> dict[tuple[str, str], Table]:
    """Every table of the shipped documents by (document, id after "#")."""
    return {(table.doc_id, table.table_id.split("#", 1)[1]): table for doc in seed_corpus.documents for table in doc.tables}


def _known_id(known: Known) -> str:
    return f"{known.doc.split('-')[0]}-{known.doc[-18:-4]}#{known.table_id}"


class TestKnownTables:
    @pytest.mark.parametrize("known", KNOWN, ids=_known_id)
    def test_found_with_caption_shape_and_unit(self, tables, known):
        table = tables[(known.doc, known.table_id)]

        assert table.table_id == f"{known.doc}#{known.table_id}"
        assert table.caption == known.caption
        assert (len(table.rows), len(table.columns)) == known.shape
        assert table.unit == known.unit

    @pytest.mark.parametrize("known", KNOWN, ids=_known_id)
    def test_hand_checked_cells(self, tables, known):
        table = tables[(known.doc, known.table_id)]
        for row, column, raw in known.cells:
            cell = table.cell(row, column)
            assert cell is not None, (row, column, table.rows, table.columns)
            assert cell.raw == raw
            assert cell.value == _value(raw)

    @pytest.mark.parametrize("known", KNOWN, ids=_known_id)
    def test_frame_has_the_document_rows_and_columns(self, tables, known):
        table = tables[(known.doc, known.table_id)]
        frame = table.frame()

        assert list(frame.index) == list(table.rows)
        assert list(frame.columns) == list(table.columns)
        row, column, raw = known.cells[0]
        assert frame.loc[row, column] == _value(raw)

    @pytest.mark.parametrize("known", KNOWN, ids=_known_id)
    def test_identities_hold_unless_the_document_breaks_them(self, tables, known):
        table = tables[(known.doc, known.table_id)]
        failures = [problem for problem in table.problems if problem.startswith(IDENTITY_CHECKS)]

        assert failures == DOCUMENT_INCONSISTENCIES.get((known.doc, known.table_id), [])

    @pytest.mark.parametrize("known", KNOWN, ids=_known_id)
    def test_labels_are_unique(self, tables, known):
        table = tables[(known.doc, known.table_id)]

        assert len(set(table.rows)) == len(table.rows)
        assert len(set(table.columns)) == len(table.columns)


class TestProvenance:
    def test_cells_name_year_kind_and_source_line(self, tables):
        cell = tables[(PLAN_2026, "tabell-4")].cell("Verksamhetens kostnader", "Budget 2026")

        assert (cell.year, cell.kind, cell.source_line, cell.table_id) == (
            2026,
            "Budget",
            1481,  # the line "Verksamhetens kostnader -7 267,6 …" in documents/regionplan-och-budget-2026-2028.txt
            f"{PLAN_2026}#tabell-4",
        )

    def test_a_wrapped_figure_cites_the_line_it_is_printed_on(self, tables):
        table = tables[(PLAN_2026, "tabell-1")]

        assert table.cell("Nettokostnadsutveckling", "2026").source_line == 373
        assert table.cell("Nettokostnadsutveckling", "2028").source_line == 377

    def test_a_column_of_text_has_no_year_or_kind(self, tables):
        cell = tables[(T1_2026, "intakter-och-kostnader")].cell("Köp av verksamhet", "Ack utfall")

        assert (cell.year, cell.kind) == (None, None)

    def test_the_statement_identities_are_checked_not_skipped(self, tables):
        for key in [(PLAN_2026, "tabell-4"), (PLAN_2020, "tabell-4")]:
            table = tables[key]
            holding, failing = agreement(table.rows, table.columns, _grid(table))
            # three identities per column of the 2026 plan, two of the 2020 plan (no "Verksamhetens resultat" row)
            assert (holding, failing) == ((3 if key[0] == PLAN_2026 else 2) * len(table.columns), 0)

    def test_a_short_row_without_evidence_is_left_out_and_said_so(self, tables):
        table = tables[(PLAN_2026, "tabell-6")]

        assert table.row("Minskning av långfristiga fordringar") == ()
        assert any(problem.startswith("Placering: raden 'Minskning av långfristiga fordringar'") for problem in table.problems)

    def test_captions_whose_figures_are_not_in_the_text_give_no_table(self, tables):
        # the LPIK forecasts and "Nyckeltal för den svenska ekonomin" are pictures: their figures are not in the text
        for key in [(PLAN_2026, "tabell-22"), (PLAN_2026, "tabell-23"), (PLAN_2020, "tabell-9"), (PLAN_2020, "tabell-12")]:
            assert key not in tables

    def test_stacked_captions_over_one_run_of_rows_name_one_table(self, tables):
        # "Tabell 11. Budgetramar i netto …" / "Tabell 12. Driftbudget i brutto …": one run of rows holds both
        assert (PLAN_2026, "tabell-12") not in tables
        assert "Tabell 12. Driftbudget i brutto" in tables[(PLAN_2026, "tabell-11")].caption

    def test_a_figure_the_sums_cannot_place_is_left_out_and_the_rest_of_its_row_kept(self, tables):
        # Regionplan 2026–2028, Tabell 11/12: "Revision 0,0 -5,7 -5,7"; 0,0 adds nothing to either column's sum
        table = tables[(PLAN_2026, "tabell-11")]

        assert [(cell.col_label, cell.raw) for cell in table.row("Revision")] == [("Kostnader", "-5,7"), ("Budget 2026", "-5,7")]
        assert any(problem.startswith("Placering: raden 'Revision'") and "(0,0)" in problem for problem in table.problems)

    def test_rows_no_identity_places_stay_out(self, tables):
        # Regionplan 2020–2022, Tabell 5: four of five years, nothing in the table says which
        balance = tables[(PLAN_2020, "tabell-5")]
        assert balance.row("Ansvarsförbindelse pensioner") == ()
        # under Tabell 4: "Bruttokostnadsutveckling" names no row of the tables above, unlike "Nettokostnadsutveckling"
        assert tables[(PLAN_2020, "generella-statsbidrag")].row("Bruttokostnadsutveckling") == ()
        # Regionplan 2026–2028, Tabell 9: "5" breaks the 2028 sum in 2028 and every later column
        projects = tables[(PLAN_2026, "tabell-9")]
        assert [cell.raw for cell in projects.row("Varav hälsocentralen i Funäsdalen (NY) inkl. konstnärlig gestaltning")] == [
            "30,1",
            "30,3",
            "45,3",
        ]

    def test_key_figures_carry_the_report_year_kind_and_målområde(self, tables):
        table = tables[(T1_2026, "ledningsprocesser-kortsiktiga-nyckeltal")]
        cell = table.cell("Leverantörstrohet (RJH totalt)", "Utfall")

        assert table.section_path == ("Ledningsprocesser", "Kortsiktiga nyckeltal")
        assert (cell.year, cell.kind, cell.source_line, cell.page) == (2026, "Utfall", 223, None)
        assert table.cell("Leverantörstrohet (RJH totalt)", "Mål").kind == "Mål"

    def test_a_key_figure_whose_minus_sign_the_cleaning_dropped_is_left_out(self, tables):
        # "-34,2" / "-" / "33,2 %": the lone "-" is dropped as junk, so "33,2 %" would read as +33,2 %
        table = tables[(T1_2026, "ledningsprocesser-kortsiktiga-nyckeltal")]

        assert table.row("Soliditet (ökning) Exklusive ansvarsförbindelsen (RJH totalt)") == ()
        assert any(problem.startswith("Tolkning: nyckeltalet 'Soliditet") for problem in table.problems)

    def test_a_key_figure_with_one_figure_for_two_columns_is_left_out(self, tables):
        # "… regionens verksamheter" / "42 % Nyckeltalet följs upp på helår": Utfall or Mål, the text does not say
        table = tables[(T1_2026, "ledningsprocesser-kortsiktiga-nyckeltal")]
        label = (
            "Återvinningsgrad (% av avfallet som sorteras för materialåtervinning) av det avfall som uppkommer i "
            "regionens verksamheter"
        )

        assert table.row(label) == ()
        assert any(problem.startswith(f"Placering: nyckeltalet '{label}'") for problem in table.problems)

    def test_a_comment_with_figures_is_no_key_figure(self, tables):
        # the comment "… ökat i kostnad med 8,6% … minskat i kostnad med -1,6%" stays comment
        table = tables[(T1_2026, "ledningsprocesser-kortsiktiga-nyckeltal")]

        assert not [cell for cell in table.cells if cell.raw in ("-1,6%", "+12,9%", "8,6%")]
        assert all(len(row.split()) <= 30 for row in table.rows)

    def test_tables_round_trip_through_dicts(self, tables):
        for table in tables.values():
            assert Table.from_dict(table.to_dict()) == table


def _value(raw: str) -> Decimal | None:
    from ingest.numbers import parse_number

    return parse_number(raw)


def _grid(table: Table) -> dict[tuple[str, str], Figure]:
    return {(cell.row_label, cell.col_label): Figure(cell.value, cell.raw) for cell in table.cells if cell.value is not None}


META = DocumentMeta("plan.txt", "Plan")


def _lines(*texts: str, gap: int = 2) -> list[Line]:
    return [Line(text, None, 1 + gap * number) for number, text in enumerate(texts)]


class TestRules:
    def test_caption_header_and_rows(self):
        [table] = extract_tables(
            _lines(
                "Tabell 4. Resultatbudget.",
                "Utfall Budget Plan",
                "2024 2025 2026",
                "Verksamhetens intäkter 1 036,7 930,0 1 050,0",
                "Årets resultat -493,7 -229,9 0,0",
                "Miljoner kronor",
            ),
            [],
            META,
        )

        assert table.table_id == "plan.txt#tabell-4"
        assert table.caption == "Tabell 4. Resultatbudget"
        assert table.columns == ("Utfall 2024", "Budget 2025", "Plan 2026")
        assert table.rows == ("Verksamhetens intäkter", "Årets resultat")
        assert table.unit == "mkr"
        assert table.cell("Årets resultat", "Plan 2026").value == Decimal("0.0")

    def test_labels_broken_over_lines_and_figures_on_the_next(self):
        [table] = extract_tables(
            _lines(
                "Plan Plan",
                "2027 2028",
                "UB ackumulerade ej återställda",
                "negativa resultat*",
                "-745 -482",
                "Mark och byggnader och tekniska",
                "anläggningar 847 959",
            ),
            [],
            META,
        )

        assert table.rows == ("UB ackumulerade ej återställda negativa resultat*", "Mark och byggnader och tekniska anläggningar")
        assert [cell.raw for cell in table.row("UB ackumulerade ej återställda negativa resultat*")] == ["-745", "-482"]

    def test_repeated_labels_get_a_number(self):
        [table] = extract_tables(
            _lines("Plan Plan", "2027 2027", "Varav övrigt 1 2", "Varav övrigt 3 4"),
            [],
            META,
        )

        assert table.columns == ("Plan 2027", "Plan 2027 (2)")
        assert table.rows == ("Varav övrigt", "Varav övrigt (2)")

    def test_a_sum_that_does_not_add_up_is_reported_in_swedish(self):
        [table] = extract_tables(
            _lines("Budget Plan", "2026 2027", "Hjälpmedel 15 15", "Övrigt 10 5", "Summa 25 30"),
            [],
            META,
        )

        assert table.problems == (
            "Summering: raden 'Summa', kolumnen 'Plan 2027': väntat 20 (summan av 'Hjälpmedel', 'Övrigt'), tabellen anger 30.",
        )

    def test_a_list_of_fees_without_header(self):
        [table] = extract_tables(
            _lines("Sjukresor", "Ersättning ges för billigaste färdsätt.", "Egenavgift 100 kr", "Högkostnadsskydd, tak 1600 kr"),
            [],
            META,
        )

        assert (table.table_id, table.caption, table.columns, table.unit) == (
            "plan.txt#sjukresor",
            "Sjukresor",
            ("Avgift",),
            "kr",
        )
        assert table.cell("Högkostnadsskydd, tak", "Avgift").value == Decimal(1600)

    def test_prose_with_years_and_figures_is_no_table(self):
        lines = _lines(
            "Budget 2026–2028",
            "Skatteberäkningen år 2026–2028 bygger på en utdebitering på 11,70 kronor och skatteunderlagets utveckling.",
            "Under första tertialet 2026 uppgick intäkterna till 224,2 mkr vilket var 5,8 mkr",
        )

        assert extract_tables(lines, [], META) == ()

    def test_check_table_names_row_column_expected_and_found(self):
        grid = {
            ("IB", "2026"): Figure(Decimal(-10), "-10"),
            ("Årets resultat", "2026"): Figure(Decimal(4), "4"),
            ("UB", "2026"): Figure(Decimal(-9), "-9"),  # 1 off would be rounding in whole millions
        }

        assert check_table(["IB", "Årets resultat", "UB"], ["2026"], grid) == [
            "Återställningsplan: raden 'UB', kolumnen '2026': väntat -6 (IB + Årets resultat), tabellen anger -9."
        ]

    @settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.text(max_size=60), max_size=30))
    def test_arbitrary_text_never_raises(self, texts):
        assert isinstance(extract_tables(_lines(*texts, gap=1), [], META), tuple)

    @settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
    @given(
        st.lists(
            st.sampled_from(
                [
                    "Utfall Budget Plan",
                    "2024 2025 2026",
                    "Summa 1 2 3",
                    "Varav x 1",
                    "-5",
                    "336",
                    "1 050,0",
                    "Tabell 3. X",
                    "Plan",
                    "2027",
                    "i tkr Ack",
                    "budget",
                    "Avgift 300 kr",
                    "• punkt",
                    "*Not",
                    "Årets resultat",
                    "IB",
                    "UB 1 2 3",
                    "Kortsiktiga nyckeltal Utfall Mål Kommentar",
                    "Kultur - Ett rikt kulturliv.",
                    "Kommentar",
                    "42,5 mkr Varav 26 mkr Regionstyrelsen",
                    "Varav 16,5 mkr Kulturnämnden",
                    "Tid Avgift exkl. moms (kr) Avgift inkl. moms (kr)",
                    "Total driftbudget år 2026 mkr",
                    "Årlig procentuell förändring",
                    "+-0 +-0",
                    "120 mkr 41 mkr",
                ]
            ),
            max_size=25,
        )
    )
    def test_table_shaped_text_never_raises(self, texts):
        for table in extract_tables(_lines(*texts), [], META):
            assert all(cell.row_label in table.rows and cell.col_label in table.columns for cell in table.cells)
