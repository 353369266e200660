"""Errors of the index stage; see ingest.errors for the whole tree."""

from __future__ import annotations

from ingest.errors import PlanError


class IndexNotBuilt(PlanError):
    """No complete, current index exists on disk."""

    def __init__(self, reason: str = "Index saknas") -> None:
        super().__init__(f"{reason} – kör: python -m assistant ingest")


class ModelError(PlanError):
    """The embedding model cannot be found or is not the file we expect."""
