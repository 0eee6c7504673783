"""Shared fixtures: real news pages on a local HTTP server, a SQLite file, a PostgreSQL database.

Site-building helpers live in ``tests/sites.py`` (import them as ``from sites import ...``).
"""
from __future__ import annotations

import os
import secrets
import tempfile

import psycopg
import pytest
from psycopg import sql

from newsmon.demo.localsite import LocalSiteServer
from sites import build_outlets, load_corpus, long_bodies

# The suite's caches (topics.embedcache) go to a folder of its own, not the user's cache folder;
# every process a test starts inherits it.
os.environ.setdefault("NEWSMON_CACHE_DIR", tempfile.mkdtemp(prefix="newsmon-test-cache-"))

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


@pytest.fixture(scope="session")
def bodies() -> list[str]:
    """The benchmark bodies of 300 words or more (``sites.long_bodies``)."""
    return long_bodies()


@pytest.fixture(scope="session")
def corpus_pages():
    """The real article pages of ``tests/fixtures/corpus`` (read-only: share across tests)."""
    return load_corpus()


@pytest.fixture
def news_site(corpus_pages):
    """A running :class:`LocalSiteServer` with three outlets made of the corpus pages. Each outlet
    keeps its newest page back for a second round (``outlet.publish(1)``); write a config for the
    site with ``news_site.outlets_yaml(tmp_path)``."""
    with LocalSiteServer(build_outlets(corpus_pages, 3, hold_back=1)) as srv:
        yield srv


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'newsmon.db'}"


@pytest.fixture
def pg_url():
    """A fresh, empty PostgreSQL database on 127.0.0.1:5432, dropped after the test."""
    try:
        admin = psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        why = (f"PostgreSQL unreachable at 127.0.0.1:5432 ({str(exc).strip()}); "
               "start it (.ci/run does) to run this test")
        if os.environ.get("CI"):  # in CI a missing PostgreSQL is a failure, never a skip
            pytest.fail(why)
        pytest.skip(why)
    name = f"newsmon_test_{secrets.token_hex(6)}"
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield PG_URL.format(name=name)
        finally:
            # FORCE: a test that leaked an engine must not leave the database behind.
            drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            admin.execute(drop.format(sql.Identifier(name)))


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_url(request, tmp_path):
    """The same test on both engines: a SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'newsmon.db'}"
    return request.getfixturevalue("pg_url")
