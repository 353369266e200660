"""Figures stated in running text (assistant.statements): which figure a sentence states for what.

The passages are another region's fee list, so the rules are tested on text no dev question was tuned on.
"""

from __future__ import annotations

from assistant import statements
from ingest.models import Passage


def fee_list(*sections: tuple[tuple[str, ...], str]) -> list[Passage]:
    return [Passage("taxa.txt", "Avgiftshandbok 2031", path, None, text, n, (n, n)) for n, (path, text) in enumerate(sections)]


def figures_for(read, vocabulary, question: str, passages: list[Passage]) -> list[str]:
    query = read(question)
    found = statements.candidates(query, 0, passages, vocabulary, strict=True, corpus=passages)
    return [candidate.lines[0].text.split(":")[0] for candidate in found]


def test_a_figure_in_one_alternative_is_not_the_others(read, vocabulary):
    passages = fee_list(
        (("Körkortsintyg",), "Avgiften för körkortsintyg är antingen fast avgift om 600 kr eller timtaxa enligt tabell.")
    )
    assert "600 kr" not in figures_for(read, vocabulary, "Vad är timtaxan för körkortsintyg?", passages)
    assert "600 kr" in figures_for(read, vocabulary, "Vad är den fasta avgiften för körkortsintyg?", passages)


def test_a_table_caption_stands_under_the_heading_before_it(read, vocabulary):
    passages = fee_list(
        (
            ("Körkortsintyg – Blå taxan",),
            "Avgiften för körkortsintyg är antingen fast avgift om 600 kr eller timtaxa enligt tabell.",
        ),
        (("Tabell 9. Timtaxa",), "Timtaxa 410 kr exkl. moms per påbörjad 15-minutersperiod."),
    )
    assert "410 kr" in figures_for(read, vocabulary, "Vad är timtaxan för körkortsintyg?", passages)


def test_a_figure_alone_states_nothing(read, vocabulary):
    # a table's cell cut loose from its row ("33,2 %") borrows every word from its neighbours
    passages = fee_list((("Nyckeltal",), "Leverantörstrohet i regionen följs upp varje tertial.\n\n33,2 %"))
    assert "33,2 %" not in figures_for(read, vocabulary, "Hur hög var leverantörstroheten i regionen?", passages)


def test_a_figure_said_to_be_another_measure_is_not_the_one_asked(read, vocabulary):
    # "… 400 000 kronor i bidragstak …": the figure is a cap, not what the clinic costs
    text = "För år 2032 blir det 400 000 kronor i bidragstak för vårdcentralen i Vemdalen."
    passages = fee_list((("Investeringar",), text))
    assert "400 000 kronor" not in figures_for(read, vocabulary, "Hur mycket kostar vårdcentralen i Vemdalen 2032?", passages)
    assert "400 000 kronor" in figures_for(
        read, vocabulary, "Hur stort är bidragstaket för vårdcentralen i Vemdalen 2032?", passages
    )
