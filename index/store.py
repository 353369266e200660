"""Atomic, versioned persistence of the index: JSON and NumPy files, never pickle.

Layout of the index folder::

    CURRENT                  name of the complete version readers use
    v-<time>-<random>/       one complete version
        passages.jsonl       one Passage per line
        tables.jsonl         one parsed Table per line, cells with provenance
        registry.jsonl       assignment registry: boards, målområden, nyckeltal, uppdrag, follow-ups
        embeddings.npy       float32 matrix, one row per passage (memory-mapped when served)
        lexical/words/       BM25 over the passages' stems (bm25s: NumPy postings, JSON vocabulary)
        lexical/ngrams/      BM25 over their character 3–5-grams, the same way
        manifest.json        written last; format, model, chunking, documents, file hashes
    models/                  the embedding model's ONNX graph, one file per model and graph version
                             (index.embedding: about 30 kB, the weights stay in the model package)

A version is written in a temporary folder, renamed into place, and only then
named in CURRENT (replaced atomically). A crash at any point leaves CURRENT
naming a complete version, old or new.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.embedding import CACHE_FOLDER
from index.errors import IndexNotBuilt
from index.lexical import LexicalIndex
from ingest.assignments import Record, record_from_dict
from ingest.models import Passage, Table

FORMAT_VERSION = 4  # 4: the BM25 fields are saved in the version (lexical/)
# Formats whose passages and vectors a build may reuse: a format-3 index is rewritten without re-embedding.
REUSABLE_FORMATS = (3, FORMAT_VERSION)
POINTER = "CURRENT"
LOCK_FILE = ".lock"  # held by the one build running in an index folder (build_lock)
MANIFEST = "manifest.json"
PASSAGES = "passages.jsonl"
TABLES = "tables.jsonl"
REGISTRY = "registry.jsonl"
EMBEDDINGS = "embeddings.npy"
LEXICAL = "lexical"
HASH_BLOCK = 1 << 20  # files are hashed a MiB at a time, never read whole into memory
READ_ATTEMPTS = 5  # reads of a version that a concurrent ingest replaced before a reader gives up


@dataclass
class IndexData:
    """Everything a retriever needs, as read from or written to disk."""

    passages: list[Passage]
    embeddings: np.ndarray
    manifest: dict = field(default_factory=dict)
    tables: list[Table] = field(default_factory=list)
    registry: list[Record] = field(default_factory=list)
    version: Path | None = None  # the folder read from; its saved BM25 fields are loaded from there

    @property
    def documents(self) -> dict[str, dict]:
        """Per document: title, metadata, content hash and passage count."""
        return self.manifest.get("documents", {})


def write_index(index_dir: Path, data: IndexData) -> Path:
    """Write a new version and make it current; returns the version folder."""
    index_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=index_dir))
    try:
        _write_json_lines(staging / PASSAGES, (passage.to_dict() for passage in data.passages))
        _write_json_lines(staging / TABLES, (table.to_dict() for table in data.tables))
        _write_json_lines(staging / REGISTRY, (record.to_dict() for record in data.registry))
        with (staging / EMBEDDINGS).open("wb") as handle:
            np.save(handle, np.ascontiguousarray(data.embeddings, dtype=np.float32), allow_pickle=False)
            _sync(handle)
        LexicalIndex([passage.index_text for passage in data.passages]).save(staging / LEXICAL)
        manifest = dict(data.manifest, format_version=FORMAT_VERSION, written=time.time())
        manifest["files"] = {name: _sha256(staging / name) for name in _data_files(staging)}
        _write_atomic(staging / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        version = index_dir / f"v-{time.strftime('%Y%m%d-%H%M%S')}-{staging.name[5:]}"
        staging.rename(version)
        _write_atomic(index_dir / POINTER, version.name)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _remove_stale_versions(index_dir, keep=version.name)
    return version


def _data_files(version: Path) -> list[str]:
    """Every file of a version but its manifest, as paths relative to it, in name order."""
    files = (path.relative_to(version).as_posix() for path in version.rglob("*") if path.is_file())
    return sorted(name for name in files if name != MANIFEST)


def read_index(index_dir: Path, formats: tuple[int, ...] = (FORMAT_VERSION,)) -> IndexData:
    """The current version, verified; raises IndexNotBuilt if missing, stale or damaged.

    The vectors are memory-mapped (read-only): a serving process holds in memory only the
    pages its searches read. An ingest running meanwhile may remove the version CURRENT
    named a moment ago; the read then starts over on the version that replaced it (the
    mapped files of the old one stay readable until they are closed).
    """
    for _ in range(READ_ATTEMPTS - 1):
        named = _pointer_text(index_dir)
        try:
            return _read_version(current_version(index_dir), formats)
        except (IndexNotBuilt, OSError):
            if _pointer_text(index_dir) == named:
                raise  # not replaced meanwhile: missing or damaged
    return _read_version(current_version(index_dir), formats)


def _pointer_text(index_dir: Path) -> str | None:
    try:
        return (index_dir / POINTER).read_text(encoding="utf-8")
    except OSError:
        return None


def _read_version(version: Path, formats: tuple[int, ...]) -> IndexData:
    """One version folder, verified against its manifest's hashes."""
    manifest = read_manifest(version, formats)
    for name, digest in manifest.get("files", {}).items():
        if not (version / name).exists() or _sha256(version / name) != digest:
            raise IndexNotBuilt(f"Indexfilen {name} är skadad")
    passages, tables, registry = read_passages(version), read_tables(version), read_registry(version)
    embeddings = np.load(version / EMBEDDINGS, allow_pickle=False, mmap_mode="r")
    if len(embeddings) != len(passages):
        raise IndexNotBuilt("Indexet är ofullständigt (antal vektorer och passager skiljer sig)")
    return IndexData(passages, embeddings, manifest, tables, registry, version)


