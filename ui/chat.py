"""The chat page's data: an answer as downloadable Markdown, its calculation steps and source cells, filters, highlights."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pandas as pd

from assistant.compose import STEPS_HEADING, citation_heading
from assistant.models import Answer
from index.analysis import TOKEN, stems
from ingest.text import years_in
from ui.tables import swedish_table

SOURCE_COLUMNS = {
    "table_id": "Tabell",
    "row_label": "Rad",
    "col_label": "Kolumn",
    "raw": "Värde",
    "source_line": "Rad i dokumentet",
}
"""The calculation's source cells as shown: dictionary key → Swedish column heading."""


def answer_markdown(answer: Answer) -> str:
    """The answer as a Markdown file: the question, the answer text and every source with its passage.

    Examples
    --------
    >>> print(answer_markdown(Answer("Vad?", "Ett svar.")))
    # Vad?
    <BLANKLINE>
    Ett svar.
    <BLANKLINE>
    """
    parts = [f"# {answer.question}", "", answer.text, ""]
    if answer.citations:
        parts += ["## Källor", ""]
        for number, citation in enumerate(answer.citations, start=1):
            quoted = "\n".join(f"> {line}" if line.strip() else ">" for line in citation.text.strip().splitlines())
            parts += [f"### {citation_heading(number, citation)}", "", quoted, ""]
    return "\n".join(parts)


def download_name(answer: Answer, number: int) -> str:
    """The file name of the downloaded answer: ``svar-3.md`` for the third answer of the conversation."""
    return f"svar-{number}.md"


def answer_lead(answer: Answer) -> str:
    """The answer text the chat shows: for a calculation the result without its steps, which the chat shows once, below.

    >>> text = "UB 2029: -214 mkr. [1]\\n\\nSå här är det beräknat:\\n1. IB -1 005."
    >>> answer_lead(Answer("Vad?", text, calculation={"steps": ["IB -1 005."]}))
    'UB 2029: -214 mkr. [1]'
    """
    if not answer.calculation or STEPS_HEADING not in answer.text:
        return answer.text
    return answer.text.split(STEPS_HEADING, 1)[0].rstrip()


def calculation_steps(calculation: Mapping | None) -> list[str]:
    """The numbered steps of an answer's calculation (``Answer.calculation``), or none."""
    if not calculation:
        return []
    return [f"{number}. {step}" for number, step in enumerate(calculation.get("steps", ()), start=1)]


def source_cells(calculation: Mapping | None) -> pd.DataFrame:
    """The table cells a calculation used, one row each, with Swedish column headings."""
    cells = (calculation or {}).get("sources", ())
    frame = pd.DataFrame([{key: cell.get(key) for key in SOURCE_COLUMNS} for cell in cells], columns=list(SOURCE_COLUMNS))
    frame["table_id"] = frame["table_id"].map(lambda table_id: _table_label(table_id))
    return swedish_table(frame.rename(columns=SOURCE_COLUMNS))


def _table_label(table_id: object) -> object:
    """``regionplan-och-budget-2026-2028.txt#tabell-3`` → ``regionplan-och-budget-2026-2028.txt, tabell 3``."""
    if not isinstance(table_id, str) or "#" not in table_id:
        return table_id
    document, table = table_id.split("#", 1)
    return f"{document}, {table.replace('-', ' ')}"


def document_choices(documents: Mapping[str, Mapping]) -> dict[str, str]:
    """The sidebar filter's choices: document title → document id, sorted by title."""
    choices = {str(meta.get("title") or doc_id): doc_id for doc_id, meta in documents.items()}
    return dict(sorted(choices.items()))


def selected_documents(titles: Iterable[str], choices: Mapping[str, str]) -> set[str] | None:
    """The ``documents`` argument of ``Assistant.answer`` for the chosen titles; None (all) when none are chosen."""
    chosen = {choices[title] for title in titles if title in choices}
    return chosen or None


def document_years(passages: Iterable, documents: Mapping[str, Mapping]) -> dict[str, set[int]]:
    """The years each document is about: its passages' ``year_span`` and its period."""
    years: dict[str, set[int]] = {doc_id: set(years_in(str(meta.get("period") or ""))) for doc_id, meta in documents.items()}
    for passage in passages:
        years.setdefault(passage.doc_id, set()).update(passage.year_span)
    return years


def year_choices(years: Mapping[str, set[int]]) -> list[int]:
    """The sidebar's year filter choices: every year a document is about, in order."""
    return sorted(set().union(*years.values())) if years else []


def documents_in_years(chosen: Iterable[int], years: Mapping[str, set[int]]) -> set[str] | None:
    """The documents about any of the chosen years; None (all) when no year is chosen."""
    wanted = set(chosen)
    if not wanted:
        return None
    return {doc_id for doc_id, about in years.items() if about & wanted}


def combined_filter(*filters: set[str] | None) -> set[str] | None:
    """Documents every filter allows; None when no filter is set, an empty set when none is left."""
    chosen = [documents for documents in filters if documents is not None]
    if not chosen:
        return None
    return set.intersection(*(set(documents) for documents in chosen))


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$=:])")


def escape_markdown(text: str) -> str:
    r"""``text`` with Markdown's special characters backslash-escaped.

    >>> escape_markdown("*IB* [1] 1.5")
    '\\*IB\\* \\[1\\] 1\\.5'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def highlight_matches(passage: str, question: str) -> str:
    r"""The passage as Markdown, escaped and line for line, with the words whose stem is one of the question's in **bold**.

    >>> highlight_matches("Lånetaket höjs.", "Vilket lånetak gäller?")
    '**Lånetaket** höjs\\.'
    """
    wanted = set(stems(question))
    parts: list[str] = []
    position = 0
    for match in TOKEN.finditer(passage):
        word = match.group()
        word_stems = stems(word)
        if word_stems and word_stems[0] in wanted:
            parts += [escape_markdown(passage[position : match.start()]), f"**{escape_markdown(word)}**"]
            position = match.end()
    parts.append(escape_markdown(passage[position:]))
    # Keep the passage's lines (a hard break each), without indentation Markdown would read as code.
    return "  \n".join(line.strip() for line in "".join(parts).splitlines())
