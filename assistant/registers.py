"""Registers of steering documents: which document a plan lists, of what kind, decided when and by whom.

Class of question: "Vilken sorts styrdokument är styrmodellen, och när och av vem beslutades den?",
"Vilken kulturplan hänvisar regionplanen till?", "Vilket trafikförsörjningsprogram listar planen bland
styrdokumenten?". A plan's appendix of steering documents is a table with the columns "Dokument …
Dnr … Beslutad av" (or "Beslutsorgan"); in the text its rows run together, but each holds one
diarienummer ("RS/342/2022", "RUN/12/2021") and ends with the decision's paragraph ("2023-06-21, § 74").
The row whose document name holds the part's most specific word answers the part: quoted whole, with
the table's column names, cited. Nothing is read into it; the reader sees the row as the plan states it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.accept import most_specific_word, part_documents
from assistant.candidates import Candidate, Evidence, Line, Usage
from assistant.matching import Text, coverage, found, names, same_word
from assistant.query import OPERATION_STEMS, YEAR, YEAR_RANGE, Query, Word, is_verb
from ingest.models import Passage

# A Swedish diarienummer: the registering body's letters, a running number and the year.
DIARY_NUMBER = re.compile(r"(?<![\w/])[A-ZÅÄÖ]{2,5}/\d{1,5}/\d{4}(?![\w/])")
# The paragraph of the minutes that records the decision; it closes a row.
PARAGRAPH = re.compile(r"§\s?\d+")
# A register's header: "Dokument Dokumenttyp Varaktighet Dnr Beslutad av", "Dokument Dnr Fastställd Beslutsorgan".
HEADER = re.compile(r"\bDokument(?:\s+[A-ZÅÄÖa-zåäö]+){0,3}?\s+Dnr(?:\s+[A-ZÅÄÖa-zåäö]+){0,2}?\s+(?:Beslutad av|Beslutsorgan)\b")
# What may follow the diarienummer of a row without a paragraph: the deciding body and the date, in either order.
DATE = r"\s+\d{4}-\d{2}-\d{2}(?:\s*--\s*\d+)?"
ROW_TAIL = re.compile(rf"(?:{DATE})?(?:\s+[A-ZÅÄÖ][\wåäö-]*(?:fullmäktige|styrelse|nämnd)\w*)?(?:{DATE})?,?")
# The end of the row before, when a passage starts inside it ("§ 107 Policy för informationsförvaltning …").
LEFTOVER = re.compile(r"^[\s,]*(?:\d{4}-\d{2}-\d{2},?\s*)?(?:§\s?\d+)?")
# Rows a passage without the register's header must hold (diarienummer and paragraphs) to be read as one.
MIN_ROWS = 2


@dataclass(frozen=True)
class Row:
    """One row of a register: its text, where the document's name ends (at the diarienummer) and the columns."""

    text: str
    name: str
    columns: str


def rows(text: str) -> list[Row]:
    """The rows of the registers in a passage's text (none when it has no register header)."""
    headers = list(HEADER.finditer(text))
    numbers = list(DIARY_NUMBER.finditer(text))
    if not headers and (len(numbers) < MIN_ROWS or len(PARAGRAPH.findall(text)) < MIN_ROWS):
        return []  # a passage inside a register whose header another passage holds still has its rows
    found_rows = []
    start = 0
    for position, number in enumerate(numbers):
        following = numbers[position + 1].start() if position + 1 < len(numbers) else len(text)
        closing = PARAGRAPH.search(text, number.end(), following)
        end = closing.end() if closing else number.end() + ROW_TAIL.match(text, number.end()).end() - number.end()
        begin = max([start] + [h.end() for h in headers if h.end() <= number.start()])
        head = LEFTOVER.sub("", text[begin : number.start()]).strip(" ,")
        columns = max((h for h in headers if h.start() < number.start()), key=lambda h: h.start(), default=None)
        columns = columns or (headers[0] if headers else None)
        found_rows.append(Row(f"{head} {text[number.start() : end]}".strip(" ,"), head, columns.group(0) if columns else ""))
        start = end
    return found_rows


def _years(text: str) -> frozenset[int]:
    """The years a row covers: each it names, and every year of a period ("2024–2027")."""
    years = {int(y) for y in YEAR.findall(text)}
    for match in YEAR_RANGE.finditer(text):
        years |= set(range(int(match.group(1)), int(match.group(2)) + 1))
    return frozenset(years)


def candidates(query: Query, index: int, passages: Sequence[Passage], titles: dict[str, str]) -> list[Candidate]:
    """The register rows (best passage first) whose document name holds the part's most specific word."""
    part = query.parts[index]
    key = most_specific_word(query, index, min_weight=0.0) or _borrowed_key(query, index)
    if key is None:
        return []
    documents = part_documents(query, index)
    proposed = []
    for passage in passages:
        if documents and passage.doc_id not in documents:
            continue
        for row in rows(passage.text):
            if not found(key.stem, Text.of(row.name), (key.correction or key.text).lower(), not key.known):
                continue
            # the column "Dnr" is the row's diarienummer, as the question may spell it out
            spelled = "diarienummer" if re.search(r"\bDnr\b", row.columns) or DIARY_NUMBER.search(row.text) else ""
            context = Text.of(" ".join([*passage.section_path, row.columns, row.text, spelled]))
            share, words = coverage(part.words, context)
            usage = Usage(
                years=_years(row.text),
                documents=frozenset({passage.doc_id}),
                boards=frozenset(b.name for b in query.boards if names(b.name, Text.of(row.text))),
                words=words,
            )
            columns = f"; kolumner: {', '.join(_column_names(row.columns))}" if row.columns else ""
            title = titles.get(passage.doc_id, passage.doc_id)
            line = Line(f"”{row.text}” ({title}, förteckningen över styrdokument{columns})", 0)
            evidence = (Evidence(passage.doc_id, passage.source_lines[0], row.text),)
            exact = any(same_word(key.stem, stem) for stem in Text.of(row.name).stems)
            proposed.append(Candidate("register", index, (line,), evidence, usage, 1.0 + share + exact, figure=False))
    return proposed


def _borrowed_key(query: Query, index: int) -> Word | None:
    """An elliptic part's most specific word from the part it leans on ("… och när beslutades den?")."""
    words = [w for w in query.parts[index].words if w.stem not in OPERATION_STEMS and not is_verb(w)]
    return max(words, key=lambda w: w.weight, default=None)


def _column_names(header: str) -> list[str]:
    """ "Dokument Dokumenttyp Varaktighet Dnr Beslutad av" as its columns (the two-word last one kept whole)."""
    last = "Beslutad av" if header.endswith("Beslutad av") else header.split()[-1]
    return [*header[: len(header) - len(last)].split(), last]