def read_passages(version: Path) -> list[Passage]:
    """A version's passages, in reading order (not verified: ``read_index`` checks the hashes)."""
    return [Passage.from_dict(record) for record in _read_json_lines(version / PASSAGES)]


def read_tables(version: Path) -> list[Table]:
    """A version's parsed tables with their cells."""
    return [Table.from_dict(record) for record in _read_json_lines(version / TABLES)]


def read_registry(version: Path) -> list[Record]:
    """A version's assignment registry."""
    return [record_from_dict(record) for record in _read_json_lines(version / REGISTRY)]


def current_version(index_dir: Path) -> Path:
    """The folder CURRENT names; raises IndexNotBuilt when there is none."""
    pointer = index_dir / POINTER
    if not pointer.exists():
        raise IndexNotBuilt(f"Index saknas i {index_dir}")
    version = index_dir / pointer.read_text(encoding="utf-8").strip()
    if not version.is_dir() or version.parent != index_dir:
        raise IndexNotBuilt(f"Indexversionen som {pointer} pekar på saknas")
    return version


def read_manifest(version: Path, formats: tuple[int, ...] = (FORMAT_VERSION,)) -> dict:
    """A version's manifest, checked for format version (one of ``formats``); raises IndexNotBuilt otherwise."""
    try:
        manifest = json.loads((version / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise IndexNotBuilt(f"Indexets manifest kunde inte läsas ({error.__class__.__name__})") from error
    if manifest.get("format_version") not in formats:
        raise IndexNotBuilt(f"Indexet har formatversion {manifest.get('format_version')}, väntade {FORMAT_VERSION}")
    return manifest


@contextmanager
def build_lock(index_dir: Path, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the index folder's build lock: one build at a time (the CLI's ingest and the app's re-index
    may start together, and each one's cleanup would remove the other's staging folder).

    An exclusive ``flock`` on ``index_dir/.lock``; the system releases it if the process dies.
    Readers never take it: they read whole versions. The holder writes its process id and start
    time into the file; a build that finds the lock taken tells ``on_wait`` who holds it (in
    Swedish, for the user) and then waits for it, instead of waiting silently.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / LOCK_FILE).open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait(_holder_message(handle))
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(json.dumps({"pid": os.getpid(), "started": time.time()}))
            handle.flush()
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _holder_message(handle) -> str:
    """Who holds the build lock, from what the holder wrote into the lock file (it may not have yet)."""
    handle.seek(0)
    try:
        holder = json.loads(handle.read() or "{}")
        since = time.strftime("%H:%M:%S", time.localtime(float(holder["started"])))
        who = f" (process {int(holder['pid'])}, startad {since})"
    except (ValueError, KeyError, TypeError):
        who = ""
    return f"En annan indexering pågår redan i den här indexmappen{who} – väntar tills den är klar …"


def remove_leftovers(index_dir: Path) -> None:
    """Remove what a killed build left behind: versions CURRENT does not name, staging folders, pointer files."""
    _remove_stale_versions(index_dir, keep=current_version(index_dir).name)


def _remove_stale_versions(index_dir: Path, keep: str) -> None:
    """Remove every version but ``keep``, staging folders and pointer or graph files left by a killed build."""
    for entry in index_dir.iterdir():
        if entry.is_dir() and entry.name != keep and entry.name.startswith(("v-", ".tmp-")):
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.is_file() and entry.name.startswith(f".{POINTER}.") and entry.name.endswith(".tmp"):
            entry.unlink(missing_ok=True)
    for entry in (index_dir / CACHE_FOLDER).glob(".*.tmp"):
        entry.unlink(missing_ok=True)


def _write_json_lines(path: Path, records) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        _sync(handle)


def _read_json_lines(path: Path) -> Iterator[dict]:
    """The records of a JSON Lines file, one at a time: the file is never held whole, nor all its dicts at once."""
    if not path.exists():
        raise IndexNotBuilt(f"Indexfilen {path.name} saknas")
    return _records(path)


def _records(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _write_atomic(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(text)
        _sync(handle)
    os.replace(temporary, path)


def _sync(handle) -> None:
    handle.flush()
    os.fsync(handle.fileno())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(HASH_BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()
