"""Build or refresh the index from a documents folder, re-processing only what changed."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from index.chunking import ChunkingConfig, chunk_document
from index.dense import Embedder, resolve_model
from index.errors import IndexNotBuilt
from index.store import FORMAT_VERSION, REUSABLE_FORMATS, IndexData, build_lock, read_index, remove_leftovers, write_index
from ingest import IngestError, Passage, SkippedEntry, build_corpus, hash_files, scan_folder
from ingest.assignments import match_follow_ups
from ingest.corpus import INGEST_VERSION, CorpusResult

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class FileError:
    """A file that could not be ingested, and why (Swedish, for the user)."""

    document: str
    reason: str
    kept_previous: bool = False

    def explanation(self) -> str:
        """The reason, and whether the previously indexed version is still used."""
        return f"{self.reason} (den tidigare versionen används)" if self.kept_previous else self.reason

    def message(self) -> str:
        return f"{self.document}: {self.explanation()}"


@dataclass
class BuildReport:
    """What an ingest did: per-document outcome, what it did not read and why, passage count and timing.

    ``errors`` are files that could not be read; ``skipped`` the folder's entries that are no
    documents (a subfolder, a link out of the folder). Both stores persist both lists with the index.
    """

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    skipped: list[SkippedEntry] = field(default_factory=list)
    passages: int = 0
    processed: int = 0  # passages of the documents read this time (parsed and chunked; the new ones embedded)
    embedded: int = 0
    seconds: float = 0.0
    rebuilt: bool = False

    @property
    def rate(self) -> float:
        """Passages of the documents read this time, per second of the whole build."""
        return self.processed / self.seconds if self.seconds > 0 else 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.rebuilt)

    def not_ingested(self) -> list[str]:
        """Each unreadable file and skipped entry as "name: reason", in name order (for the CLI and the app)."""
        entries = [(error.document, error.message()) for error in self.errors]
        entries += [(entry.name, entry.message()) for entry in self.skipped]
        return [message for _, message in sorted(entries)]

    def problems(self) -> dict[str, list[dict]]:
        """The unreadable files and skipped entries as JSON-ready lists, as the index stores them."""
        return {"errors": [asdict(error) for error in self.errors], "skipped": [asdict(entry) for entry in self.skipped]}


def build_index(
    documents_dir: Path,
    index_dir: Path,
    model_name: str,
    chunking: ChunkingConfig,
    progress: Progress | None = None,
    embedder: Embedder | None = None,
) -> BuildReport:
    """Bring the index in ``index_dir`` up to date with ``documents_dir``.

    Documents whose bytes, the model and the chunking are unchanged keep their
    passages and vectors; the rest are parsed, chunked and embedded anew. A file
    that cannot be read is reported and, if an earlier version was indexed, that
    version is kept. The new index replaces the old one atomically. One build
    runs per folder at a time; another says so through ``progress`` (with a
    total of 0: a notice, not a step) and waits for it (``build_lock``).
    """
    waiting = (lambda message: progress(message, 0, 0)) if progress else None  # total 0: a notice, not a step
    with build_lock(index_dir, waiting):
        started = time.perf_counter()
        report = BuildReport()
        settings = build_settings(model_name, chunking)
        previous = _reusable_index(index_dir, settings)
        report.rebuilt = previous is None
        previous_docs = previous.documents if previous else {}

        scan = scan_folder(documents_dir)
        report.skipped = list(scan.skipped)
        hashes, unreadable = hash_files(scan.files)
        changed = [name for name, digest in hashes.items() if previous_docs.get(name, {}).get("content_hash") != digest]
        report.unchanged = [name for name in hashes if name not in changed]
        report.removed = sorted(set(previous_docs) - set(hashes) - {error.document for error in unreadable})

        known = _known_vectors(previous)
        model = _lazy_model(embedder, model_name, index_dir)
        tracker = DocumentProgress(progress, {path.name: _size(path) for path in scan.files if path.name in changed})
        parsed, new_passages = [], []
        for name, corpus in _parsed_in_turn(documents_dir, changed):  # a document at a time: progress per document
            tracker.reading(name)
            parsed.append(corpus)
            passages = [p for document in corpus.documents for p in chunk_document(document, chunking)]
            fresh = [passage for passage in passages if passage.id not in known]
            known.update(zip((p.id for p in fresh), _embed(fresh, model), strict=True))
            report.embedded += len(fresh)
            new_passages += passages
            tracker.finished(name, len(passages))
        report.processed = len(new_passages)
        vectors = np.array([known[passage.id] for passage in new_passages], dtype=np.float32)
        parsed = CorpusResult(tuple(d for c in parsed for d in c.documents), tuple(e for c in parsed for e in c.errors))

        documents = {name: previous_docs[name] for name in report.unchanged}
        report.errors = file_errors((*unreadable, *parsed.errors), previous_docs)
        kept_broken = [error.document for error in report.errors if error.kept_previous]
        documents.update({name: previous_docs[name] for name in kept_broken})
        for document in parsed.documents:
            count = sum(1 for p in new_passages if p.doc_id == document.doc_id)
            documents[document.doc_id] = dict(
                asdict(document.meta),
                content_hash=document.content_hash,
                passages=count,
                tables=len(document.tables),
                assignments=sum(1 for record in document.registry if type(record).__name__ == "Assignment"),
                page_count=document.page_count,
            )
            (report.updated if document.doc_id in previous_docs else report.added).append(document.doc_id)

        reused_ids = set(report.unchanged) | set(kept_broken)
        passages, embeddings = _merge(previous, reused_ids, new_passages, vectors)
        tables = [t for t in (previous.tables if previous else []) if t.doc_id in reused_ids]
        tables += [table for document in parsed.documents for table in document.tables]
        tables.sort(key=lambda table: (table.doc_id, table.source_lines))
        registry = [r for r in (previous.registry if previous else []) if r.doc_id in reused_ids]
        registry = list(match_follow_ups([*registry, *(r for document in parsed.documents for r in document.registry)]))
        report.passages = len(passages)
        rewrite = _problems_changed(previous, report) or _older_format(previous) or not (index_dir / "CURRENT").exists()
        if report.changed or rewrite:
            manifest = dict(settings, documents=dict(sorted(documents.items())), **report.problems())
            write_index(index_dir, IndexData(passages, embeddings, manifest, tables, registry))
        else:
            remove_leftovers(index_dir)  # what an earlier, killed build left (write_index does this itself)
        report.seconds = time.perf_counter() - started
        return report


def build_settings(model_name: str, chunking: ChunkingConfig) -> dict:
    """What an index must have been built with to be reused: model and its hash, chunking."""
    _, model_sha = resolve_model(model_name)
    chunking_settings = dict(chunking.to_dict(), ingest_version=INGEST_VERSION)
    return {"model": {"name": model_name, "sha256": model_sha}, "chunking": chunking_settings}


def check_current(data: IndexData, model_name: str, chunking: ChunkingConfig) -> None:
    """Raise IndexNotBuilt if ``data`` was built with another model or chunking than configured."""
    if data.manifest.get("model", {}).get("name") != model_name:
        raise IndexNotBuilt(f"Indexet byggdes med modellen {data.manifest.get('model', {}).get('name')}, inte {model_name}")
    if data.manifest.get("chunking") != dict(chunking.to_dict(), ingest_version=INGEST_VERSION):
        raise IndexNotBuilt("Indexet byggdes med en annan uppdelning av texten")


def _reusable_index(index_dir: Path, settings: dict) -> IndexData | None:
    """The existing index if it is intact and built with the same model and chunking."""
    try:
        data = read_index(index_dir, REUSABLE_FORMATS)
    except IndexNotBuilt as reason:
        log.info("Bygger om indexet: %s", reason)
        return None
    for key, value in settings.items():
        if data.manifest.get(key) != value:
            log.info("Bygger om indexet: %s har ändrats", key)
            return None
    return data


def file_errors(errors: Iterable[IngestError], indexed: Iterable[str]) -> list[FileError]:
    """The report's entry per unreadable file, in name order; an ``indexed`` document keeps its previous version."""
    indexed = set(indexed)
    return [FileError(e.document, e.reason, e.document in indexed) for e in sorted(errors, key=lambda e: e.document)]


