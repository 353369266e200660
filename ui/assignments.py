"""The Uppdrag page's data: the board-centred registry with Swedish headings, its filters and CSV export."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from assistant.owners import board_view
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
