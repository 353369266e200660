"""A document's furniture: who signed it, what its page header and footer say.

Class of question: "Vem har skrivit under tjänsteskrivelsen?", "Vilket datum står i sidhuvudet på
summeringen?", "Enligt tjänsteskrivelsens sidfot – vilket organ ska behandla ärendet?", "Vilket diarienummer
har tjänsteskrivelsen?". A Swedish
official paper signs off "I tjänsten" (or "Med vänlig hälsning") above its signatories, and its header
and footer (department, date, handläggare, diarienummer, recipient) are the first lines of its first
passage and the last lines of its last. When the question names the piece and the document, that piece
is the answer: quoted as the document prints it, cited, nothing read into it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.accept import part_documents, part_scope, specific_words
from assistant.candidates import Candidate, Evidence, Line, Usage
from assistant.matching import Text, names
from assistant.query import YEAR, Query
from assistant.registers import DIARY_NUMBER  # a document's own stands in its header or footer
from ingest.models import Passage

# The pieces a question may name, with the Swedish words that name them.
PIECES = (
    ("signature", "Underskriften", re.compile(r"\b(?:skri\w* under|undertecknat\w*|underskrift\w*|signer\w*)", re.I)),
    ("header", "Sidhuvudet", re.compile(r"\bsidhuvud\w*", re.I)),
    ("footer", "Sidfoten", re.compile(r"\bsidfot\w*", re.I)),
    ("diary", "Diarienumret", re.compile(r"\bdiarienum\w*|\bdnr\b", re.I)),
)
# Where a letter's signatures begin and where the list after them ("Utdrag till", "Bilagor") begins.
SIGN_OFF = re.compile(r"(?m)^\s*(?:I tjänsten|Med vänlig(?:a)? hälsning(?:ar)?)\s*$")
AFTER_SIGNATURES = re.compile(r"(?m)^\s*(?:Utdrag till|Bilag(?:a|or)|Kopia till|Sändlista)\b")


def candidates(query: Query, index: int, corpus: Sequence[Passage], titles: dict[str, str]) -> list[Candidate]:
    """The named piece of the named document, for a part (with its scene-setting parts) that names both."""
    _part, scope = part_scope(query, index)
    asked = " ".join(query.text[query.parts[i].start : query.parts[i].end] for i in scope)
    piece = next(((kind, label) for kind, label, cue in PIECES if cue.search(asked)), None)
    documents = part_documents(query, index) - query.excluded_documents
    if piece is None or not documents:
        return []
    kind, label = piece
    cue = next(c for k, _, c in PIECES if k == kind)
    if kind == "diary" and [w for w in specific_words(query, index) if not cue.search(w.text)]:
        return []  # "Vilket diarienummer har folkhögskoleplanen?" asks a register row, not the plan's own number
    found = []
    for doc_id in sorted(documents):
        passages = sorted((p for p in corpus if p.doc_id == doc_id), key=lambda p: p.order)
        located = _located(kind, passages)
        if located is None:
            continue
        passage, text = located
        words = frozenset(w.stem for i in scope for w in query.parts[i].words)
        usage = Usage(
            years=frozenset(y.year for y in query.parts[index].years) | {int(y) for y in YEAR.findall(text)},
            documents=frozenset({doc_id}),
            boards=frozenset(b.name for b in query.boards if names(b.name, Text.of(text))),
            words=words,  # the piece named is what the part asks about, whatever it calls its contents
        )
        title = titles.get(doc_id, doc_id)
        line = Line(f"{label} i {title}: ”{text}”", 0)
        evidence = (Evidence(doc_id, passage.source_lines[0], text),)
        found.append(Candidate("furniture", index, (line,), evidence, usage, 2.0, figure=False))
    return found


def _located(kind: str, passages: list[Passage]) -> tuple[Passage, str] | None:
    """The passage holding the piece and the piece's text, flattened to one line."""
    if not passages:
        return None
    if kind == "signature":
        for passage in passages:
            opening = SIGN_OFF.search(passage.text)
            if opening:
                rest = passage.text[opening.start() :]
                end = AFTER_SIGNATURES.search(rest)
                return passage, _flat(rest[: end.start()] if end else rest)
        return None
    header = (passages[0], _flat(passages[0].text.split("\n\n")[0]))
    footer = (passages[-1], _flat(passages[-1].text.rstrip().split("\n\n")[-1]))
    if kind == "diary":
        return next((piece for piece in (footer, header) if DIARY_NUMBER.search(piece[1])), None)
    return header if kind == "header" else footer


def _flat(text: str) -> str:
    return " ".join(text.split())
