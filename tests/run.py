"""Running the real `newsmon` command in a child process, as a user would.

A crawl must run in its own process: Scrapy's reactor cannot be started twice in one process.
"""
from __future__ import annotations

import os
import subprocess
import sys

import sqlalchemy as sa


def newsmon(*args: str, cwd=None, env: dict | None = None, timeout: float = 180,
            input: str | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    full_env.pop("NEWSMON_DATABASE_URL", None) if env is None or "NEWSMON_DATABASE_URL" not in env else None
    return subprocess.run([sys.executable, "-m", "newsmon", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=timeout, input=input)


def rows(db_url: str, query: str, **params) -> list[tuple]:
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(sa.text(query), params)]
    finally:
        engine.dispose()