def _older_format(previous: IndexData | None) -> bool:
    """Whether the current index is of an older format that this build rewrites (its vectors reused)."""
    return previous is not None and previous.manifest.get("format_version") != FORMAT_VERSION


def _problems_changed(previous: IndexData | None, report: BuildReport) -> bool:
    """Whether the unreadable files or skipped entries differ from what the current index records."""
    if previous is None:
        return True
    problems = report.problems()
    return any(previous.manifest.get(key, []) != value for key, value in problems.items())


def _known_vectors(previous: IndexData | None) -> dict[str, np.ndarray]:
    """Vectors of the previous index by passage id: an edited document re-embeds only its changed passages."""
    if previous is None:
        return {}
    return {passage.id: previous.embeddings[i] for i, passage in enumerate(previous.passages)}


def _parsed_in_turn(documents_dir: Path, names: list[str]) -> Iterator[tuple[str, CorpusResult]]:
    """Each document of ``names`` parsed, in order, the next one parsed in a thread meanwhile.

    Parsing is Python and holds the interpreter; encoding runs in ONNX Runtime, which releases it,
    so the next document's parsing overlaps this one's encoding. One document ahead at most: a
    long ingest never holds more than two parsed documents.
    """
    if not names:
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="parse") as pool:
        pending = pool.submit(build_corpus, documents_dir, [names[0]])
        for position, name in enumerate(names):
            corpus = pending.result()
            if position + 1 < len(names):
                pending = pool.submit(build_corpus, documents_dir, [names[position + 1]])
            yield name, corpus


