"""The Uppdrag page's data: the board-centred registry with Swedish headings, its filters, sources and CSV export."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from assistant.owners import board_view
from index.search import Retriever
from ingest.assignments import Record
from ui.tables import is_missing, swedish_table

ASSIGNMENT_COLUMNS = {
    "board": "Nämnd/styrelse",
    "year": "År",
    "status": "Status",
    "goal_area": "Målområde",
    "text": "Uppdrag",
    "comment": "Kommentar",
    "reported_by": "Rapporterat av",
    "owners": "Ägare",
    "doc_id": "Dokument",
}
"""The registry columns shown and exported, in order: board_view column → Swedish heading.

Status comes early, so it shows without scrolling past the long uppdrag texts.
"""

NO_STATUS = "Ingen status rapporterad"
"""The Status cell of an uppdrag no indexed document follows up (a filter choice too)."""
NO_STATUS_CAPTION = (
    f"”{NO_STATUS}” betyder: ingen status rapporterad i de indexerade dokumenten. "
    "En status finns bara där nämndens egen uppföljning, till exempel en tertialrapport, är indexerad."
)


def assignment_filters(registry: Sequence[Record]) -> dict[str, list]:
    """The values each filter can take: boards, years (newest first) and statuses, from the whole registry.

    An uppdrag without a reported status can be filtered for too, as ``NO_STATUS``.
    """
    frame = board_view(registry)
    statuses = sorted(frame["status"].dropna().unique().tolist())
    return {
        "board": sorted(frame["board"].dropna().unique().tolist()),
        "year": sorted((int(year) for year in frame["year"].dropna().unique()), reverse=True),
        "status": statuses + ([NO_STATUS] if frame["status"].isna().any() else []),
    }


def assignment_rows(
    registry: Sequence[Record], board: str | None = None, year: int | None = None, status: str | None = None
) -> pd.DataFrame:
    """``assistant.owners.board_view`` filtered; ``status=NO_STATUS`` keeps the uppdrag no one has reported on.

    An uppdrag only a report names (the board's own, not in the plan) takes the report as its document.
    """
    frame = board_view(registry, board=board, year=year, status=None if status == NO_STATUS else status)
    if status == NO_STATUS:
        frame = frame[frame["status"].isna()].reset_index(drop=True)
    return frame.assign(doc_id=frame["doc_id"].fillna(frame["follow_up_doc_id"]))


def assignment_table(
    registry: Sequence[Record], board: str | None = None, year: int | None = None, status: str | None = None
) -> pd.DataFrame:
    """The filtered registry with the shown columns under Swedish headings, every cell as Swedish text."""
    frame = assignment_rows(registry, board, year, status)[list(ASSIGNMENT_COLUMNS)].rename(columns=ASSIGNMENT_COLUMNS)
    return swedish_table(frame, {ASSIGNMENT_COLUMNS["status"]: NO_STATUS})


def to_csv(frame: pd.DataFrame) -> bytes:
    """CSV for Swedish Excel: semicolon-separated, UTF-8 with BOM so å, ä and ö survive."""
    return frame.to_csv(index=False, sep=";").encode("utf-8-sig")


def assignment_sources(
    registry: Sequence[Record], retriever: Retriever, board: str | None = None, year: int | None = None, status: str | None = None
) -> dict[str, list[tuple[str, str]]]:
    """Per shown uppdrag text: its sources as (heading, passage with neighbours), the plan's first, then each report's.

    The heading names the document, the section and the lines: "Regionplan och budget 2026–2028 –
    Målområde för Kollektivtrafik > Uppdrag … – rad 831–831".
    """
    sources: dict[str, list[tuple[str, str]]] = {}
    for row in assignment_rows(registry, board, year, status).itertuples():
        found = sources.setdefault(row.text, [])
        for doc_id, lines in ((row.doc_id, row.source_lines), (row.follow_up_doc_id, row.follow_up_lines)):
            source = _source(retriever, doc_id, lines)
            if source and source not in found:
                found.append(source)
    return {text: found for text, found in sources.items() if found}


def _source(retriever: Retriever, doc_id: object, lines: object) -> tuple[str, str] | None:
    """The passage holding ``lines`` of ``doc_id``, as (heading, text with neighbours); None if it is not indexed."""
    if is_missing(doc_id) or not isinstance(lines, tuple | list):
        return None
    position = retriever.position_of_line(str(doc_id), lines[0])
    if position is None:
        return None
    passage = retriever.passages[position]
    heading = f"{passage.doc_title} – {' > '.join(passage.section_path)} – rad {lines[0]}–{lines[1]}"
    return heading, retriever.context(position)
