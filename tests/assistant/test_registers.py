"""Registers of steering documents (assistant.registers): the row a plan lists for the document asked about."""

from __future__ import annotations

import pytest

from assistant.registers import rows

# A register as a plan from another year and region would print it, run together as text extraction leaves it.
OTHER_PLAN = (
    "Bilaga 2 Styrdokument Dokument Dokumenttyp Varaktighet Dnr Beslutad av "
    "Kulturstrategi för Västernorrland 2025–2028 Strategi 2025–2028 RS/77/2024 Regionfullmäktige 2024-06-12, § 88 "
    "Policy för hållbara resor Policy Tills vidare RS/1203/2021 Regionstyrelsen 2022-01-19, §4 "
    "Regional biblioteksplan Plan 2024–2027 KUN/15/2023 Kulturnämnden 2023-12-05"
)


def test_rows_of_a_register_from_another_plan():
    found = rows(OTHER_PLAN)
    assert [row.text for row in found] == [
        "Kulturstrategi för Västernorrland 2025–2028 Strategi 2025–2028 RS/77/2024 Regionfullmäktige 2024-06-12, § 88",
        "Policy för hållbara resor Policy Tills vidare RS/1203/2021 Regionstyrelsen 2022-01-19, §4",
        "Regional biblioteksplan Plan 2024–2027 KUN/15/2023 Kulturnämnden 2023-12-05",
    ]
    assert found[0].columns == "Dokument Dokumenttyp Varaktighet Dnr Beslutad av"


def test_running_text_with_a_diarienummer_is_no_register():
    text = "Uppdraget (RS/1781/2015) redovisas i oktober. Beslutet fattades 2015, § 12."
    assert rows(text) == []


def test_a_passage_inside_a_register_without_its_header_is_read_by_its_rows():
    middle = (
        "§ 35 Logotype Tills vidare RS/619/2023 Regionfullmäktige 2024-10-23, § 118 "
        "Miljöpolicy Policy Tills vidare RS/1534/2017 Regionfullmäktige 2022-04-27, § 46"
    )
    assert [row.name for row in rows(middle)] == ["Logotype Tills vidare", "Miljöpolicy Policy Tills vidare"]


@pytest.mark.parametrize(
    ("question", "row"),
    [
        # Regionplan och budget 2026–2028, Bilaga 1 and the målområden's tables of styrdokument
        (
            "När beslutades demokratistrategin, och av vem?",
            "Demokratistrategi Strategi Tills vidare RS/41/2021 Regionfullmäktige",
        ),
        ("Vilken sorts styrdokument är miljöpolicyn?", "Miljöpolicy Policy Tills vidare RS/1534/2017 Regionfullmäktige"),
        ("Vilken biblioteksplan hänvisar regionplanen till?", "Regional biblioteksplan för Jämtland Härjedalen 2024– 2027"),
        # Regionplan med budget 2020–2022, whose second register puts the date before the deciding body
        ("Vilken länstransportplan listar regionplanen 2020–2022?", "Länstransportplan 2018-2029 för Jämtlands län"),
        (
            "Vem beslutade om regler för parkeringar enligt regionplanen 2020–2022?",
            "Regler för parkeringar RS/1049/2018 2019-01-30",
        ),
    ],
)
def test_the_row_that_names_the_document_answers(seed_assistant, question, row):
    answer = seed_assistant.answer(question)
    assert answer.text.startswith(f"”{row}")
    assert "förteckningen över styrdokument" in answer.text
    assert answer.citations and row.split()[0] in answer.citations[0].text


def test_a_document_no_register_lists_gets_no_row(seed_assistant):
    answer = seed_assistant.answer("När beslutades rymdstrategin, och av vem?")
    assert "förteckningen över styrdokument" not in answer.text
