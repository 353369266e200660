"""Tables built by hand from the documents' printed figures, shaped as ingest/tables.py parses them.

Column labels follow the parser's convention: "Plan 2027" when kind and year are
known, "2027" when only the year is, header text otherwise ("Avgift", "Ack utfall").
Row labels are the document's text with whitespace normalised, footnote marks kept.
Every figure below is copied from the document named in the comment above it.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ingest.models import Cell, Table

PLAN_2026 = "regionplan-och-budget-2026-2028.txt"
PLAN_2026_TITLE = "Regionplan och budget 2026–2028"
PLAN_2020 = "regionplan-med-budget-2020-2022.txt"
PLAN_2020_TITLE = "Regionplan med budget 2020–2022"
T1_2026 = "tertialrapport-1-2026-regionstyrelsen.txt"
T1_2026_TITLE = "Tertialrapport 1 2026 – Regionstyrelsen"

_KIND_YEAR = re.compile(r"^(?:(\w+) )?((?:19|20)\d{2})$")


def parse_raw(raw: str) -> Decimal | None:
    """The value of a printed figure ("-7 075,2", "45,22%", "300 kr", "348*"); None for "-" or text."""
    text = raw.replace("\xa0", " ").replace("−", "-").strip().rstrip("*").strip()
    text = text.removesuffix("%").removesuffix("kr").strip().replace(" ", "").replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def make_table(
    rows: dict[str, dict[str, str]],
    *,
    table_id: str,
    caption: str,
    doc_id: str = PLAN_2026,
    doc_title: str = PLAN_2026_TITLE,
    unit: str | None = "mkr",
    page: int | None = None,
) -> Table:
    """A ``Table`` from {row label: {column label: raw text}}, with year and kind read off the column label."""
    columns = tuple(dict.fromkeys(col for cells in rows.values() for col in cells))
    cells = tuple(
        _cell(f"{doc_id}#{table_id}", row, col, raw, page) for row, by_col in rows.items() for col, raw in by_col.items()
    )
    return Table(
        table_id=f"{doc_id}#{table_id}",
        doc_id=doc_id,
        doc_title=doc_title,
        caption=caption,
        section_path=(caption,),
        page=page,
        source_lines=(0, 0),
        unit=unit,
        rows=tuple(rows),
        columns=columns,
        cells=cells,
    )


def make_cell(table_id: str, row: str, col: str, raw: str) -> Cell:
    """A single cell, for figures the documents print in running text rather than a table."""
    return _cell(table_id, row, col, raw, None)


def _cell(table_id: str, row: str, col: str, raw: str, page: int | None) -> Cell:
    match = _KIND_YEAR.match(col)
    year = int(match.group(2)) if match else None
    kind = match.group(1) if match else None
    return Cell(table_id, row, col, raw, parse_raw(raw), year=year, kind=kind, page=page)


def _row(columns: list[str], raws: str) -> dict[str, str]:
    """One table row from its printed figures, split where the document prints two spaces or a tab."""
    values = re.split(r"\s{2,}|\t", raws.strip())
    assert len(values) == len(columns), (columns, values)
    return dict(zip(columns, values, strict=True))


# Regionplan 2026–2028, Tabell 3. Plan för återställande av underskott (mkr).
_T3 = ["Prognos 2025", "Plan 2026", "Plan 2027", "Plan 2028", "Plan 2029", "Plan 2030"]
IB_ROW = "IB ackumulerade ej återställda negativa resultat*"
RESULT_ROW = "Årets resultat (Plan för återställande exklusive balanskravsjusteringar)"
UB_ROW = "UB ackumulerade ej återställda negativa resultat*"


def tabell_3() -> Table:
    """Regionplan 2026–2028, Tabell 3: IB, årets resultat and UB of the unrestored deficit, 2025–2030."""
    return make_table(
        {
            IB_ROW: _row(_T3, "-675  -1 005  -1 005  -745  -482  -214"),
            RESULT_ROW: _row(_T3, "-230  0  260  263  268  269"),
            UB_ROW: _row(_T3, "-1 005  -1 005  -745  -482  -214  55"),
        },
        table_id="3",
        caption="Tabell 3. Plan för återställande av underskott.",
    )


# Regionplan 2026–2028, Tabell 4. Resultatbudget (miljoner kronor); Tabell 2 repeats it.
_T4 = [
    "Utfall 2024", "Budget 2025", "Prognos 2025", "Budget 2026", "Plan 2027", "Plan 2028", "Plan 2029", "Plan 2030",
]  # fmt: skip


def tabell_4() -> Table:
    """Regionplan 2026–2028, Tabell 4: the income statement budget 2024–2030."""
    figures = {
        "Verksamhetens intäkter": "1 036,7  930,0  978,1  1 050,0  1 050,0  1 050,0  1 050,0  1 050,0",
        "Riktade statsbidrag": "229  160  258  220,0  220,0  220,0  120,0  120,0",
        "Verksamhetens kostnader": "-7 267,6  -6 776,6  -7 121,9  -7 075,2  -6 978,5  -7 151,8  -7 268,5  -7 486,5",
        "Avskrivningar": "-164,9  -163,1  -165,3  -170,0  -170,0  -170,0  -170,0  -170,0",
        "Verksamhetens nettokostnader": "-6 166,8  -5 849,7  -6 051,2  -5 975,2  -5 878,5  -6 051,8  -6 268,5  -6 486,5",
        "Skatteintäkter": "3 714,3  3 881,9  3 896,7  4 054,6  4 231,4  4 393,9  4 552,5  4 716,8",
        "Generella statsbidrag *": "1 462,6  1 313,5  1 395,2  1 393,9  1 400,8  1 423,8  1 447,6  1 471,6",
        "Statsbidrag läkemedel": "514,5  530,5  530,5  550,5  570,5  590,5  620,0  651,0",
        "Verksamhetens resultat": "-475,4  -123,7  -228,8  23,7  324,2  356,4  351,6  352,9",
        "Finansiella intäkter": "273,2  29,5  29,0  35,5  37,5  39,5  33,0  33,0",
        "Finansiella kostnader": "-291,5  -135,7  -130,1  -59,3  -101,6  -133,0  -116,6  -116,6",
        "Årets resultat": "-493,7  -229,9  -329,9  0,0  260,1  262,9  268,0  269,3",
    }
    return make_table({row: _row(_T4, raws) for row, raws in figures.items()}, table_id="4", caption="Tabell 4. Resultatbudget.")


# Regionplan 2026–2028, Tabell 5. Balansbudget (miljoner kronor), the rows the calculators use.
_T5 = ["Utfall 2024", "Prognos 2025", "Budget 2026", "Plan 2027", "Plan 2028"]


def tabell_5() -> Table:
    """Regionplan 2026–2028, Tabell 5: balance sheet budget (the totals and the long-term debt)."""
    figures = {
        "SUMMA TILLGÅNGAR": "3479  3606  3771  4098  4477",
        "Eget kapital": "-429  -923  -1253  -1253  -993",
        "Årets resultat": "-494  -330  0  260  263",
        "Summa eget kapital": "-923  -1253  -1253  -993  -730",
        "Långfristiga skulder": "441  741  891  891  891",
    }
    return make_table({row: _row(_T5, raws) for row, raws in figures.items()}, table_id="5", caption="Tabell 5. Balansbudget.")


# Regionplan 2026–2028, Tabell 24. Sociala avgifter 2022–2027 (procent av lönesumman).
_T24 = ["2022", "2023", "2024", "2025", "2026", "2027"]


def tabell_24() -> Table:
    """Regionplan 2026–2028, Tabell 24: PO-pålägg per year, 2022–2027 (header order = column order)."""
    figures = {
        "Arbetsgivaravgifter enligt lag": "31,42  31,42  31,42  31,42  31,42  31,42",
        "Avtalsförsäkringar": "0,13  0,13  0,20  0,20  0,20  0,20",
        "Kollektivavtalad pension": "13,67  20,73  25,59  17,00  14,20  12,80",
        "Summa PO-pålägg": "45,22%  52,28%  57,21%  48,62%  45,82%  44,42%",
    }
    return make_table(
        {row: _row(_T24, raws) for row, raws in figures.items()},
        table_id="24",
        caption="Tabell 24. Sociala avgifter 2022–2027.",
        unit="%",
    )


# Regionplan med budget 2020–2022, Bilaga 4: Avgifter, Tabell 13 (enhetstaxa) and Tabell 14 (undantag).
AMBULANCE_ROW = "Ambulansavgift (ingår inte i högkostnadsskyddet) (se kap. 2.6 avgiftshandboken)"


def fee_tables_2020() -> tuple[Table, ...]:
    """Regionplan 2020–2022, Bilaga 4: Tabell 13 and Tabell 14, the open-care fees in kr."""
    tabell_13 = {
        "Vårdbesök oavsett vårdgivarkategori": "300 kr",
        "Gruppbesök och teambesök": "300 kr",
        "Besök via distansöverbryggande teknik2": "300 kr",
        AMBULANCE_ROW: "300 kr",
        "Nödvändig tandvård (relaterat till sjukdomsproblematik)": "300 kr",
        "Debitering uteblivna besök, även avgiftsfria (ingår inte i högkostnadsskyddet)": "300 kr",
        "Hälsoskolor, hela utbildningen": "300 kr",
    }
    tabell_14 = {
        "Vårdbesök på jourtid och på akutmottagning": "400 kr",
        "Screening/riktade hälsokontroller (ingår inte i högkostnadsskyddet)": "",
        "Receptförnyelse per telefon/elektroniskt": "150 kr",
    }
    return tuple(
        make_table(
            {row: {"Avgift": raw} for row, raw in rows.items()},
            table_id=number,
            caption=caption,
            doc_id=PLAN_2020,
            doc_title=PLAN_2020_TITLE,
            unit="kr",
        )
        for number, caption, rows in (
            ("13", "Tabell 13. Enhetstaxa 300 kr", tabell_13),
            ("14", "Tabell 14. Undantag från enhetstaxa", tabell_14),
        )
    )


def open_care_ceiling_2020() -> Cell:
    """Regionplan 2020–2022, Bilaga 4, Högkostnadsskydd öppenvård pga sjukdom: 1 150 kr per 12 månader."""
    return make_cell(
        f"{PLAN_2020}#hogkostnadsskydd-oppenvard",
        "Högkostnadsskydd – tak för patientavgift under 12-månadersperiod (för högkostnadsgrundande avgifter)",
        "Avgift",
        "1 150 kr",
    )


def inpatient_tables_2020() -> tuple[Table, Cell]:
    """Regionplan 2020–2022, Bilaga 4, Tabell 16 (slutenvård): the daily fee and its 30-day ceiling."""
    table = make_table(
        {"0-17 år": {"Avgift": "0 kr"}, "18 år och äldre": {"Avgift": "100 kr"}},
        table_id="16",
        caption="Tabell 16. Slutenvård – inlagd på sjukhus",
        doc_id=PLAN_2020,
        doc_title=PLAN_2020_TITLE,
        unit="kr",
    )
    ceiling = make_cell(f"{PLAN_2020}#16", "Högkostnadsskydd, tak per 30-dagarsperiod", "Avgift", "2400 kr")
    return table, ceiling


# Tertialrapport 1 2026 – Regionstyrelsen, Ekonomisk analys, "Intäkter och kostnader i tkr".
_T1 = ["Ack utfall", "Ack budget", "Bud-Utf Diff", "Ack utfall fg år"]


def costs_t1_2026() -> Table:
    """Tertialrapport 1 2026, Intäkter och kostnader (tkr), January–April, two cost rows."""
    figures = {
        "Personalkostnader": "-217 860  -326 841  108 981  -207 085",
        "Köp av verksamhet": "-373 278  -313 971  -59 306  -367 942",
    }
    return make_table(
        {row: _row(_T1, raws) for row, raws in figures.items()},
        table_id="intakter-och-kostnader",
        caption="Intäkter och kostnader",
        doc_id=T1_2026,
        doc_title=T1_2026_TITLE,
        unit="tkr",
    )


def income_2020() -> Table:
    """Regionplan 2020–2022, Tabell 4. Resultatbudget: tax income and general grants (mkr)."""
    columns = ["Utfall 2018", "Budget 2019", "Prognos 2019", "Budget 2020", "Plan 2021", "Plan 2022"]
    figures = {
        "Skatteintäkter": "2 905,7  2 980,0  2 998,4  3 183,2  3 253,3  3 358,5",
        "Generella statsbidrag *": "793,5  788,5  803,3  1 000,8  1 062,3  1 076,8",
    }
    return make_table(
        {row: _row(columns, raws) for row, raws in figures.items()},
        table_id="4",
        caption="Tabell 4. Resultatbudget",
        doc_id=PLAN_2020,
        doc_title=PLAN_2020_TITLE,
    )


def tax_rate_2026() -> Cell:
    """Regionplan 2026–2028, Budget 2026–2028: "bygger på en utdebitering på 11,70 kronor"."""
    return make_cell(f"{PLAN_2026}#budget-2026-2028", "Utdebitering", "2026–2028", "11,70")
