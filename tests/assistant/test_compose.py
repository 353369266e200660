"""The sentences an answer in words is built from (assistant.compose.best_sentences).

The passages here are written as another region's plan would be, so the rules are tested on text no dev
question was tuned on: a list a sentence announces, a sentence going on about the one before, a table's
rows run together, a caption after a sentence, and the same sentence in two neighbouring hits.
"""

from __future__ import annotations

from assistant.compose import best_sentences
from index.search import Hit
from ingest.models import Passage


def hits_of(*texts: str) -> list[Hit]:
    """Hits over passages of one made-up plan, best first, each shown with its own text."""
    passages = [Passage("plan.txt", "Regionplan 2030", ("Värdegrund",), None, text, n, (n, n)) for n, text in enumerate(texts)]
    return [Hit(passage, 1.0 - 0.1 * n, None, None, passage.text) for n, passage in enumerate(passages)]


def sentences_for(read, question: str, *texts: str) -> list[str]:
    query = read(question)
    asking = [index for index, part in enumerate(query.parts) if part.asking]
    return [text for text, _ in best_sentences(query, asking, hits_of(*texts), set())]


def test_a_list_the_sentence_announces_comes_whole(read):
    text = (
        "Arbetet vilar på de fyra bärande principer som regionfullmäktige har antagit.\n\n"
        "• Öppenhet - allt underlag för beslut ska vara tillgängligt för medborgarna.\n\n"
        "• Likabehandling - alla invånare ska mötas med samma respekt oavsett bakgrund.\n\n"
        "• Saklighet - besluten ska vila på fakta och på en prövning av varje ärende.\n\n"
        "• Ansvar - den som fattar ett beslut ska också stå för dess följder.\n\n"
        "Regionen följer upp arbetet varje år."
    )
    chosen = sentences_for(read, "Vilka bärande principer vilar arbetet på?", text)
    assert chosen and all(item in chosen[0] for item in ("Öppenhet", "Likabehandling", "Saklighet", "Ansvar"))
    assert "följer upp" not in chosen[0]


def test_a_sentence_going_on_about_the_last_does_not_crowd_out_one_that_answers(read):
    text = (
        "Utredningen om nära vård ska lämna sitt betänkande i mars. Syftet är att stärka vården i hela länet. "
        "Nya krav på tillgänglighet väntas, liksom ett ökat ansvar för kommunerna."
    )
    chosen = " ".join(sentences_for(read, "Vad väntas utredningen om nära vård leda till?", text))
    assert "Nya krav på tillgänglighet väntas" in chosen


def test_a_tables_rows_run_together_are_not_an_answer_in_words(read):
    table = "Investeringsram (Mkr) Plan 2031 Plan 2032 Nyinvesteringar 91 52 35 4 56 15 30 Reinvesteringar 229 84 109 36 198"
    sentence = "Regionfullmäktige beslutar om investeringsramen för de närmaste tre åren."
    chosen = sentences_for(read, "Vem beslutar om investeringsramen, och hur ser den ut?", sentence, table)
    assert chosen and not any("229 84" in text for text in chosen)


def test_a_caption_does_not_complete_the_sentence_before_it(read):
    text = "Det blir i praktiken omöjligt att återställa underskottet på tre år.\n\nFigur 2. Resultat 2011–2014"
    chosen = sentences_for(read, "Gick det att återställa underskottet på tre år?", text)
    assert chosen and "Figur" not in chosen[0]


def test_the_same_sentence_in_two_hits_is_said_once(read):
    sentence = "Det blir i praktiken omöjligt att återställa underskottet på tre år."
    chosen = sentences_for(read, "Gick det att återställa underskottet på tre år?", sentence, f"Underskottet växer. {sentence}")
    assert sum(sentence in text for text in chosen) == 1
