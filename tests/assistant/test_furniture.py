"""A document's furniture (assistant.furniture): its signatures, page header and footer, quoted when asked for."""

from __future__ import annotations

import pytest

from assistant.furniture import _located
from ingest.models import Passage


def letter(*texts: str) -> list[Passage]:
    """Another region's letter, passage by passage."""
    return [Passage("brev.txt", "Tjänsteskrivelse: Årsredovisning 2031", (), None, t, n, (n, n)) for n, t in enumerate(texts)]


def test_signatures_after_a_sign_off_up_to_the_list_that_follows():
    passages = letter(
        "Förvaltningen 2031-02-01 Anna Berg\n\nÅrsredovisningen visar ett överskott.",
        "Förvaltningens förslag\n\nÅrsredovisningen godkänns.\n\nMed vänlig hälsning\n\nAnna Berg\nEkonomidirektör\n\n"
        "Bilagor\n\nÅrsredovisning 2031",
    )
    assert _located("signature", passages)[1] == "Med vänlig hälsning Anna Berg Ekonomidirektör"


def test_header_is_the_first_lines_and_footer_the_last():
    first = "Förvaltningen 2031-02-01 Anna Berg\n\nÅrsredovisningen visar ett överskott."
    passages = letter(first, "Slut.\n\nRF/12/2031 Regionstyrelsen")
    assert _located("header", passages)[1] == "Förvaltningen 2031-02-01 Anna Berg"
    assert _located("footer", passages)[1] == "RF/12/2031 Regionstyrelsen"


def test_a_letter_without_a_sign_off_has_no_signatures():
    assert _located("signature", letter("Regionplanen antas.")) is None


@pytest.mark.parametrize(
    ("question", "quoted"),
    [
        ("Vem har undertecknat tjänsteskrivelsen?", "Underskriften i Tjänsteskrivelse"),
        ("Vilket diarienummer står i tjänsteskrivelsens sidfot?", "RS/997/2025"),
        ("Vad står i sidhuvudet på summeringen?", "Ledningsstöd och beredskap 2026-05-04"),
        ("Vilket dnr har tjänsteskrivelsen?", "RS/997/2025"),
    ],
)
def test_the_named_piece_of_the_named_document_is_quoted(seed_assistant, question, quoted):
    answer = seed_assistant.answer(question)
    assert quoted in answer.text.split("[1]")[0]
    assert answer.citations


def test_a_piece_of_no_named_document_is_not_guessed(seed_assistant):
    assert "Sidfoten i" not in seed_assistant.answer("Vad står i sidfoten?").text


def test_a_register_rows_diarienummer_is_not_the_plans_own(seed_assistant):
    answer = seed_assistant.answer("Vilket diarienummer har folkhögskoleplanen enligt regionplanen 2026–2028?")
    assert "RUN/35/2020" in answer.text.split("\n")[0] and "Diarienumret i" not in answer.text
