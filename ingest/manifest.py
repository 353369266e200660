"""The documents folder's manifest (manifest.toml): per-file metadata, read without trusting it."""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path

from ingest.models import DocumentMeta, Line

log = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.toml"
META_FIELDS = ("title", "kind", "organ", "period", "date", "diarienummer")


def read_manifest(documents_dir: Path) -> dict[str, dict[str, str]]:
    """Per-file metadata from ``documents_dir/manifest.toml``; an unreadable manifest is logged and ignored."""
    path = documents_dir / MANIFEST_NAME
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        log.warning("%s kunde inte läsas (%s) – titlar tas från dokumentens text", path, error)
        return {}
    return {name: entry for name, entry in data.items() if isinstance(entry, dict)}


def document_meta(doc_id: str, entry: dict[str, str] | None, lines: list[Line]) -> DocumentMeta:
    """Metadata from the manifest entry, the title falling back to the document's first line."""
    entry = entry or {}
    values = {field: str(entry[field]) for field in META_FIELDS if entry.get(field) is not None}
    values.setdefault("title", title_from_text(lines) or doc_id)
    return DocumentMeta(doc_id=doc_id, **values)


def title_from_text(lines: list[Line]) -> str | None:
    """The first line that reads like a title: a few words with letters, not a date or name line."""
    for line in lines[:15]:
        words = line.text.split()
        if 1 <= len(words) <= 14 and sum(ch.isalpha() for ch in line.text) >= 6:
            return line.text.rstrip(" .:")
    return None
