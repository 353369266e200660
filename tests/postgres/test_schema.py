"""The schema: migration from an empty database, the Swedish configuration, readers that never migrate."""

from __future__ import annotations

import psycopg
import pytest

from index import IndexNotBuilt, PostgresStore, StoreUnavailable
from index.postgres.schema import MIGRATIONS, SCHEMA_VERSION, migrate, schema_version


def test_migration_from_an_empty_database(database_url):
    with psycopg.connect(database_url, autocommit=True) as conn:
        assert schema_version(conn) == 0
        assert migrate(conn) == SCHEMA_VERSION
        assert migrate(conn) == SCHEMA_VERSION  # a second run applies nothing
        versions = [row[0] for row in conn.execute("SELECT version FROM schema_version ORDER BY version")]
        extensions = {row[0] for row in conn.execute("SELECT extname FROM pg_extension")}
        generation = conn.execute("SELECT generation FROM index_state").fetchone()[0]
    assert versions == list(range(1, SCHEMA_VERSION + 1))
    assert "vector" in extensions
    assert generation == 0


def test_a_version_1_database_gains_the_skipped_list_and_keeps_its_state(database_url):
    """A database an older program migrated: migrations 2 and 3 add page breaks and index_state.skipped, and keep the rest."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE schema_version (version integer PRIMARY KEY, applied timestamptz DEFAULT now())")
        conn.execute(MIGRATIONS[0])
        conn.execute("INSERT INTO schema_version (version) VALUES (1)")
        conn.execute("""UPDATE index_state SET generation = 7, errors = '[{"document": "tom.txt"}]'""")
        assert migrate(conn) == SCHEMA_VERSION == 3
        state = conn.execute("SELECT generation, errors, skipped FROM index_state").fetchone()
    assert state == (7, [{"document": "tom.txt"}], [])


def test_swedish_configuration_stems_compounds(database_url):
    with psycopg.connect(database_url) as conn:
        vector = conn.execute("SELECT to_tsvector('swedish', 'sjukvårdsnämnden')::text").fetchone()[0]
    assert vector == "'sjukvårdsnämnd':1"


def test_readers_never_migrate_and_say_what_to_do(database_url):
    store = PostgresStore(database_url)
    with pytest.raises(IndexNotBuilt, match="python -m assistant ingest"):
        store.snapshot()
    with psycopg.connect(database_url) as conn:
        assert schema_version(conn) == 0


def test_a_newer_schema_is_refused(database_url):
    with psycopg.connect(database_url, autocommit=True) as conn:
        migrate(conn)
        conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (SCHEMA_VERSION + 1,))
        with pytest.raises(StoreUnavailable, match="uppdatera programmet"):
            migrate(conn)


def test_an_unreachable_database_is_a_swedish_error(tmp_path):
    store = PostgresStore(f"postgresql://nobody@/none?host={tmp_path}")
    with pytest.raises(StoreUnavailable, match=r"kunde inte nås.*PA_DATABASE_URL"):
        store.generation()