def _lazy_model(embedder: Embedder | None, model_name: str, index_dir: Path) -> Callable[[], Embedder]:
    """The embedder to use, loaded (its graph kept in ``index_dir``) the first time a passage needs a vector."""
    loaded: list[Embedder] = [embedder] if embedder is not None else []

    def model() -> Embedder:
        if not loaded:
            loaded.append(Embedder(model_name, cache_dir=index_dir))
        return loaded[0]

    return model


def _embed(passages: list[Passage], model: Callable[[], Embedder]) -> np.ndarray:
    """Vectors of ``passages``; the model is loaded only when some need one."""
    if not passages:
        return np.zeros((0, 0), dtype=np.float32)
    return model().encode([passage.index_text for passage in passages])


def _merge(
    previous: IndexData | None, reused: set[str], passages: list[Passage], vectors: np.ndarray
) -> tuple[list[Passage], np.ndarray]:
    """Old passages of reused documents plus the new ones, ordered by document then position."""
    rows: list[tuple[Passage, np.ndarray]] = []
    if previous is not None:
        rows += [(p, previous.embeddings[i]) for i, p in enumerate(previous.passages) if p.doc_id in reused]
    rows += list(zip(passages, vectors, strict=True))
    rows.sort(key=lambda row: (row[0].doc_id, row[0].order))
    if not rows:
        return [], np.zeros((0, 1), dtype=np.float32)
    return [p for p, _ in rows], np.vstack([v for _, v in rows]).astype(np.float32)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


class DocumentProgress:
    """Per-document progress with the time left, for a long ingest (issue 18).

    The time left is the time so far per byte read times the bytes left: documents differ in size
    tenfold, so a count of documents would promise too little after a short one. Each step calls
    ``progress(message, documents done, documents in all)``.
    """

    def __init__(self, progress: Progress | None, sizes: dict[str, int]) -> None:
        self._progress = progress
        self._sizes = sizes
        self._started = time.perf_counter()
        self._done_bytes = 0
        self._done = 0
        self._passages = 0

    def reading(self, name: str) -> None:
        """Announce that ``name`` is being read (and embedded)."""
        if self._progress:
            self._progress(f"Läser {name}", self._done, len(self._sizes))

    def finished(self, name: str, passages: int) -> None:
        """Announce ``name`` done with its passage count, the rate so far and the time left."""
        self._done += 1
        self._done_bytes += self._sizes.get(name, 0)
        self._passages += passages
        if not self._progress:
            return
        elapsed = time.perf_counter() - self._started
        left_bytes = sum(self._sizes.values()) - self._done_bytes
        left = elapsed * left_bytes / self._done_bytes if self._done_bytes else 0.0
        rate = self._passages / elapsed if elapsed > 0 else 0.0
        tail = f"cirka {duration_sv(left)} kvar" if self._done < len(self._sizes) else "alla lästa"
        message = f"Dokument {self._done}/{len(self._sizes)} klart: {name} ({passages} passager, {rate:.0f} passager/s) – {tail}"
        self._progress(message, self._done, len(self._sizes))


def duration_sv(seconds: float) -> str:
    """A duration as a Swedish reader expects it: "45 s", "3 min 5 s", "1 h 2 min".

    >>> duration_sv(185), duration_sv(3720), duration_sv(4.2)
    ('3 min 5 s', '1 h 2 min', '4 s')
    """
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"
