"""The Uppdrag page's data: the board-centred registry with Swedish headings, its filters and CSV export."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from assistant.owners import board_view
from index.search import Retriever
from ingest.assignments import Record

ASSIGNMENT_COLUMNS = {
    "board": "Nämnd/styrelse",
    "year": "År",
    "goal_area": "Målområde",
    "text": "Uppdrag",
    "status": "Status",
    "comment": "Kommentar",
    "reported_by": "Rapporterat av",
    "owners": "Ägare",
    "doc_id": "Dokument",
}
"""The registry columns shown and exported, in order: board_view column → Swedish heading."""


def assignment_filters(registry: Sequence[Record]) -> dict[str, list]:
    """The values each filter can take: boards, years (newest first) and statuses, from the whole registry."""
    frame = board_view(registry)
    return {
        "board": sorted(frame["board"].dropna().unique().tolist()),
        "year": sorted((int(year) for year in frame["year"].dropna().unique()), reverse=True),
        "status": sorted(frame["status"].dropna().unique().tolist()),
    }


def assignment_table(
    registry: Sequence[Record], board: str | None = None, year: int | None = None, status: str | None = None
) -> pd.DataFrame:
    """The filtered registry (``assistant.owners.board_view``) with the shown columns under Swedish headings."""
    frame = board_view(registry, board=board, year=year, status=status)
    return frame[list(ASSIGNMENT_COLUMNS)].rename(columns=ASSIGNMENT_COLUMNS)


def to_csv(frame: pd.DataFrame) -> bytes:
    """CSV for Swedish Excel: semicolon-separated, UTF-8 with BOM so å, ä and ö survive."""
    return frame.to_csv(index=False, sep=";").encode("utf-8-sig")


def assignment_sources(
    registry: Sequence[Record], retriever: Retriever, board: str | None = None, year: int | None = None, status: str | None = None
) -> dict[str, tuple[str, str]]:
    """Per shown uppdrag text: its source heading (document, section, lines) and passage with neighbours."""
    frame = board_view(registry, board=board, year=year, status=status)
    sources: dict[str, tuple[str, str]] = {}
    for row in frame.itertuples():
        if row.text in sources or not isinstance(row.source_lines, (tuple, list)):
            continue
        position = retriever.position_of_line(row.doc_id, row.source_lines[0])
        if position is None:
            continue
        passage = retriever.passages[position]
        heading = f"{passage.doc_title} – {' > '.join(passage.section_path)} – rad {row.source_lines[0]}–{row.source_lines[1]}"
        sources[row.text] = (heading, retriever.context(position))
    return sources
