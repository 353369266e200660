"""The error tree, as the assistant's callers see it.

    PlanError
    ├── IngestError (UnsupportedFormat, EmptyDocument, UnreadablePdf, EncryptedPdf, NoTextLayer)
    ├── IndexNotBuilt
    ├── ModelError
    ├── SettingsError
    └── SessionError

Abstaining is not an error: it is ``Answer(abstained=True, ...)``.
"""

from __future__ import annotations

from index.errors import IndexNotBuilt, ModelError
from ingest.errors import (
    EmptyDocument,
    EncryptedPdf,
    IngestError,
    NoTextLayer,
    PlanError,
    UnreadablePdf,
    UnsupportedFormat,
)


class SettingsError(PlanError):
    """A PA_* setting or CLI option has a value that cannot be used."""


class SessionError(PlanError):
    """A saved conversation cannot be read, or its name cannot be used as a file name."""


__all__ = [
    "EmptyDocument",
    "EncryptedPdf",
    "IndexNotBuilt",
    "IngestError",
    "ModelError",
    "NoTextLayer",
    "PlanError",
    "SessionError",
    "SettingsError",
    "UnreadablePdf",
    "UnsupportedFormat",
]
