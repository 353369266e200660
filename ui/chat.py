"""The chat page's data: an answer as downloadable Markdown, its calculation steps and source cells."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from assistant.compose import citation_heading
from assistant.models import Answer

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
    return frame.rename(columns=SOURCE_COLUMNS)


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
