"""A documents folder holding what ingest must name and skip, shared by the ingest, index, CLI, app and PostgreSQL tests.

``add_clutter`` puts real entries next to the documents: a subfolder, a linked folder, links to a
file outside the folder, to nothing and to themselves, a named pipe, a text file of binary bytes,
a hidden file, a hidden folder and the manifest. The expected reasons are written out here, not
imported, so a change of wording in the product fails the tests.
"""

from __future__ import annotations

import os
from pathlib import Path

SECRET = "zebrakod"
"""A word only the files ingest must not read contain: outside the folder, in subfolders, hidden."""

SKIPPED = {
    "arkiv": "undermapp – bara filer direkt i dokumentmappen läses, inte undermappar",
    "lankad-mapp": "länkad mapp – bara filer direkt i dokumentmappen läses, inte undermappar",
    "ror.txt": "ingen vanlig fil (till exempel en namngiven pipe eller en enhet) – bara filer läses",
    "slinga.txt": "trasig symbolisk länk – den pekar på något som inte finns",
    "trasig-lank.txt": "trasig symbolisk länk – den pekar på något som inte finns",
    "utanfor_*hemlig*.txt": (
        "symbolisk länk till en fil utanför dokumentmappen – bara filer i mappen läses; kopiera in filen i stället"
    ),
}
"""Each entry that is no document, by name, with the reason the report gives."""

UNREADABLE_FILES = {
    "binar.txt": "texten kunde inte avkodas (filen innehåller nolltecken: binär fil eller UTF-16?) – spara den som UTF-8",
}
"""Each file that is read and fails, by name, with its reason."""

NOT_REPORTED = (".dold.txt", ".cache", "manifest.toml")
"""Entries that are not documents and not worth a word: hidden ones and the manifest."""


def add_clutter(documents: Path, outside: Path) -> None:
    """Add the entries of SKIPPED, UNREADABLE_FILES and NOT_REPORTED to ``documents``; ``outside`` is a new folder beside it."""
    outside.mkdir()
    (outside / "hemlig.txt").write_text(f"Hemligt\nLösenordet är {SECRET}.\n", encoding="utf-8")
    (outside / "mapp").mkdir()
    (outside / "mapp" / "plan.txt").write_text(f"Länkad plan\nKoden är {SECRET}.\n", encoding="utf-8")

    (documents / "arkiv").mkdir()
    (documents / "arkiv" / "gammal.txt").write_text(f"Arkiverad plan\nKoden är {SECRET}.\n", encoding="utf-8")
    (documents / "lankad-mapp").symlink_to(outside / "mapp", target_is_directory=True)
    (documents / "utanfor_*hemlig*.txt").symlink_to(outside / "hemlig.txt")  # Markdown in a name is shown as typed
    (documents / "trasig-lank.txt").symlink_to(documents / "finns-inte.txt")
    (documents / "slinga.txt").symlink_to(documents / "slinga.txt")
    os.mkfifo(documents / "ror.txt")  # opening it would wait for a writer: ingest must never try
    (documents / "binar.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (documents / ".dold.txt").write_text(f"Dold anteckning\nKoden är {SECRET}.\n", encoding="utf-8")
    (documents / ".cache").mkdir()
    if not (documents / "manifest.toml").exists():
        (documents / "manifest.toml").write_text("# Inga poster: dokumentens titlar tas ur texten.\n", encoding="utf-8")


def skipped_lines() -> list[str]:
    """What ``python -m assistant ingest`` prints for the clutter, in name order."""
    entries = {**SKIPPED, **UNREADABLE_FILES}
    return [f"Hoppade över {name}: {entries[name]}" for name in sorted(entries)]
