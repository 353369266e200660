"""Citations name their pages: the heading's "s. 12–13" and the JSON contract's ``page`` and ``pages``."""

from __future__ import annotations

import pytest

from assistant.compose import citation_heading, page_label
from assistant.models import Citation


def citation(page: int | None, pages: tuple[int, ...] = ()) -> Citation:
    return Citation("id", "plan.pdf", "Regionplan och budget 2026–2028", "Tabell 7", page, "Lånetak 750 850 950", 1.0, pages)


@pytest.mark.parametrize(
    ("pages", "label"),
    [((41,), "s. 41"), ((12, 13), "s. 12–13"), ((12, 13, 14), "s. 12–14"), ((12, 14), "s. 12, 14"), ((), "")],
)
def test_page_label(pages, label):
    assert page_label(pages) == label


def test_heading_names_every_page_of_the_shown_text():
    assert citation_heading(2, citation(12, (12, 13))) == "[2] Regionplan och budget 2026–2028 – Tabell 7 – s. 12–13"


def test_heading_of_a_citation_without_pages_uses_its_page():
    assert citation_heading(1, citation(41)).endswith("– s. 41")
    assert citation_heading(1, citation(None)) == "[1] Regionplan och budget 2026–2028 – Tabell 7"


def test_json_contract_has_page_and_pages():
    data = citation(12, (11, 12, 13)).to_dict()

    assert (data["page"], data["pages"]) == (12, [11, 12, 13])
    assert citation(None).to_dict()["pages"] == []
